// The .rvz project loader on arbitrary bytes. Beyond "no crash": a file is either
// refused with a reason or read into a project that writes back to JSON which reads
// again into an equal project (the round trip the window's Save/Open relies on).
#include "project.h"

#include <QByteArray>
#include <QJsonDocument>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString dir = QStringLiteral("/fuzz/projects");
    Project project;
    QString error;
    if (!Project::parse(bytes, dir, &project, &error)) {
        if (error.isEmpty())
            std::abort(); // a refusal always says why
        return 0;
    }
    const QByteArray again = QJsonDocument(project.toJson(dir)).toJson();
    Project back;
    if (!Project::parse(again, dir, &back, &error) || !(back == project))
        std::abort();
    return 0;
}
