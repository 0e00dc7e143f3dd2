#include "exportargs.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>

void ExportArgs::addTo(QCommandLineParser &parser)
{
    parser.addOptions({m_settings, m_title, m_subtitle, m_size, m_paper, m_landscape, m_dpi,
                       m_decorations, m_fit});
}

QString ExportArgs::defaultDecorations()
{
    return QStringLiteral("title,subtitle,filters,legend,scale,graticule,attribution");
}

bool ExportArgs::parseDecorations(const QString &list, ExportSettings::Decorations *out,
                                  QString *error)
{
    ExportSettings::Decorations d;
    const auto all = [&d](bool on) {
        d.title = d.subtitle = d.filters = d.legend = d.scaleBar = d.northArrow = d.graticule =
            d.inset = d.attribution = d.exportTime = on;
    };
    all(false);
    const QHash<QString, bool ExportSettings::Decorations::*> names {
        {QStringLiteral("title"), &ExportSettings::Decorations::title},
        {QStringLiteral("subtitle"), &ExportSettings::Decorations::subtitle},
        {QStringLiteral("filters"), &ExportSettings::Decorations::filters},
        {QStringLiteral("legend"), &ExportSettings::Decorations::legend},
        {QStringLiteral("scale"), &ExportSettings::Decorations::scaleBar},
        {QStringLiteral("north"), &ExportSettings::Decorations::northArrow},
        {QStringLiteral("graticule"), &ExportSettings::Decorations::graticule},
        {QStringLiteral("inset"), &ExportSettings::Decorations::inset},
        {QStringLiteral("attribution"), &ExportSettings::Decorations::attribution},
        {QStringLiteral("time"), &ExportSettings::Decorations::exportTime},
    };
    for (const QString &raw : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = raw.trimmed().toLower();
        if (name == QLatin1String("all")) {
            all(true);
        } else if (name == QLatin1String("none")) {
            all(false);
        } else if (names.contains(name)) {
            d.*names.value(name) = true;
        } else {
            *error = QStringLiteral("--decorations: unknown decoration '%1'").arg(raw.trimmed());
            return false;
        }
    }
    *out = d;
    return true;
}

bool ExportArgs::read(const QCommandLineParser &parser, const QString &output,
                      ExportSettings *settings, QString *error, const ExportSettings *base) const
{
    ExportSettings s;
    // Without settings from a project or a file, the window's decorations (and a title
    // when given).
    if (base)
        s = *base;
    else
        parseDecorations(defaultDecorations(), &s.decorations, error);
    if (parser.isSet(m_settings)) {
        const QString path = parser.value(m_settings);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            *error =
                QStringLiteral("--export-settings: cannot read %1: %2").arg(path, f.errorString());
            return false;
        }
        QJsonParseError jsonError;
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &jsonError);
        if (!doc.isObject()) {
            *error = QStringLiteral("--export-settings: %1 is not a JSON object (%2)")
                         .arg(path, jsonError.errorString());
            return false;
        }
        if (!ExportSettings::fromJson(doc.object(), &s, error)) {
            *error = QStringLiteral("--export-settings: %1: %2").arg(path, *error);
            return false;
        }
    }
    const auto format = ExportSettings::formatFromName(QFileInfo(output).suffix());
    if (!format) {
        *error = QStringLiteral("cannot write files of type '%1' (use .png, .jpg, .pdf, .svg "
                                "or .tif)")
                     .arg(QFileInfo(output).suffix());
        return false;
    }
    s.format = *format;
    if (parser.isSet(m_title))
        s.title = parser.value(m_title);
    if (parser.isSet(m_subtitle))
        s.subtitle = parser.value(m_subtitle);
    if (parser.isSet(m_size) && parser.isSet(m_paper)) {
        *error = QStringLiteral("--size and --paper exclude each other");
        return false;
    }
    if (parser.isSet(m_size)) {
        static const QRegularExpression re(
            QStringLiteral("^\\s*(\\d{1,5})\\s*[xX]\\s*(\\d{1,5})\\s*$"));
        const QRegularExpressionMatch m = re.match(parser.value(m_size));
        const QSize size =
            m.hasMatch() ? QSize(m.captured(1).toInt(), m.captured(2).toInt()) : QSize();
        if (size.width() < ExportSettings::kMinSide || size.height() < ExportSettings::kMinSide
            || size.width() > ExportSettings::kMaxSide
            || size.height() > ExportSettings::kMaxSide) {
            *error = QStringLiteral("--size must be WxH with sides from %1 to %2, not '%3'")
                         .arg(ExportSettings::kMinSide)
                         .arg(ExportSettings::kMaxSide)
                         .arg(parser.value(m_size));
            return false;
        }
        s.sizeMode = ExportSettings::SizeMode::Pixels;
        s.pixelSize = size;
    }
    if (parser.isSet(m_paper)) {
        const auto paper = ExportSettings::paperFromName(parser.value(m_paper));
        if (!paper) {
            *error = QStringLiteral("--paper must be A4, A3 or Letter, not '%1'")
                         .arg(parser.value(m_paper));
            return false;
        }
        s.sizeMode = ExportSettings::SizeMode::Paper;
        s.paper = *paper;
        s.landscape = parser.isSet(m_landscape);
        if (!parser.isSet(m_dpi) && !parser.isSet(m_settings) && !base)
            s.dpi = 300;
    } else if (parser.isSet(m_landscape)) {
        s.landscape = true;
    }
    if (parser.isSet(m_dpi)) {
        bool ok = false;
        s.dpi = parser.value(m_dpi).toInt(&ok);
        if (!ok) {
            *error =
                QStringLiteral("--dpi must be a whole number, not '%1'").arg(parser.value(m_dpi));
            return false;
        }
    }
    if (parser.isSet(m_decorations)
        && !parseDecorations(parser.value(m_decorations), &s.decorations, error))
        return false;
    if (parser.isSet(m_fit))
        s.fitToEvents = true;
    if (!s.validate(error))
        return false;
    *settings = s;
    return true;
}
