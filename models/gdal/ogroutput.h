#pragma once

#include <QString>

#include <memory>
#include <vector>

class QTemporaryDir;

// Internals shared by the event and track writers: which OGR driver writes a suffix,
// and writing into a hidden directory beside the target, then renaming into place, so
// that an existing file is replaced only by a complete one.
namespace ogr::detail {

struct OutputFormat
{
    const char *suffix;
    const char *driver;
    bool geometry; // false: lat/lon columns only
    // Sidecar files of the target that would describe old data after an overwrite.
    std::vector<const char *> staleSidecars;
};

// The format for a file's suffix; nullptr with a message listing the known ones.
const OutputFormat *outputFormat(const QString &suffix, QString *error);

class OutputTarget
{
public:
    OutputTarget();
    ~OutputTarget();
    OutputTarget(const OutputTarget &) = delete;
    OutputTarget &operator=(const OutputTarget &) = delete;

    // Checks the target (format known, not a directory, not there unless overwrite,
    // its directory exists) and makes the temporary directory; false with a message.
    bool open(const QString &path, bool overwrite, QString *error);
    const OutputFormat &format() const { return *m_format; }
    // Where the driver writes: the target's own name in the temporary directory
    // (drivers write that name into the data: the layer name, GML's schema location).
    QString tmpPath() const;
    // Moves every file written into place, the main file last; false with a message.
    bool commit(QString *error);

private:
    QString m_path;
    bool m_overwrite = false;
    const OutputFormat *m_format = nullptr;
    std::unique_ptr<QTemporaryDir> m_tmp;
};

} // namespace ogr::detail
