#include "jsontext.h"

#include "parallel.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <thread>
#include <vector>

namespace {

// Arrays shorter than this are left in the object: threads cost more than they save.
constexpr qsizetype kLongArray = 512;

// The items of `items` as they stand inside an array of the top-level object: each
// written at level 0 by Qt, then every line shifted by one level (four spaces).
QByteArray itemsText(const QJsonArray &items)
{
    const QByteArray doc = QJsonDocument(items).toJson(QJsonDocument::Indented);
    // "[\n" ITEMS "\n]\n"; an empty array is "[\n]\n".
    if (items.isEmpty())
        return {};
    const char *p = doc.constData() + 2, *end = doc.constData() + doc.size() - 3;
    QByteArray out;
    out.reserve(doc.size() + doc.size() / 8);
    while (p < end) {
        const char *eol = std::find(p, end, '\n');
        out.append("    ", 4);
        out.append(p, eol - p);
        if (eol != end)
            out.append('\n');
        p = eol + 1;
    }
    return out;
}

} // namespace

QByteArray jsontext::indented(const QJsonObject &object, unsigned threads)
{
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    struct Chunk
    {
        QString key;
        QJsonArray items;
        QByteArray text;
    };
    std::vector<Chunk> chunks;
    QJsonObject head = object;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isArray())
            continue;
        const QJsonArray array = it.value().toArray();
        if (array.size() < kLongArray)
            continue;
        head.insert(it.key(), QJsonArray());
        const qsizetype n = array.size();
        for (unsigned k = 0; k < threads; ++k) {
            Chunk c {it.key(), {}, {}};
            for (qsizetype i = n * k / threads; i < n * (k + 1) / threads; ++i)
                c.items.append(array.at(i));
            chunks.push_back(std::move(c));
        }
    }
    QByteArray text = QJsonDocument(head).toJson(QJsonDocument::Indented);
    if (chunks.empty())
        return text;
    parallel::onThreads(threads, [&](unsigned k) {
        for (size_t c = k; c < chunks.size(); c += threads)
            chunks[c].text = itemsText(chunks[c].items);
    });
    // Each long array stands in the head as an empty one, "[\n    ]" after its key at
    // level 1 (four spaces: deeper keys have more, and a newline inside a string is
    // written "\n"), so its place is found without looking into any value.
    for (size_t c = 0; c < chunks.size();) {
        const QString key = chunks[c].key;
        QByteArray body;
        for (; c < chunks.size() && chunks[c].key == key; ++c) {
            if (chunks[c].text.isEmpty())
                continue;
            if (!body.isEmpty())
                body.append(",\n");
            body.append(chunks[c].text);
        }
        const QByteArray keyText =
            QJsonDocument(QJsonObject {{key, 0}}).toJson(QJsonDocument::Compact);
        // {"KEY":0} -> "KEY" as Qt escapes it
        const QByteArray quoted = keyText.mid(1, keyText.size() - 4);
        const QByteArray empty = QByteArray("\n    ") + quoted + QByteArray(": [\n    ]");
        const qsizetype at = text.indexOf(empty);
        if (at < 0) // cannot happen with Qt's writer as it is; never lose the array
            return QJsonDocument(object).toJson(QJsonDocument::Indented);
        const QByteArray full =
            QByteArray("\n    ") + quoted + QByteArray(": [\n") + body + QByteArray("\n    ]");
        text.replace(at, empty.size(), full);
    }
    return text;
}
