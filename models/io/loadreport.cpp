#include "loadreport.h"

#include <QJsonArray>

namespace {
QString rowList(const std::vector<uint32_t> &rows, int limit)
{
    QStringList parts;
    for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(limit); ++i)
        parts << QString::number(rows[i]);
    if (rows.size() > static_cast<size_t>(limit))
        parts << QStringLiteral("… %1 more").arg(rows.size() - static_cast<size_t>(limit));
    return parts.join(QStringLiteral(", "));
}
} // namespace

QString nameList(const QStringList &names, int limit)
{
    if (names.size() <= limit)
        return names.join(QStringLiteral(", "));
    return names.mid(0, limit).join(QStringLiteral(", "))
        + QStringLiteral(", … and %L1 more").arg(names.size() - limit);
}

QString LoadReport::commandLineError() const
{
    if (unmappedFields.isEmpty())
        return error;
    QStringList options;
    for (const QString &key : unmappedFields)
        options << QStringLiteral("--field %1=COLUMN").arg(key);
    return QStringLiteral("%1; name %2 with %3")
        .arg(error, unmappedFields.size() == 1 ? QStringLiteral("it") : QStringLiteral("them"),
             options.join(QLatin1Char(' ')));
}

QStringList LoadReport::warningLines() const
{
    QStringList lines;
    for (auto it = warnings.cbegin(); it != warnings.cend(); ++it) {
        lines << QStringLiteral("%1 (%2 %3%4: %5)")
                     .arg(it.key())
                     .arg(it.value().size())
                     .arg(rowLabel)
                     .arg(it.value().size() == 1 ? QString() : QStringLiteral("s"))
                     .arg(rowList(it.value(), 20));
    }
    return lines;
}

QJsonObject LoadReport::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("file"), file);
    o.insert(QStringLiteral("driver"), driver);
    if (!layer.isEmpty())
        o.insert(QStringLiteral("layer"), layer);
    // "row" numbers are lines of a text table (header = 1) or OGR feature ids.
    o.insert(QStringLiteral("row_kind"),
             rowLabel == QLatin1String("row") ? QStringLiteral("line") : rowLabel);
    o.insert(QStringLiteral("records"), static_cast<qint64>(records));
    o.insert(QStringLiteral("loaded"), static_cast<qint64>(loaded));
    o.insert(QStringLiteral("rejected"), static_cast<qint64>(rejections.size()));
    o.insert(QStringLiteral("duplicates"), static_cast<qint64>(duplicates));
    o.insert(QStringLiteral("duplicates_removed"), duplicatesRemoved);
    o.insert(QStringLiteral("mapping"), mapping.toJson(headers));
    o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));
    QJsonArray w;
    for (auto it = warnings.cbegin(); it != warnings.cend(); ++it) {
        QJsonArray rows;
        for (uint32_t r : it.value())
            rows.append(static_cast<qint64>(r));
        w.append(QJsonObject {{QStringLiteral("message"), it.key()},
                              {QStringLiteral("count"), static_cast<qint64>(it.value().size())},
                              {QStringLiteral("rows"), rows}});
    }
    o.insert(QStringLiteral("warnings"), w);
    QJsonArray rej;
    for (const Rejection &r : rejections)
        rej.append(QJsonObject {{QStringLiteral("row"), static_cast<qint64>(r.row)},
                                {QStringLiteral("reason"), r.reason}});
    o.insert(QStringLiteral("rejections"), rej);
    return o;
}
