#include "exportsettings.h"

#include <cmath>
#include <utility>

namespace {
const char *const kFormats[] = {"png", "jpg", "pdf", "svg", "tif"};
const char *const kPapers[] = {"A4", "A3", "Letter"};

// The decoration toggles and their JSON keys, in one table for both directions.
struct DecorationKey
{
    const char *key;
    bool ExportSettings::Decorations::*member;
};
const DecorationKey kDecorationKeys[] = {
    {"title", &ExportSettings::Decorations::title},
    {"subtitle", &ExportSettings::Decorations::subtitle},
    {"filters", &ExportSettings::Decorations::filters},
    {"legend", &ExportSettings::Decorations::legend},
    {"scaleBar", &ExportSettings::Decorations::scaleBar},
    {"northArrow", &ExportSettings::Decorations::northArrow},
    {"graticule", &ExportSettings::Decorations::graticule},
    {"inset", &ExportSettings::Decorations::inset},
    {"attribution", &ExportSettings::Decorations::attribution},
    {"exportTime", &ExportSettings::Decorations::exportTime},
};

bool readInt(const QJsonObject &json, const char *key, int *out, QString *error)
{
    const QJsonValue v = json.value(QLatin1String(key));
    if (v.isUndefined())
        return true;
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || d != std::floor(d) || std::abs(d) > 1e9) {
        *error =
            QStringLiteral("export settings: '%1' must be a whole number").arg(QLatin1String(key));
        return false;
    }
    *out = int(d);
    return true;
}

bool readString(const QJsonObject &json, const char *key, QString *out, QString *error)
{
    const QJsonValue v = json.value(QLatin1String(key));
    if (v.isUndefined())
        return true;
    if (!v.isString()) {
        *error = QStringLiteral("export settings: '%1' must be text").arg(QLatin1String(key));
        return false;
    }
    *out = v.toString();
    return true;
}

bool readBool(const QJsonObject &json, const char *key, bool *out, QString *error)
{
    const QJsonValue v = json.value(QLatin1String(key));
    if (v.isUndefined())
        return true;
    if (!v.isBool()) {
        *error =
            QStringLiteral("export settings: '%1' must be true or false").arg(QLatin1String(key));
        return false;
    }
    *out = v.toBool();
    return true;
}
} // namespace

bool ExportSettings::Decorations::operator==(const Decorations &o) const
{
    for (const DecorationKey &d : kDecorationKeys)
        if (this->*d.member != o.*d.member)
            return false;
    return true;
}

bool ExportSettings::operator==(const ExportSettings &o) const
{
    return format == o.format && sizeMode == o.sizeMode && pixelSize == o.pixelSize
        && paper == o.paper && landscape == o.landscape && dpi == o.dpi && title == o.title
        && subtitle == o.subtitle && decorations == o.decorations
        && drawSelection == o.drawSelection && fitToEvents == o.fitToEvents;
}

QSizeF ExportSettings::paperMillimetres() const
{
    QSizeF mm;
    switch (paper) {
    case Paper::A4:
        mm = QSizeF(210, 297);
        break;
    case Paper::A3:
        mm = QSizeF(297, 420);
        break;
    case Paper::Letter:
        mm = QSizeF(215.9, 279.4);
        break;
    }
    return landscape ? mm.transposed() : mm;
}

QSize ExportSettings::outputPixels() const
{
    if (sizeMode == SizeMode::Pixels)
        return pixelSize;
    const QSizeF mm = paperMillimetres();
    return QSize(int(std::lround(mm.width() / 25.4 * dpi)),
                 int(std::lround(mm.height() / 25.4 * dpi)));
}

QSizeF ExportSettings::logicalSize() const
{
    const QSize px = outputPixels();
    return QSizeF(px.width() / scale(), px.height() / scale());
}

bool ExportSettings::validate(QString *error) const
{
    if (dpi < kMinDpi || dpi > kMaxDpi) {
        *error = QStringLiteral("the DPI must be from %1 to %2, not %3")
                     .arg(kMinDpi)
                     .arg(kMaxDpi)
                     .arg(dpi);
        return false;
    }
    const QSize px = outputPixels();
    if (px.width() < kMinSide || px.height() < kMinSide || px.width() > kMaxSide
        || px.height() > kMaxSide) {
        *error = QStringLiteral("the image must be from %1 to %2 pixels a side, not %3x%4")
                     .arg(kMinSide)
                     .arg(kMaxSide)
                     .arg(px.width())
                     .arg(px.height());
        return false;
    }
    return true;
}

QString ExportSettings::formatName(Format format)
{
    return QLatin1String(kFormats[int(format)]);
}

std::optional<ExportSettings::Format> ExportSettings::formatFromName(const QString &nameOrSuffix)
{
    const QString n = nameOrSuffix.toLower();
    if (n == QLatin1String("jpeg"))
        return Format::Jpeg;
    if (n == QLatin1String("tiff") || n == QLatin1String("geotiff"))
        return Format::GeoTiff;
    for (int i = 0; i < 5; ++i)
        if (n == QLatin1String(kFormats[i]))
            return Format(i);
    return std::nullopt;
}

