#include "tracksload.h"

#include "ais/aiscolumns.h"
#include "commands.h"
#include "io/dbmodule.h"
#include "io/timeparser.h"
#include "summary.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

int64_t sumOf(const TrackLoadResult &r, int64_t LoadReport::*count)
{
    int64_t n = 0;
    for (const LoadReport &report : r.reports)
        n += report.*count;
    return n;
}

int64_t rejectedOf(const TrackLoadResult &r)
{
    int64_t n = 0;
    for (const LoadReport &report : r.reports)
        n += int64_t(report.rejections.size());
    return n;
}

// "line" for text (CSV rows and NMEA lines are line numbers, header = 1), else the
// reader's own word ("feature").
QString rowKey(const LoadReport &report)
{
    return report.rowLabel == QLatin1String("row") ? QStringLiteral("line") : report.rowLabel;
}

QString plural(int64_t n, const char *word)
{
    return Summary::formatCount(n) + QLatin1Char(' ') + QLatin1String(word)
        + (n == 1 ? QString() : QStringLiteral("s"));
}

// The AIS fields a table's columns fed ({"mmsi": "MMSI", "time": "BaseDateTime", ...}),
// decided by the reader's own code from the headers and --field; empty for NMEA logs.
QJsonObject aisMapping(const LoadReport &report, const QStringList &overrides)
{
    QJsonObject o;
    if (report.headers.isEmpty())
        return o;
    ais::AisColumns columns = ais::AisColumns::detect(report.headers);
    for (const QString &assignment : overrides) {
        QString ignored; // the reader refused a bad one already
        columns.applyOverride(assignment, report.headers, &ignored);
    }
    for (int f = 0; f < ais::kAisFieldCount; ++f) {
        const int c = columns.column[size_t(f)];
        if (c >= 0 && c < report.headers.size())
            o.insert(ais::aisFieldKey(ais::AisField(f)), report.headers.at(c));
    }
    return o;
}

} // namespace

bool cli::loadDatabaseTracks(const QString &source, const LoadArgs &load, QTextStream &err,
                             TrackLoadResult *result, int *exitCode)
{
    *exitCode = InputError;
    const QString name = db::display(source);
    const QString table = load.options.layer;
    if (table.isEmpty()) {
        err << "rendezvous: " << name << ": --layer TABLE names the table to read\n";
        *exitCode = Usage;
        return false;
    }
    TrackBuilder builder;
    const uint16_t file = builder.addFile(name);
    db::TrackQuery query;
    query.source = source;
    query.table = table;
    long long rows = 0;
    QString error;
    if (!db::readTracks(query, &builder, file, &rows, &error)) {
        err << "rendezvous: " << name << ": " << error << '\n';
        return false;
    }
    LoadReport report;
    report.file = name;
    report.layer = table;
    report.driver = QStringLiteral("PostgreSQL");
    report.records = report.loaded = rows;
    result->reports = {report};
    result->store = builder.finish();
    if (rows == 0) {
        err << "rendezvous: " << name << ": table " << table << " holds no AIS positions\n";
        return false;
    }
    *exitCode = Ok;
    return true;
}

QJsonObject cli::KindChoice::toJson() const
{
    return {{QStringLiteral("kind"), ais ? QStringLiteral("ais") : QStringLiteral("events")},
            {QStringLiteral("kind_reason"), reason}};
}

QString cli::KindChoice::noteLine(const QStringList &files) const
{
    QStringList named;
    for (const QString &f : files)
        named << (db::isDatabase(f) ? db::display(f) : f);
    return QStringLiteral("rendezvous: note: %1 read as %2 (%3)")
        .arg(named.join(QStringLiteral(", ")),
             ais ? QStringLiteral("AIS positions") : QStringLiteral("transfer events"), reason);
}

cli::KindChoice cli::chooseKind(const QStringList &files, LoadArgs::DataAs as, const QString &layer)
{
    KindChoice k;
    if (as != LoadArgs::DataAs::Auto) {
        k.ais = as == LoadArgs::DataAs::Ais;
        k.reason = k.ais ? QStringLiteral("--as ais") : QStringLiteral("--as events");
        return k;
    }
    k.detected = true;
    QStringList reasons;
    bool allAis = !files.isEmpty();
    for (const QString &file : files) {
        // A database table: an AIS table of the store (mmsi, t, geom) or events, read
        // through GDAL. One that cannot be asked (no such table, no connection) is said
        // in databaseError.
        if (db::isDatabase(file)) {
            db::TableInfo info;
            QString error;
            const bool known = !layer.isEmpty() && db::tableInfo(file, layer, false, &info, &error);
            if (!known && !layer.isEmpty())
                k.databaseError = db::display(file) + QStringLiteral(": ") + error;
            allAis = allAis && known && info.ais;
            if (!(known && info.ais))
                k.eventFiles << db::display(file);
            reasons << (known ? info.reason : QStringLiteral("a database table"));
            continue;
        }
        QString why;
        const aisreader::DataKind kind = aisreader::detect(file, &why);
        allAis =
            allAis && (kind == aisreader::DataKind::Positions || kind == aisreader::DataKind::Nmea);
        if (kind == aisreader::DataKind::Events)
            k.eventFiles << file;
        if (!why.isEmpty())
            reasons << (files.size() == 1
                            ? why
                            : QFileInfo(file).fileName() + QStringLiteral(": ") + why);
        if (kind == aisreader::DataKind::Unknown && why.isEmpty())
            reasons << QStringLiteral("%1: could not tell from its columns")
                           .arg(QFileInfo(file).fileName());
    }
    k.ais = allAis;
    k.reason = reasons.join(QStringLiteral("; "));
    return k;
}

