#include "graphwriter.h"

#include <QFileInfo>
#include <QSaveFile>
#include <QXmlStreamWriter>

namespace network {

namespace {
QString number(double v)
{
    return QString::number(v, 'g', 17);
}

struct Attribute
{
    QString name, graphmlType, gexfType;
};

// Node attributes in file order.
QList<Attribute> nodeAttributes(const VesselNetwork &net)
{
    QList<Attribute> a {
        {QStringLiteral("mmsi"), QStringLiteral("string"), QStringLiteral("string")},
        {QStringLiteral("imo"), QStringLiteral("string"), QStringLiteral("string")},
        {QStringLiteral("name"), QStringLiteral("string"), QStringLiteral("string")},
        {QStringLiteral("flag"), QStringLiteral("string"), QStringLiteral("string")},
        {QStringLiteral("partners"), QStringLiteral("long"), QStringLiteral("long")},
        {QStringLiteral("events"), QStringLiteral("long"), QStringLiteral("long")},
        {QStringLiteral("component"), QStringLiteral("int"), QStringLiteral("integer")},
    };
    if (net.hasVolume)
        a.append({QStringLiteral("volume"), QStringLiteral("double"), QStringLiteral("double")});
    return a;
}

QStringList nodeValues(const VesselNetwork &net, const Node &n)
{
    const VesselRow &v = n.vessel;
    QStringList values {xmlSafe(v.mmsi),
                        xmlSafe(v.imo),
                        xmlSafe(v.name),
                        xmlSafe(v.flag),
                        QString::number(v.partners),
                        QString::number(v.events),
                        QString::number(n.component)};
    if (net.hasVolume)
        values << number(v.barrels);
    return values;
}

QList<Attribute> edgeAttributes(const VesselNetwork &net)
{
    QList<Attribute> a {{QStringLiteral("events"), QStringLiteral("long"), QStringLiteral("long")}};
    if (net.hasVolume)
        a.append({QStringLiteral("volume"), QStringLiteral("double"), QStringLiteral("double")});
    return a;
}

QStringList edgeValues(const VesselNetwork &net, const Edge &e)
{
    QStringList values {QString::number(e.events)};
    if (net.hasVolume)
        values << number(e.volume);
    return values;
}

// The label a viewer shows: the name, else the IMO or MMSI, else the key.
QString labelOf(const VesselRow &v)
{
    if (!v.name.isEmpty())
        return v.name;
    if (!v.imo.isEmpty())
        return QStringLiteral("IMO ") + v.imo;
    if (!v.mmsi.isEmpty())
        return QStringLiteral("MMSI ") + v.mmsi;
    return QString::fromStdString(v.key);
}

QString idOf(const Node &n)
{
    return xmlSafe(QString::fromStdString(n.vessel.key));
}

void writeGraphMl(QXmlStreamWriter &w, const VesselNetwork &net,
                  const std::vector<QPointF> *positions)
{
    w.writeStartElement(QStringLiteral("graphml"));
    w.writeDefaultNamespace(QStringLiteral("http://graphml.graphdrawing.org/xmlns"));
    w.writeNamespace(QStringLiteral("http://www.w3.org/2001/XMLSchema-instance"),
                     QStringLiteral("xsi"));
    w.writeAttribute(QStringLiteral("http://www.w3.org/2001/XMLSchema-instance"),
                     QStringLiteral("schemaLocation"),
                     QStringLiteral("http://graphml.graphdrawing.org/xmlns "
                                    "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"));
    const QList<Attribute> nodeAttrs = nodeAttributes(net), edgeAttrs = edgeAttributes(net);
    const auto key = [&w](const QString &id, const QString &forWhat, const QString &name,
                          const QString &type) {
        w.writeStartElement(QStringLiteral("key"));
        w.writeAttribute(QStringLiteral("id"), id);
        w.writeAttribute(QStringLiteral("for"), forWhat);
        w.writeAttribute(QStringLiteral("attr.name"), name);
        w.writeAttribute(QStringLiteral("attr.type"), type);
        w.writeEndElement();
    };
    key(QStringLiteral("label"), QStringLiteral("node"), QStringLiteral("label"),
        QStringLiteral("string"));
    for (const Attribute &a : nodeAttrs)
        key(QStringLiteral("n_") + a.name, QStringLiteral("node"), a.name, a.graphmlType);
    if (positions) {
        key(QStringLiteral("x"), QStringLiteral("node"), QStringLiteral("x"),
            QStringLiteral("double"));
        key(QStringLiteral("y"), QStringLiteral("node"), QStringLiteral("y"),
            QStringLiteral("double"));
    }
    for (const Attribute &a : edgeAttrs)
        key(QStringLiteral("e_") + a.name, QStringLiteral("edge"), a.name, a.graphmlType);
    const auto data = [&w](const QString &k, const QString &value) {
        w.writeStartElement(QStringLiteral("data"));
        w.writeAttribute(QStringLiteral("key"), k);
        w.writeCharacters(value);
        w.writeEndElement();
    };

    w.writeStartElement(QStringLiteral("graph"));
    w.writeAttribute(QStringLiteral("id"), QStringLiteral("vessels"));
    w.writeAttribute(QStringLiteral("edgedefault"), QStringLiteral("undirected"));
    for (size_t i = 0; i < net.nodes.size(); ++i) {
        const Node &n = net.nodes[i];
        w.writeStartElement(QStringLiteral("node"));
        w.writeAttribute(QStringLiteral("id"), idOf(n));
        data(QStringLiteral("label"), xmlSafe(labelOf(n.vessel)));
        const QStringList values = nodeValues(net, n);
        for (int a = 0; a < nodeAttrs.size(); ++a) {
            if (!values[a].isEmpty())
                data(QStringLiteral("n_") + nodeAttrs[a].name, values[a]);
        }
        if (positions) {
            data(QStringLiteral("x"), number((*positions)[i].x()));
            data(QStringLiteral("y"), number((*positions)[i].y()));
        }
        w.writeEndElement();
    }
    for (size_t i = 0; i < net.edges.size(); ++i) {
        const Edge &e = net.edges[i];
        w.writeStartElement(QStringLiteral("edge"));
        w.writeAttribute(QStringLiteral("id"), QStringLiteral("e%1").arg(i));
        w.writeAttribute(QStringLiteral("source"), idOf(net.nodes[e.a]));
        w.writeAttribute(QStringLiteral("target"), idOf(net.nodes[e.b]));
        const QStringList values = edgeValues(net, e);
        for (int a = 0; a < edgeAttrs.size(); ++a)
            data(QStringLiteral("e_") + edgeAttrs[a].name, values[a]);
        w.writeEndElement();
    }
    w.writeEndElement(); // graph
    w.writeEndElement(); // graphml
}

void writeGexf(QXmlStreamWriter &w, const VesselNetwork &net, const std::vector<QPointF> *positions)
{
    const QString viz = QStringLiteral("http://www.gexf.net/1.2draft/viz");
    w.writeStartElement(QStringLiteral("gexf"));
    w.writeDefaultNamespace(QStringLiteral("http://www.gexf.net/1.2draft"));
    w.writeNamespace(viz, QStringLiteral("viz"));
    w.writeAttribute(QStringLiteral("version"), QStringLiteral("1.2"));
    w.writeStartElement(QStringLiteral("meta"));
    w.writeTextElement(QStringLiteral("creator"), QStringLiteral("Rendezvous"));
    w.writeTextElement(QStringLiteral("description"),
                       QStringLiteral("Vessels that met in ship-to-ship transfer events"));
    w.writeEndElement();
    w.writeStartElement(QStringLiteral("graph"));
    w.writeAttribute(QStringLiteral("mode"), QStringLiteral("static"));
    w.writeAttribute(QStringLiteral("defaultedgetype"), QStringLiteral("undirected"));
    const QList<Attribute> nodeAttrs = nodeAttributes(net), edgeAttrs = edgeAttributes(net);
    const auto declare = [&w](const QString &cls, const QList<Attribute> &attrs) {
        w.writeStartElement(QStringLiteral("attributes"));
        w.writeAttribute(QStringLiteral("class"), cls);
        for (int a = 0; a < attrs.size(); ++a) {
            w.writeStartElement(QStringLiteral("attribute"));
            w.writeAttribute(QStringLiteral("id"), QString::number(a));
            w.writeAttribute(QStringLiteral("title"), attrs[a].name);
            w.writeAttribute(QStringLiteral("type"), attrs[a].gexfType);
            w.writeEndElement();
        }
        w.writeEndElement();
    };
    declare(QStringLiteral("node"), nodeAttrs);
    declare(QStringLiteral("edge"), edgeAttrs);
    const auto values = [&w](const QStringList &v) {
        w.writeStartElement(QStringLiteral("attvalues"));
        for (int a = 0; a < v.size(); ++a) {
            if (v[a].isEmpty())
                continue;
            w.writeStartElement(QStringLiteral("attvalue"));
            w.writeAttribute(QStringLiteral("for"), QString::number(a));
            w.writeAttribute(QStringLiteral("value"), v[a]);
            w.writeEndElement();
        }
        w.writeEndElement();
    };

    w.writeStartElement(QStringLiteral("nodes"));
    for (size_t i = 0; i < net.nodes.size(); ++i) {
        const Node &n = net.nodes[i];
        w.writeStartElement(QStringLiteral("node"));
        w.writeAttribute(QStringLiteral("id"), idOf(n));
        w.writeAttribute(QStringLiteral("label"), xmlSafe(labelOf(n.vessel)));
        values(nodeValues(net, n));
        w.writeEmptyElement(viz, QStringLiteral("size"));
        w.writeAttribute(QStringLiteral("value"), QString::number(1 + n.vessel.partners));
        if (positions) {
            // Gephi's units: the unit square as a thousand.
            w.writeEmptyElement(viz, QStringLiteral("position"));
            w.writeAttribute(QStringLiteral("x"), number((*positions)[i].x() * 1000));
            w.writeAttribute(QStringLiteral("y"), number(-(*positions)[i].y() * 1000));
            w.writeAttribute(QStringLiteral("z"), QStringLiteral("0"));
        }
        w.writeEndElement();
    }
    w.writeEndElement(); // nodes
    w.writeStartElement(QStringLiteral("edges"));
    for (size_t i = 0; i < net.edges.size(); ++i) {
        const Edge &e = net.edges[i];
        w.writeStartElement(QStringLiteral("edge"));
        w.writeAttribute(QStringLiteral("id"), QString::number(i));
        w.writeAttribute(QStringLiteral("source"), idOf(net.nodes[e.a]));
        w.writeAttribute(QStringLiteral("target"), idOf(net.nodes[e.b]));
        w.writeAttribute(QStringLiteral("weight"), QString::number(e.events));
        values(edgeValues(net, e));
        w.writeEndElement();
    }
    w.writeEndElement(); // edges
    w.writeEndElement(); // graph
    w.writeEndElement(); // gexf
}
} // namespace

QString xmlSafe(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        const char16_t u = c.unicode();
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            out += c;
            out += text[++i];
            continue;
        }
        const bool ok = u == 0x9 || u == 0xA || u == 0xD || (u >= 0x20 && u <= 0xD7FF)
            || (u >= 0xE000 && u <= 0xFFFD);
        out += ok ? c : QChar(0xFFFD);
    }
    return out;
}

