#pragma once

#include <QMenu>

// File ▸ Open Recent: the last files opened (event files and projects alike), newest
// first, remembered in QSettings; choosing one emits fileChosen().
class RecentFilesMenu : public QMenu
{
    Q_OBJECT
public:
    static constexpr int kMaxRecent = 10;

    explicit RecentFilesMenu(QWidget *parent = nullptr);
    void addFile(const QString &path);

signals:
    void fileChosen(const QString &path);

private:
    void rebuild();
};
