#pragma once

#include "exportsettings.h"

#include <QCommandLineParser>

// The export options of `rendezvous render`, read into an ExportSettings (the format
// from -o's suffix): --export-settings FILE.json (what the export dialog or a project
// holds), then --title, --subtitle, --size WxH | --paper A4|A3|Letter [--landscape],
// --dpi N, --decorations LIST and --fit over it.
class ExportArgs
{
public:
    void addTo(QCommandLineParser &parser);
    // False with a message when a value is malformed or out of range.
    // base: the settings to start from (a project's); without one, the window's
    // decorations. --export-settings and the other options apply on top.
    bool read(const QCommandLineParser &parser, const QString &output, ExportSettings *settings,
              QString *error, const ExportSettings *base = nullptr) const;
    // "title,subtitle,legend,scale,graticule,attribution": what the window shows, plus
    // a title when one is given.
    static QString defaultDecorations();
    static bool parseDecorations(const QString &list, ExportSettings::Decorations *out,
                                 QString *error);
    bool fitGiven(const QCommandLineParser &parser) const { return parser.isSet(m_fit); }

private:
    QCommandLineOption m_settings {QStringLiteral("export-settings"),
                                   QStringLiteral("Export settings (JSON, as the export dialog "
                                                  "saves them) to start from."),
                                   QStringLiteral("FILE")};
    QCommandLineOption m_title {QStringLiteral("title"), QStringLiteral("Title above the map."),
                                QStringLiteral("T")};
    QCommandLineOption m_subtitle {QStringLiteral("subtitle"),
                                   QStringLiteral("Subtitle under the title."),
                                   QStringLiteral("S")};
    QCommandLineOption m_size {QStringLiteral("size"),
                               QStringLiteral("Image size in pixels (default 1600x1000)."),
                               QStringLiteral("WxH")};
    QCommandLineOption m_paper {QStringLiteral("paper"),
                                QStringLiteral("Paper size instead of --size: A4, A3 or Letter "
                                               "(portrait unless --landscape)."),
                                QStringLiteral("P")};
    QCommandLineOption m_landscape {QStringLiteral("landscape"),
                                    QStringLiteral("Paper in landscape orientation.")};
    QCommandLineOption m_dpi {QStringLiteral("dpi"),
                              QStringLiteral("Resolution and scale of text and markers (default "
                                             "96 with --size, 300 with --paper)."),
                              QStringLiteral("N")};
    QCommandLineOption m_fit {QStringLiteral("fit"),
                              QStringLiteral("Fit the map to the filtered events (a margin "
                                             "around them, at least 50 km across), as the "
                                             "export dialog's \"Fit to the filtered events\"; "
                                             "with --project, instead of its view.")};
    QCommandLineOption m_decorations {
        QStringLiteral("decorations"),
        QStringLiteral("What to draw besides the map, comma-separated: title, subtitle, "
                       "filters, legend, scale, north, graticule, inset, attribution, time; or "
                       "all, none (default %1).")
            .arg(defaultDecorations()),
        QStringLiteral("LIST")};
};
