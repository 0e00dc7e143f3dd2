// DetectController::useStandardDetection: what the window runs is what `rendezvous
// detect` runs (models/detect), with the coast and anchorages from the bundled resources.
#include "detect/detectedevents.h"
#include "detect/detector.h"
#include "detect/geosetup.h"
#include "detectcontroller.h"
#include "map/basemap.h"

#include <stdexcept>

void DetectController::useStandardDetection()
{
    setRunner([](const TrackStore &store, const detect::Rules &rules, unsigned kinds,
                 const detect::Control &control, const QString &portsFile) {
        detect::GeoSetup geo;
        QString error;
        if (!detect::makeGeography(store, rules, kinds, Basemap::resourcesFolder(), portsFile, &geo,
                                   &error))
            throw std::runtime_error(error.toStdString());
        detect::Result result = detect::run(store, rules, *geo.geo, kinds, control);
        for (const QString &rejected : geo.portRejections)
            result.notes.push_back((rejected + QStringLiteral(" (port not used)")).toStdString());
        return result;
    });
    setConverter(
        [](const detect::Result &result, const TrackStore &store, const detect::Rules &rules) {
            return std::shared_ptr<const EventStore>(detect::toEventStore(result, store, rules));
        });
}
