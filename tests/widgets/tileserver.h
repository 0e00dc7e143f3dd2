#pragma once

// The test tile server shared by the tile tests (tst_tilelayer, tst_tilefailures).

#include <QBuffer>
#include <QColor>
#include <QHash>
#include <QImage>
#include <QPainter>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>

// A tile server on 127.0.0.1 that the test controls. Paths are /MODE/Z/X/Y.png:
//   ok     every tile is a PNG of colourOf(z, x, y)
//   mixed  as ok, but 2/3/3 is a 404 and 2/0/3 answers garbage bytes as image/png
//   hang   accepts the request and never answers
//   404    every tile is a 404
//   junk   every tile is garbage bytes sent as image/png
// It speaks just enough HTTP/1.1 (keep-alive, Content-Length) for QNetworkAccessManager.
class TileServer : public QObject
{
public:
    static QColor colourOf(int z, int x, int y)
    {
        return QColor(30 + (x * 50) % 200, 30 + (y * 50) % 200, 60 + (z * 40) % 180);
    }

    ~TileServer() override
    {
        // The sockets are the server's children and outlive our members.
        for (QTcpSocket *socket : m_server.findChildren<QTcpSocket *>())
            socket->disconnect(this);
    }

    bool start()
    {
        connect(&m_server, &QTcpServer::newConnection, this, &TileServer::accept);
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    QString urlTemplate(const QString &mode) const
    {
        return QStringLiteral("http://127.0.0.1:%1/%2/{z}/{x}/{y}.png")
            .arg(m_server.serverPort())
            .arg(mode);
    }
    // A URL template on a port where nothing listens: every connection is refused.
    static QString refusingUrlTemplate()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const quint16 port = probe.serverPort();
        probe.close();
        return QStringLiteral("http://127.0.0.1:%1/refused/{z}/{x}/{y}.png").arg(port);
    }
    int hits(const QString &path) const { return m_hits.value(path); }
    int hitsWithPrefix(const QString &prefix) const
    {
        int n = 0;
        for (auto it = m_hits.cbegin(); it != m_hits.cend(); ++it)
            if (it.key().startsWith(prefix))
                n += it.value();
        return n;
    }
    int maxHitsWithPrefix(const QString &prefix) const
    {
        int most = 0;
        for (auto it = m_hits.cbegin(); it != m_hits.cend(); ++it)
            if (it.key().startsWith(prefix))
                most = std::max(most, it.value());
        return most;
    }
    void resetHits() { m_hits.clear(); }
    int hanging() const { return int(m_hanging.size()); }
    int closedWhileHanging() const { return m_closedWhileHanging; }
    QByteArray lastUserAgent() const { return m_userAgent; }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                if (m_hanging.remove(socket))
                    ++m_closedWhileHanging;
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    }

    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (qsizetype end; (end = buffer.indexOf("\r\n\r\n")) >= 0;) {
            const QByteArray head = buffer.left(end);
            buffer.remove(0, end + 4);
            const QList<QByteArray> lines = head.split('\n');
            for (const QByteArray &line : lines)
                if (line.toLower().startsWith("user-agent:"))
                    m_userAgent = line.mid(11).trimmed();
            const QList<QByteArray> request = lines.value(0).trimmed().split(' ');
            const QString path = QString::fromLatin1(request.value(1));
            ++m_hits[path];
            answer(socket, path);
        }
    }

    void answer(QTcpSocket *socket, const QString &path)
    {
        static const QRegularExpression re(QStringLiteral("^/(\\w+)/(\\d+)/(\\d+)/(\\d+)\\.png$"));
        const QRegularExpressionMatch m = re.match(path);
        if (!m.hasMatch())
            return send(socket, "404 Not Found", "text/plain", "not found");
        const QString mode = m.captured(1);
        const int z = m.captured(2).toInt(), x = m.captured(3).toInt(), y = m.captured(4).toInt();
        if (mode == QLatin1String("hang")) {
            m_hanging.insert(socket);
            return;
        }
        if (mode == QLatin1String("404"))
            return send(socket, "404 Not Found", "text/plain", "no such tile");
        if (mode == QLatin1String("junk"))
            return send(socket, "200 OK", "image/png",
                        QByteArray("\x89PNG\r\n\x1a\nnot an image", 20));
        if (mode == QLatin1String("mixed") && z == 2 && x == 3 && y == 3)
            return send(socket, "404 Not Found", "text/plain", "no such tile");
        if (mode == QLatin1String("mixed") && z == 2 && x == 0 && y == 3)
            return send(socket, "200 OK", "image/png", QByteArray("\x89PNG garbage", 12));
        send(socket, "200 OK", "image/png", tilePng(z, x, y));
    }

    static QByteArray tilePng(int z, int x, int y)
    {
        // Flat colour (checked at the centre) with a border and a label (for the eye).
        QImage image(256, 256, QImage::Format_RGB32);
        image.fill(colourOf(z, x, y));
        QPainter p(&image);
        p.setPen(QColor(40, 40, 40));
        p.drawRect(0, 0, 255, 255);
        p.drawText(QPoint(8, 20), QStringLiteral("%1/%2/%3").arg(z).arg(x).arg(y));
        p.end();
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        return png;
    }

    static void send(QTcpSocket *socket, const char *status, const char *type,
                     const QByteArray &body)
    {
        QByteArray response = QByteArray("HTTP/1.1 ") + status + "\r\n";
        response += QByteArray("Content-Type: ") + type + "\r\n";
        response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        response += "Cache-Control: public, max-age=86400\r\n";
        response += "Last-Modified: Mon, 02 Nov 2026 10:00:00 GMT\r\n";
        response += "Connection: keep-alive\r\n\r\n";
        socket->write(response + body);
    }

    QTcpServer m_server;
    QHash<QString, int> m_hits;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QSet<QTcpSocket *> m_hanging;
    int m_closedWhileHanging = 0;
    QByteArray m_userAgent;
};
