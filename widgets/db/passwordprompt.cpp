#include "passwordprompt.h"

#include "io/dbmodule.h"

#include <QInputDialog>
#include <QLineEdit>

QInputDialog *passwordprompt::ask(QWidget *parent, const QString &source, const QString &reason,
                                  std::function<void()> retry, std::function<void()> cancelled)
{
    auto *dialog = new QInputDialog(parent);
    dialog->setObjectName(QStringLiteral("passwordPrompt"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setWindowTitle(QStringLiteral("Database password"));
    dialog->setInputMode(QInputDialog::TextInput);
    dialog->setTextEchoMode(QLineEdit::Password);
    dialog->setLabelText(
        QStringLiteral("%1.\n\nPassword for %2 (used until Rendezvous quits, never saved; "
                       "~/.pgpass or a service file spares you this):")
            .arg(reason, db::display(source).isEmpty() ? source : db::display(source)));
    QObject::connect(dialog, &QInputDialog::textValueSelected, dialog,
                     [source, retry](const QString &password) {
                         if (password.isEmpty())
                             return;
                         db::setSessionPassword(source, password);
                         if (retry)
                             retry();
                     });
    QObject::connect(dialog, &QDialog::rejected, dialog, [cancelled] {
        if (cancelled)
            cancelled();
    });
    dialog->open();
    return dialog;
}
