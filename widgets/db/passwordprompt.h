#pragma once

#include <QString>

#include <functional>

class QInputDialog;
class QWidget;

// The window's password prompt for a database that asks for one (libpq found none in
// the connection, ~/.pgpass or a service file): a window-modal QInputDialog in password
// mode, shown without blocking the event loop. OK keeps the password for this run only
// (db::setSessionPassword: memory, never settings, projects or logs) and calls retry;
// Cancel calls cancelled. The dialog is named "passwordPrompt".
namespace passwordprompt {

QInputDialog *ask(QWidget *parent, const QString &source, const QString &reason,
                  std::function<void()> retry, std::function<void()> cancelled = {});

} // namespace passwordprompt