bool cli::loadTracks(const QStringList &files, const LoadArgs &load, QTextStream &err,
                     TrackLoadResult *result, int *exitCode)
{
    *exitCode = InputError;
    if (files.size() == 1 && db::isDatabase(files.constFirst()))
        return loadDatabaseTracks(files.constFirst(), load, err, result, exitCode);
    for (const QString &file : files) {
        if (db::isDatabase(file)) {
            err << "rendezvous: " << db::display(file)
                << ": a database table is read on its own, not with other files\n";
            return false;
        }
        if (!QFileInfo::exists(file)) {
            err << "rendezvous: " << file << ": no such file\n";
            return false;
        }
    }
    *result = aisreader::read(files, load.options);
    for (const LoadReport &report : result->reports) {
        if (!report.ok()) {
            err << "rendezvous: " << report.file << ": " << report.commandLineError() << '\n';
            return false;
        }
    }
    if (!result->error.isEmpty()) {
        // The reader's message names the file when one file was at fault.
        err << "rendezvous: "
            << (files.size() == 1 ? files.constFirst() + QStringLiteral(": ") : QString())
            << result->error << '\n';
        return false;
    }
    if (!result->store || result->store->positionCount() == 0) {
        const int64_t records = sumOf(*result, &LoadReport::records);
        QString first;
        for (const LoadReport &report : result->reports) {
            if (!report.rejections.empty()) {
                first = QStringLiteral("; %1 %2 %3: %4")
                            .arg(QFileInfo(report.file).fileName(),
                                 report.rowLabel == QLatin1String("row") ? QStringLiteral("line")
                                                                         : report.rowLabel)
                            .arg(report.rejections.front().row)
                            .arg(report.rejections.front().reason);
                break;
            }
        }
        err << "rendezvous: " << files.join(QStringLiteral(", ")) << ": no AIS positions loaded ("
            << plural(records, "record") << " read, " << Summary::formatCount(rejectedOf(*result))
            << " rejected" << first << ")\n";
        return false;
    }
    *exitCode = Ok;
    return true;
}

QJsonObject cli::tracksJson(const TrackLoadResult &result, const TrackSummary &summary,
                            const LoadArgs &load, const KindChoice &kind)
{
    QJsonObject o = kind.toJson();
    const QJsonObject s = summary.toJson();
    for (auto it = s.begin(); it != s.end(); ++it)
        o.insert(it.key(), it.value());
    o.insert(QStringLiteral("records"), qint64(sumOf(result, &LoadReport::records)));
    o.insert(QStringLiteral("rejected"), qint64(rejectedOf(result)));
    // The store's count: the reports' "loaded" are what each file gave, which must add
    // up to it (checked by the tests, not assumed here).
    o.insert(QStringLiteral("loaded"), qint64(summary.loaded));
    QJsonArray files, mapping, notes, warnings, rejections;
    for (const LoadReport &report : result.reports) {
        files.append(QJsonObject {
            {QStringLiteral("file"), report.file},
            {QStringLiteral("driver"), report.driver},
            {QStringLiteral("records"), qint64(report.records)},
            {QStringLiteral("loaded"), qint64(report.loaded)},
            {QStringLiteral("rejected"), qint64(report.rejections.size())},
        });
        mapping.append(QJsonObject {
            {QStringLiteral("file"), report.file},
            {QStringLiteral("columns"), aisMapping(report, load.options.fieldOverrides)}});
        for (const QString &n : report.notes)
            notes.append(
                QJsonObject {{QStringLiteral("file"), report.file}, {QStringLiteral("note"), n}});
        for (auto it = report.warnings.cbegin(); it != report.warnings.cend(); ++it) {
            QJsonArray rows;
            for (uint32_t r : it.value())
                rows.append(qint64(r));
            warnings.append(QJsonObject {{QStringLiteral("file"), report.file},
                                         {QStringLiteral("message"), it.key()},
                                         {QStringLiteral("count"), qint64(it.value().size())},
                                         {rowKey(report) + QLatin1Char('s'), rows}});
        }
        const QString key = rowKey(report);
        for (const Rejection &r : report.rejections)
            rejections.append(QJsonObject {{QStringLiteral("file"), report.file},
                                           {key, qint64(r.row)},
                                           {QStringLiteral("reason"), r.reason}});
    }
    o.insert(QStringLiteral("files"), files);
    o.insert(QStringLiteral("mapping"), mapping);
    o.insert(QStringLiteral("notes"), notes);
    o.insert(QStringLiteral("warnings"), warnings);
    o.insert(QStringLiteral("rejections"), rejections);
    o.insert(QStringLiteral("sentences"),
             QJsonObject {{QStringLiteral("read"), qint64(result.sentences.read)},
                          {QStringLiteral("ais"), qint64(result.sentences.ais)},
                          {QStringLiteral("other"), qint64(result.sentences.other)},
                          {QStringLiteral("bad_checksum"), qint64(result.sentences.badChecksum)}});
    o.insert(QStringLiteral("filters"), load.filterJson());
    return o;
}

