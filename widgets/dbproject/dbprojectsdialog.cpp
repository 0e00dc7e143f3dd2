#include "dbprojectsdialog.h"

#include "db/databasedialog.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
QString who(const db::ProjectInfo &p)
{
    if (p.osUser.isEmpty() || p.osUser == p.savedBy)
        return p.savedBy;
    return QStringLiteral("%1 (%2)").arg(p.savedBy, p.osUser);
}
} // namespace

DbProjectsDialog::DbProjectsDialog(Mode mode, const QString &initialSource,
                                   const QString &initialName, QWidget *parent)
    : QDialog(parent), m_mode(mode)
{
    setObjectName(mode == Mode::Open ? QStringLiteral("openProjectFromDatabaseDialog")
                                     : QStringLiteral("saveProjectToDatabaseDialog"));
    setWindowTitle(mode == Mode::Open ? QStringLiteral("Open Project from Database")
                                      : QStringLiteral("Save Project to Database"));
    m_connection = new QComboBox(this);
    m_connection->setObjectName(QStringLiteral("connection"));
    m_connection->setEditable(true);
    m_connection->setInsertPolicy(QComboBox::NoInsert);
    QStringList sources = DatabaseDialog::remembered();
    if (!initialSource.isEmpty()) {
        sources.removeAll(initialSource);
        sources.prepend(initialSource);
    }
    m_connection->addItems(sources);
    m_connection->setCurrentText(sources.value(0));
    m_connection->lineEdit()->setCursorPosition(0);
    m_connection->lineEdit()->setPlaceholderText(QStringLiteral("PG:\"host=… dbname=… user=…\""));
    m_connection->setMinimumContentsLength(40);
    m_listButton = new QPushButton(QStringLiteral("&List"), this);
    m_listButton->setObjectName(QStringLiteral("listButton"));
    auto *row = new QHBoxLayout;
    row->addWidget(m_connection, 1);
    row->addWidget(m_listButton);

    m_projects = new QTreeWidget(this);
    m_projects->setObjectName(QStringLiteral("projects"));
    m_projects->setRootIsDecorated(false);
    m_projects->setHeaderLabels({QStringLiteral("Name"), QStringLiteral("Saved by"),
                                 QStringLiteral("Saved (UTC)"), QStringLiteral("Revision")});
    m_projects->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_projects->setMinimumHeight(160);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setTextFormat(Qt::PlainText);

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("&Connection:"), row);
    if (mode == Mode::Save) {
        m_name = new QLineEdit(initialName, this);
        m_name->setObjectName(QStringLiteral("name"));
        m_name->setPlaceholderText(QStringLiteral("e.g. Case 42"));
        form->addRow(QStringLiteral("&Name:"), m_name);
        connect(m_name, &QLineEdit::textChanged, this, &DbProjectsDialog::update);
    }
    m_buttons =
        new QDialogButtonBox((mode == Mode::Open ? QDialogButtonBox::Open : QDialogButtonBox::Save)
                                 | QDialogButtonBox::Cancel,
                             this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_projects, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    setMinimumWidth(620);

    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!source().isEmpty() && !name().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_listButton, &QPushButton::clicked, this, [this] {
        // The start of a long connection (host, database) is what tells them apart.
        m_connection->lineEdit()->setCursorPosition(0);
        if (!source().isEmpty())
            emit listRequested(source());
    });
    connect(m_connection, &QComboBox::currentTextChanged, this, &DbProjectsDialog::update);
    connect(m_projects, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item && m_name)
            m_name->setText(item->text(0));
        update();
    });
    connect(m_projects, &QTreeWidget::itemDoubleClicked, this, [this] {
        if (m_mode == Mode::Open && !name().isEmpty())
            accept();
    });
    update();
}

QString DbProjectsDialog::source() const
{
    return m_connection->currentText().trimmed();
}

QString DbProjectsDialog::name() const
{
    if (m_name)
        return m_name->text().trimmed();
    const QTreeWidgetItem *item = m_projects->currentItem();
    return item ? item->text(0) : QString();
}

void DbProjectsDialog::setBusy(bool busy)
{
    m_busy = busy;
    // The start of a long connection (host, database) is what tells them apart.
    m_connection->lineEdit()->home(false);
    if (busy) {
        m_status->setText(QStringLiteral("Listing the projects of %1\u2026").arg(source()));
        m_status->setStyleSheet(QString());
    }
    update();
}

void DbProjectsDialog::setProjects(const db::ProjectReply &reply)
{
    m_projects->clear();
    for (const db::ProjectInfo &p : reply.projects) {
        auto *item = new QTreeWidgetItem(m_projects);
        item->setText(0, p.name);
        item->setText(1, who(p));
        item->setText(2,
                      QDateTime::fromMSecsSinceEpoch(p.savedAtMs, Qt::UTC)
                          .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        item->setText(3, QString::number(p.revision));
        item->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
    }
    for (int c = 1; c < 4; ++c)
        m_projects->resizeColumnToContents(c);
    m_status->setStyleSheet(QString());
    m_status->setText(reply.projects.empty()
                          ? QStringLiteral("No shared projects in this database yet.")
                          : reply.projects.size() == 1
                          ? QStringLiteral("1 shared project.")
                          : QStringLiteral("%1 shared projects.").arg(reply.projects.size()));
    if (m_mode == Mode::Open && !reply.projects.empty())
        m_projects->setCurrentItem(m_projects->topLevelItem(0));
    update();
}

void DbProjectsDialog::setFailure(const QString &message)
{
    m_projects->clear();
    m_status->setText(message);
    m_status->setStyleSheet(QStringLiteral("color: #b71c1c"));
    update();
}

void DbProjectsDialog::update()
{
    m_listButton->setEnabled(!m_busy && !source().isEmpty());
    m_buttons->button(m_mode == Mode::Open ? QDialogButtonBox::Open : QDialogButtonBox::Save)
        ->setEnabled(!source().isEmpty() && !name().isEmpty());
}
