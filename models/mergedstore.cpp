#include "mergedstore.h"

#include <string>

std::shared_ptr<EventStore> mergedstore::merge(const std::vector<Part> &parts)
{
    QStringList names;
    for (const Part &p : parts) {
        for (const QString &n : p.store->extraNames()) {
            if (!names.contains(n))
                names << n;
        }
    }
    // A source's own column of that name stays its own.
    QString fileColumn = kSourceFileColumn;
    for (int i = 2; names.contains(fileColumn); ++i)
        fileColumn = kSourceFileColumn + QLatin1Char('_') + QString::number(i);
    names << fileColumn;

    auto out = std::make_shared<EventStore>(names);
    size_t total = 0;
    for (const Part &p : parts)
        total += p.store->size();
    out->reserve(total);

    std::vector<std::string_view> extras(size_t(names.size()));
    for (const Part &p : parts) {
        const EventStore &s = *p.store;
        const std::string file = p.name.toStdString();
        // Where each of the output's extra columns is in this source (-1: not there).
        std::vector<int> from(size_t(names.size()), -1);
        for (int c = 0; c < s.extraNames().size(); ++c)
            from[size_t(names.indexOf(s.extraNames().at(c)))] = c;
        extras.back() = file;
        for (size_t r = 0; r < s.size(); ++r) {
            EventStore::RowInput row;
            row.id = s.textView(Field::Id, r);
            row.start = s.start(r);
            row.end = s.end(r);
            row.lat = s.lat(r);
            row.lon = s.lon(r);
            row.volume = s.volume(r);
            row.aName = s.textView(Field::VesselAName, r);
            row.aImo = s.textView(Field::VesselAImo, r);
            row.aMmsi = s.textView(Field::VesselAMmsi, r);
            row.aFlag = s.textView(Field::VesselAFlag, r);
            row.bName = s.textView(Field::VesselBName, r);
            row.bImo = s.textView(Field::VesselBImo, r);
            row.bMmsi = s.textView(Field::VesselBMmsi, r);
            row.bFlag = s.textView(Field::VesselBFlag, r);
            row.cargo = s.textView(Field::Cargo, r);
            row.confidence = s.textView(Field::Confidence, r);
            row.source = s.textView(Field::Source, r);
            row.notes = s.textView(Field::Notes, r);
            row.sourceRow = s.sourceRow(r);
            row.flags = s.flags(r);
            for (size_t c = 0; c + 1 < extras.size(); ++c)
                extras[c] = from[c] < 0 ? std::string_view() : s.extraView(from[c], r);
            out->append(row, extras.data());
        }
    }
    return out;
}
