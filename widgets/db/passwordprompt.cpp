#include "passwordprompt.h"

#include "io/dbmodule.h"

#include <QInputDialog>
#include <QLabel>
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
    dialog->setLabelText(QStringLiteral("%1.\n\nThe password is used until Rendezvous quits and "
                                        "is never saved (a line in ~/.pgpass or a service file "
                                        "spares you this question).")
                             .arg(reason));
    // Long connection strings wrap instead of widening the dialog past the screen.
    if (auto *label = dialog->findChild<QLabel *>()) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
    }
    dialog->resize(520, dialog->sizeHint().height());
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
