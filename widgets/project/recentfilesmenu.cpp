#include "recentfilesmenu.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace {
const QString kRecentKey = QStringLiteral("recentFiles");

QSettings settings()
{
    return QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"));
}
} // namespace

RecentFilesMenu::RecentFilesMenu(QWidget *parent) : QMenu(QStringLiteral("Open &Recent"), parent)
{
    rebuild();
}

void RecentFilesMenu::addFile(const QString &path)
{
    QStringList recent = settings().value(kRecentKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings().setValue(kRecentKey, recent);
    rebuild();
}

void RecentFilesMenu::rebuild()
{
    clear();
    const QStringList recent = settings().value(kRecentKey).toStringList();
    for (qsizetype i = 0; i < recent.size(); ++i) {
        const QString path = recent.at(i);
        QString label = QFileInfo(path).fileName();
        if (label.isEmpty())
            label = path;
        label.replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction *a = addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(label), this,
                               [this, path] { emit fileChosen(path); });
        a->setToolTip(QDir::toNativeSeparators(path));
        a->setStatusTip(QDir::toNativeSeparators(path));
    }
    menuAction()->setEnabled(!recent.isEmpty());
    if (recent.isEmpty())
        return;
    addSeparator();
    addAction(QStringLiteral("Clear Menu"), this, [this] {
        settings().remove(kRecentKey);
        rebuild();
    });
}