std::optional<GraphFormat> formatOf(const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == QLatin1String("graphml"))
        return GraphFormat::GraphMl;
    if (suffix == QLatin1String("gexf"))
        return GraphFormat::Gexf;
    return std::nullopt;
}

bool write(const VesselNetwork &net, const std::vector<QPointF> *positions, GraphFormat format,
           QIODevice *device, QString *error)
{
    if (positions && positions->size() != net.nodes.size())
        positions = nullptr;
    QXmlStreamWriter w(device);
    w.setAutoFormatting(true);
    w.setAutoFormattingIndent(1);
    w.writeStartDocument();
    if (format == GraphFormat::GraphMl)
        writeGraphMl(w, net, positions);
    else
        writeGexf(w, net, positions);
    w.writeEndDocument();
    if (w.hasError()) {
        if (error)
            *error = device->errorString().isEmpty() ? QStringLiteral("could not write the XML")
                                                     : device->errorString();
        return false;
    }
    return true;
}

bool writeFile(const VesselNetwork &net, const std::vector<QPointF> *positions, const QString &path,
               bool overwrite, QString *error)
{
    const std::optional<GraphFormat> format = formatOf(path);
    if (!format) {
        *error = QStringLiteral("%1: the network is written as .graphml or .gexf, not '%2'")
                     .arg(path, QFileInfo(path).suffix());
        return false;
    }
    if (!overwrite && QFileInfo::exists(path)) {
        *error = QStringLiteral("%1 exists; use --overwrite").arg(path);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    QString why;
    if (!write(net, positions, *format, &file, &why) || !file.commit()) {
        *error = QStringLiteral("%1: cannot write: %2")
                     .arg(path, why.isEmpty() ? file.errorString() : why);
        return false;
    }
    return true;
}

} // namespace network