void cli::printTracks(QTextStream &out, const TrackLoadResult &result, const TrackSummary &sum,
                      const LoadArgs &load)
{
    for (const LoadReport &report : result.reports) {
        out << report.file << " (" << report.driver << ")\n";
        out << "  records:    " << Summary::formatCount(report.records) << " read, "
            << Summary::formatCount(report.loaded) << " loaded, "
            << Summary::formatCount(int64_t(report.rejections.size())) << " rejected\n";
        // The reader's notes say which columns fed which field ("columns: mmsi <- MMSI").
        for (const QString &n : report.notes)
            out << "  note:       " << n << '\n';
        for (const QString &w : report.warningLines())
            out << "  warning:    " << w << '\n';
        if (!report.rejections.empty()) {
            const QString label = rowKey(report);
            out << "  rejected " << label << "s:\n";
            for (const Rejection &r : report.rejections)
                out << "    " << label << ' ' << r.row << ": " << r.reason << '\n';
        }
    }
    const SentenceCounts &sc = result.sentences;
    if (sc.read > 0)
        out << "sentences:    " << Summary::formatCount(sc.read) << " read, "
            << Summary::formatCount(sc.ais) << " AIS, " << Summary::formatCount(sc.other)
            << " other, " << Summary::formatCount(sc.badChecksum) << " bad checksum\n";
    if (!load.trackFilter().isEmpty()) {
        QStringList f;
        const QJsonObject fj = load.filterJson();
        for (auto it = fj.begin(); it != fj.end(); ++it)
            f << it.key() + QLatin1Char(' ')
                    + (it.value().isArray() ? QString::fromUtf8(
                           QJsonDocument(it.value().toArray()).toJson(QJsonDocument::Compact))
                                            : it.value().toString());
        out << "filters:      " << f.join(QStringLiteral(", ")) << '\n';
        out << "positions:    " << Summary::formatCount(sum.positions) << " of "
            << Summary::formatCount(sum.loaded) << " match ("
            << plural(sum.matchingVessels, "vessel") << ", "
            << plural(sum.matchingSegments, "segment") << ")\n";
    } else {
        out << "positions:    " << Summary::formatCount(sum.loaded) << '\n';
    }
    out << "vessels:      " << Summary::formatCount(sum.vessels) << " ("
        << plural(sum.segments, "segment") << ")\n";
    if (sum.first)
        out << "time:         " << timeparse::toIso(*sum.first) << " – "
            << timeparse::toIso(*sum.last) << '\n';
    if (sum.bbox)
        out << "area:         W " << QString::number(sum.bbox->west, 'g', 10) << ", S "
            << QString::number(sum.bbox->south, 'g', 10) << ", E "
            << QString::number(sum.bbox->east, 'g', 10) << ", N "
            << QString::number(sum.bbox->north, 'g', 10) << '\n';
}

int cli::runTracks(const QStringList &files, const LoadArgs &load, bool json,
                   const KindChoice &kind)
{
    QTextStream err(stderr);
    if (!json && kind.detected)
        err << kind.noteLine(files) << '\n';
    err.flush();
    TrackLoadResult result;
    int code = Ok;
    if (!loadTracks(files, load, err, &result, &code))
        return code;
    const TrackSummary sum = TrackSummary::compute(*result.store, load.trackFilter());
    QTextStream out(stdout);
    if (json)
        out << QJsonDocument(tracksJson(result, sum, load, kind)).toJson(QJsonDocument::Indented);
    else
        printTracks(out, result, sum, load);
    return Ok;
}
