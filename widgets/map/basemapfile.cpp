// The prepared basemap: one file per level of detail, written at build time from the
// TopoJSON (resources/basemap/preparebasemap.cpp) and read at run time in one go. The
// format and its checks are models/basemap/preparedbasemap.h, shared with the
// detectors' shore; here the pieces become QPainterPaths. The elements are the paths'
// own (QPainterPath::elementAt), so replaying them gives the paths buildLevel() made.
#include "basemap.h"

#include "basemap/preparedbasemap.h"

#include <QImage>
#include <QMutexLocker>
#include <QPainter>

static_assert(int(basemapfile::MoveTo) == int(QPainterPath::MoveToElement)
                  && int(basemapfile::LineTo) == int(QPainterPath::LineToElement),
              "the file's element types are QPainterPath's");
static_assert(int(basemapfile::OddEvenFill) == int(Qt::OddEvenFill)
                  && int(basemapfile::WindingFill) == int(Qt::WindingFill),
              "the file's fill rules are Qt's");

// Draws the path once in the building thread: QPainterPath fills some caches on first
// use (bounds, the vector form the paint engines read). Afterwards drawing only reads,
// so two threads may draw the same piece at once.
void Basemap::primePath(const QPainterPath &path)
{
    QImage image(1, 1, QImage::Format_ARGB32_Premultiplied);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(Qt::black);
    (void)path.boundingRect();
    (void)path.controlPointRect();
    p.drawPath(path);
}

Basemap::Piece::Piece(const QRectF &b, QPainterPath path) : bounds(b), m_path(std::move(path)) { }

Basemap::Piece::Piece(Piece &&o) noexcept
    : bounds(o.bounds),
      m_path(std::move(o.m_path)),
      m_built(o.m_built.load()),
      m_level(o.m_level),
      m_first(o.m_first),
      m_count(o.m_count),
      m_fill(o.m_fill)
{ }

Basemap::Piece &Basemap::Piece::operator=(Piece &&o) noexcept
{
    bounds = o.bounds;
    m_path = std::move(o.m_path);
    m_built = o.m_built.load();
    m_level = o.m_level;
    m_first = o.m_first;
    m_count = o.m_count;
    m_fill = o.m_fill;
    return *this;
}

const QPainterPath &Basemap::Piece::path() const
{
    if (!m_built.load(std::memory_order_acquire))
        build();
    return m_path;
}

void Basemap::Piece::build() const
{
    QMutexLocker lock(&m_level->m_building);
    if (m_built.load(std::memory_order_relaxed))
        return;
    QPainterPath path;
    path.setFillRule(m_fill);
    path.reserve(int(m_count));
    const double *xy = m_level->m_xy + 2 * m_first;
    const quint8 *types = m_level->m_types + m_first;
    for (size_t i = 0; i < m_count; ++i) {
        const QPointF p(xy[2 * i], xy[2 * i + 1]);
        if (types[i] == QPainterPath::MoveToElement)
            path.moveTo(p);
        else
            path.lineTo(p);
    }
    primePath(path);
    m_path = std::move(path);
    m_built.store(true, std::memory_order_release);
}

int Basemap::Level::builtPieceCount() const
{
    int n = 0;
    for (const auto *pieces : {&land, &coast, &borders}) {
        for (const Piece &p : *pieces)
            n += p.isBuilt() ? 1 : 0;
    }
    return n;
}

QString Basemap::preparedFileName(Detail detail)
{
    return basemapfile::fileName(int(detail));
}

bool Basemap::writePrepared(const Level &level, const QString &path, QString *error)
{
    const std::vector<Piece> *kinds[3] = {&level.land, &level.coast, &level.borders};
    basemapfile::Contents c;
    c.detail = int(level.detail);
    c.vertexCount = level.vertexCount;
    for (int k = 0; k < 3; ++k) {
        c.pieceCount[k] = kinds[k]->size();
        for (const Piece &piece : *kinds[k]) {
            const QPainterPath &p = piece.path();
            basemapfile::PieceRecord r {};
            r.bounds[0] = piece.bounds.x();
            r.bounds[1] = piece.bounds.y();
            r.bounds[2] = piece.bounds.width();
            r.bounds[3] = piece.bounds.height();
            r.first = c.types.size();
            r.count = uint64_t(p.elementCount());
            r.fillRule = uint32_t(p.fillRule());
            for (int i = 0; i < p.elementCount(); ++i) {
                const QPainterPath::Element e = p.elementAt(i);
                if (e.type != QPainterPath::MoveToElement
                    && e.type != QPainterPath::LineToElement) {
                    *error = QStringLiteral("a basemap path has curves, which the prepared "
                                            "format does not hold");
                    return false;
                }
                c.xy.push_back(e.x);
                c.xy.push_back(e.y);
                c.types.push_back(uint8_t(e.type));
            }
            c.pieces.push_back(r);
        }
    }
    return basemapfile::write(c, path, error);
}

std::shared_ptr<Basemap::Level> Basemap::readPrepared(const QString &path, QString *error)
{
    std::unique_ptr<basemapfile::Level> file = basemapfile::read(path, error);
    if (!file)
        return nullptr;
    auto level = std::make_shared<Level>();
    level->detail = Detail(file->detail);
    level->vertexCount = file->vertexCount;
    level->m_xy = file->xy;
    level->m_types = file->types;
    std::vector<Piece> *kinds[3] = {&level->land, &level->coast, &level->borders};
    for (int k = 0; k < 3; ++k) {
        const auto kind = basemapfile::Kind(k);
        kinds[k]->resize(file->pieceCount[k]);
        const basemapfile::PieceRecord *r = file->begin(kind);
        for (Piece &piece : *kinds[k]) {
            piece.bounds = QRectF(r->bounds[0], r->bounds[1], r->bounds[2], r->bounds[3]);
            piece.m_level = level.get();
            piece.m_first = size_t(r->first);
            piece.m_count = size_t(r->count);
            piece.m_fill = Qt::FillRule(r->fillRule);
            piece.m_built.store(false, std::memory_order_relaxed);
            ++r;
        }
    }
    level->m_file = std::move(file);
    return level;
}
