#pragma once

#include "detect/anchorages.h"
#include "detect/detection.h"
#include "detect/shore.h"

#include <memory>
#include <vector>

// The program's GeoContext: land and shore from the Natural Earth basemap (shore.h),
// anchorages derived from the data and the user's ports (anchorages.h). Immutable once
// made; the detectors may query it from several threads at once.
namespace detect {

class Geography : public GeoContext
{
public:
    // Without a shore (the basemap files missing), nothing is land and the shore is
    // infinitely far: the caller reports the missing files rather than detect blind.
    Geography(std::shared_ptr<const Shore> shore, std::vector<Anchorage> anchorages,
              const std::vector<Port> &ports);

    bool onLand(double lat, double lon) const override;
    double shoreKm(double lat, double lon) const override;
    double portKm(double lat, double lon) const override;

    const std::vector<Anchorage> &anchorages() const { return m_anchorages; }
    const Shore *shore() const { return m_shore.get(); }

private:
    std::shared_ptr<const Shore> m_shore;
    std::vector<Anchorage> m_anchorages;
    PortIndex m_ports;
};

} // namespace detect