QString ExportSettings::paperName(Paper paper)
{
    return QLatin1String(kPapers[int(paper)]);
}

std::optional<ExportSettings::Paper> ExportSettings::paperFromName(const QString &name)
{
    for (int i = 0; i < 3; ++i)
        if (name.compare(QLatin1String(kPapers[i]), Qt::CaseInsensitive) == 0)
            return Paper(i);
    return std::nullopt;
}

QJsonObject ExportSettings::toJson() const
{
    QJsonObject decos;
    for (const DecorationKey &d : kDecorationKeys)
        decos.insert(QLatin1String(d.key), decorations.*d.member);
    return QJsonObject {
        {QStringLiteral("format"), formatName(format)},
        {QStringLiteral("size"),
         sizeMode == SizeMode::Pixels ? QStringLiteral("pixels") : QStringLiteral("paper")},
        {QStringLiteral("width"), pixelSize.width()},
        {QStringLiteral("height"), pixelSize.height()},
        {QStringLiteral("paper"), paperName(paper)},
        {QStringLiteral("orientation"),
         landscape ? QStringLiteral("landscape") : QStringLiteral("portrait")},
        {QStringLiteral("dpi"), dpi},
        {QStringLiteral("title"), title},
        {QStringLiteral("subtitle"), subtitle},
        {QStringLiteral("decorations"), decos},
        {QStringLiteral("selection"), drawSelection},
        {QStringLiteral("fitToEvents"), fitToEvents},
    };
}

bool ExportSettings::fromJson(const QJsonObject &json, ExportSettings *out, QString *error)
{
    QString why;
    ExportSettings s; // filled completely before *out is touched
    QString text;
    if (!readString(json, "format", &text, &why))
        return *error = why, false;
    if (!text.isEmpty()) {
        const auto f = formatFromName(text);
        if (!f)
            return *error = QStringLiteral("export settings: unknown format '%1'").arg(text), false;
        s.format = *f;
    }
    text.clear();
    if (!readString(json, "size", &text, &why))
        return *error = why, false;
    if (text == QLatin1String("paper"))
        s.sizeMode = SizeMode::Paper;
    else if (!text.isEmpty() && text != QLatin1String("pixels"))
        return *error = QStringLiteral("export settings: 'size' must be pixels or paper, not '%1'")
                            .arg(text),
               false;
    int w = s.pixelSize.width(), h = s.pixelSize.height();
    if (!readInt(json, "width", &w, &why) || !readInt(json, "height", &h, &why)
        || !readInt(json, "dpi", &s.dpi, &why))
        return *error = why, false;
    s.pixelSize = QSize(w, h);
    text.clear();
    if (!readString(json, "paper", &text, &why))
        return *error = why, false;
    if (!text.isEmpty()) {
        const auto p = paperFromName(text);
        if (!p)
            return *error = QStringLiteral("export settings: unknown paper '%1'").arg(text), false;
        s.paper = *p;
    }
    text.clear();
    if (!readString(json, "orientation", &text, &why))
        return *error = why, false;
    if (text == QLatin1String("portrait"))
        s.landscape = false;
    else if (!text.isEmpty() && text != QLatin1String("landscape"))
        return *error = QStringLiteral("export settings: 'orientation' must be portrait or "
                                       "landscape, not '%1'")
                            .arg(text),
               false;
    if (!readString(json, "title", &s.title, &why)
        || !readString(json, "subtitle", &s.subtitle, &why))
        return *error = why, false;
    if (!readBool(json, "selection", &s.drawSelection, &why)
        || !readBool(json, "fitToEvents", &s.fitToEvents, &why))
        return *error = why, false;
    const QJsonValue decos = json.value(QLatin1String("decorations"));
    if (!decos.isUndefined() && !decos.isObject())
        return *error = QStringLiteral("export settings: 'decorations' must be an object"), false;
    const QJsonObject d = decos.toObject();
    for (const DecorationKey &k : kDecorationKeys) {
        const QJsonValue v = d.value(QLatin1String(k.key));
        if (v.isUndefined())
            continue;
        if (!v.isBool())
            return *error = QStringLiteral("export settings: decoration '%1' must be true or false")
                                .arg(QLatin1String(k.key)),
                   false;
        s.decorations.*k.member = v.toBool();
    }
    if (s.pixelSize.width() < kMinSide || s.pixelSize.height() < kMinSide
        || s.pixelSize.width() > kMaxSide || s.pixelSize.height() > kMaxSide)
        return *error = QStringLiteral("export settings: width and height must be from %1 to %2")
                            .arg(kMinSide)
                            .arg(kMaxSide),
               false;
    if (!s.validate(&why))
        return *error = QStringLiteral("export settings: ") + why, false;
    *out = std::move(s);
    return true;
}
