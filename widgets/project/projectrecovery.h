#pragma once

#include "project.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class QLockFile;
class QMessageBox;
class QWidget;

// Autosave for crash recovery. While a project has unsaved changes, its state is written
// every interval() (a minute) to a recovery file of its own under
// QStandardPaths::AppDataLocation/recovery ("<name>-<hash of its path>.rvz", or
// "untitled.rvz"; "-2", "-3"… while other running instances hold those), through QSaveFile. A save
// or a clean exit removes the file; a crash leaves it, and the next start offers to restore it.
//
// Each recovery file has a lock file (QLockFile) held by the instance writing it, so a
// second Rendezvous running at the same time does not take a live window's file for a
// crashed one: only files whose lock is free (the owner died) are orphans().
class ProjectRecovery : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultIntervalMs = 60 * 1000;
    static constexpr int kMaxInstances = 16; // recovery files per project at once

    struct Recovered
    {
        QString file; // the recovery file
        QString projectPath; // the project it recovers; empty for an untitled one
        QDateTime savedAt;
    };

    explicit ProjectRecovery(QObject *parent = nullptr);
    ~ProjectRecovery() override;

    static QString defaultDirectory();
    void setDirectory(const QString &dir); // tests
    QString directory() const { return m_dir; }
    void setInterval(int ms); // tests
    int interval() const { return m_timer.interval(); }

    // What the timer writes: the window's state now.
    void setCapture(std::function<Project()> capture) { m_capture = std::move(capture); }
    // The project being edited (empty: untitled). A new path removes the old file.
    void setProjectPath(const QString &projectPath);
    // Of the current project: the one held once written, else the one it would take.
    QString recoveryFile() const;
    // Unsaved changes or not: starts or stops the timer.
    void setModified(bool modified);

    // Writes the recovery file now; false with a message on failure.
    bool writeNow(QString *error);
    // Removes the current project's recovery file (saved, discarded, or a clean exit).
    void remove();

    // Recovery files nobody holds, newest first.
    QList<Recovered> orphans() const;
    // Reads a recovery file; all or nothing.
    static bool read(const QString &file, Project *out, Recovered *info, QString *error);
    // Deletes a recovery file the user chose not to restore.
    static void discard(const QString &file);
    // The newest orphan, read and offered: prompt (or, when empty, createPrompt's box)
    // answers true to restore (*out and *info are then set) or false to discard (the file
    // is deleted). A damaged file is renamed *.damaged, so it is not offered again, and
    // *error says why.
    enum class Offer { None, Restore, Discarded, Damaged };
    using Prompt = std::function<bool(const QString &projectName, const QDateTime &saved)>;
    Offer offer(QWidget *parent, const Prompt &prompt, Project *out, Recovered *info,
                QString *error) const;
    // The question at start-up: Restore (AcceptRole, the default) or Discard.
    static QMessageBox *createPrompt(QWidget *parent, const QString &projectName,
                                     const QDateTime &saved);

signals:
    void written(const QString &file);
    void failed(const QString &error);

private:
    void tick();
    QString stem() const; // recovery/<name>-<hash> or recovery/untitled

    QString m_dir;
    QString m_projectPath;
    QTimer m_timer;
    std::function<Project()> m_capture;
    std::unique_ptr<QLockFile> m_lock; // held from the first write until remove()
    QString m_file; // the file m_lock guards
    std::optional<Project> m_lastWritten; // nothing new: nothing written
};
