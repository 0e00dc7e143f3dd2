#pragma once

#include "pgconnection.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <vector>

// Shared projects in the team store (schema version 2, pgstore.cpp): a project is a
// name, a current revision and every revision's content (the .rvz JSON). Saving adds a
// revision, and only over the one the saver opened: a colleague's newer revision is
// never replaced. The check and the write are one transaction (the project's row
// locked with SELECT … FOR UPDATE), so two saves at once cannot both pass it.
namespace pgprojects {

struct Info
{
    QString name;
    int revision = 0;
    QString savedBy; // the database role that saved it
    QString osUser; // the login of the person at the desktop ("" when not known)
    int64_t savedAtMs = 0; // UTC
};

enum class SaveOutcome {
    Saved,
    Stale, // someone saved a newer revision than the one opened (*newer says who and when)
    Exists, // a new project's name is taken (*newer: the project under that name)
    Failed, // *error
};

// Every project, by name.
bool list(PgConnection &c, std::vector<Info> *out, QString *error);
// One project's current revision: its content and who saved it.
bool load(PgConnection &c, const QString &name, Info *info, QByteArray *content, bool *found,
          QString *error);
// content as revision openedRevision + 1 of name; openedRevision 0: a new project.
// Saved: *saved is the new revision. Stale or Exists: nothing was written, *newer is the
// project as it is in the database.
SaveOutcome save(PgConnection &c, const QString &name, const QByteArray &content,
                 int openedRevision, const QString &osUser, Info *saved, Info *newer,
                 QString *error);

} // namespace pgprojects
