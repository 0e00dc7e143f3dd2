#pragma once

#include "vesselnetwork.h"

#include <QPointF>
#include <QString>

#include <optional>

#include <vector>

class QIODevice;

// The vessel network as files that Gephi and yEd open: GraphML and GEXF 1.2. Nodes are
// the vessels (id: the vessel key, attributes mmsi, imo, name, flag, partners, events,
// component, and volume when the events have volumes; positions when given), edges the
// pairs (attributes events, and volume when known).
namespace network {

enum class GraphFormat { GraphMl, Gexf };

// The format of a file name (.graphml, .gexf), nullopt for any other.
std::optional<GraphFormat> formatOf(const QString &fileName);

// positions: one per node (layout()), or null for none.
bool write(const VesselNetwork &net, const std::vector<QPointF> *positions, GraphFormat format,
           QIODevice *device, QString *error);

// Writes `path` as its extension says, whole or not at all (QSaveFile). Refuses an
// existing file unless `overwrite`; false with a message naming the file.
bool writeFile(const VesselNetwork &net, const std::vector<QPointF> *positions, const QString &path,
               bool overwrite, QString *error);

// Text XML 1.0 can carry: characters it forbids (control characters, lone surrogates)
// become U+FFFD.
QString xmlSafe(const QString &text);

} // namespace network
