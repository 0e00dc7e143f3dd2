#pragma once

#include <QPointF>
#include <QStringList>

#include <vector>

namespace network {
struct VesselNetwork;
}

// The subcommands that work without a display. Each takes the arguments after its
// name and returns the process exit code:
//   0 success, 1 bad arguments, 2 input could not be read, 3 output could not be written.
namespace cli {
enum ExitCode { Ok = 0, Usage = 1, InputError = 2, OutputError = 3 };

int info(const QStringList &args);
// AIS position reports into vessel tracks: a summary, or --json.
int tracks(const QStringList &args);
int convert(const QStringList &args);
// Encounters, loitering, AIS gaps and identity anomalies found in AIS positions.
int detect(const QStringList &args);
// Who met whom: the vessel network of the matching events, its figures, GraphML / GEXF.
int network(const QStringList &args);
// Draws the network (.svg, .png) for `network -o`: the GUI module sets it before running
// `network` there (main() sends a picture's `network` to it); the command line alone
// has none and refuses pictures. title: the picture's heading.
using NetworkPictureWriter = bool (*)(const network::VesselNetwork &net,
                                      const std::vector<QPointF> &positions, const QString &title,
                                      const QString &path, bool overwrite, QString *error);
void setNetworkPictureWriter(NetworkPictureWriter writer);
// Whether OUT names a picture `network -o` draws (.svg, .png).
bool isNetworkPicture(const QString &path);
// Lives in the GUI module with the map renderer and needs a QGuiApplication (fonts),
// which the module's entry point makes, offscreen when there is no display.
int render(const QStringList &args);
// A PDF dossier per vessel (issue 19); in the GUI module too (it paints the map).
int dossier(const QStringList &args);
// True when args[0] names a headless subcommand (info, tracks, detect, network, convert); runs it
// and sets *exitCode. `render` is started by main() through the GUI module.
bool dispatch(const QStringList &args, int *exitCode);
QString usage();
} // namespace cli
