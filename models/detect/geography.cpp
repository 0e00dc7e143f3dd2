#include "geography.h"

#include <limits>

namespace detect {

Geography::Geography(std::shared_ptr<const Shore> shore, std::vector<Anchorage> anchorages,
                     const std::vector<Port> &ports)
    : m_shore(std::move(shore)), m_anchorages(std::move(anchorages)), m_ports(m_anchorages, ports)
{ }

bool Geography::onLand(double lat, double lon) const
{
    return m_shore && m_shore->onLand(lat, lon);
}

double Geography::shoreKm(double lat, double lon) const
{
    return m_shore ? m_shore->shoreKm(lat, lon) : std::numeric_limits<double>::infinity();
}

double Geography::portKm(double lat, double lon) const
{
    return m_ports.nearestKm(lat, lon);
}

} // namespace detect
