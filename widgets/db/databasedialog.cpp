#include "databasedialog.h"

#include "passwordprompt.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStyle>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace {

const char *const kSettingsKey = "database/connections";
constexpr int kConnectTimeoutSeconds = 10;

// libpq's quoting: bare unless the value has a space, a quote or a backslash.
QString quoted(const QString &value)
{
    bool plain = !value.isEmpty();
    for (const QChar c : value)
        plain = plain && !c.isSpace() && c != QLatin1Char('\'') && c != QLatin1Char('\\');
    if (plain)
        return value;
    QString out = QStringLiteral("'");
    for (const QChar c : value) {
        if (c == QLatin1Char('\'') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        out += c;
    }
    return out + QLatin1Char('\'');
}

// keyword=value pairs of a PG: text (quotes around the whole string and around values).
QList<QPair<QString, QString>> pairsOf(QString text)
{
    QList<QPair<QString, QString>> pairs;
    text = text.trimmed();
    if (text.startsWith(QLatin1String("PG:"), Qt::CaseInsensitive))
        text = text.mid(3).trimmed();
    if (text.size() >= 2 && text.startsWith(QLatin1Char('"')) && text.endsWith(QLatin1Char('"')))
        text = text.mid(1, text.size() - 2);
    int i = 0;
    const int n = int(text.size());
    while (i < n) {
        while (i < n && text.at(i).isSpace())
            ++i;
        const int keyStart = i;
        while (i < n && text.at(i) != QLatin1Char('=') && !text.at(i).isSpace())
            ++i;
        const QString key = text.mid(keyStart, i - keyStart);
        while (i < n && (text.at(i).isSpace() || text.at(i) == QLatin1Char('=')))
            ++i;
        QString value;
        const bool inQuotes = i < n && text.at(i) == QLatin1Char('\'');
        if (inQuotes)
            ++i;
        while (i < n) {
            const QChar c = text.at(i++);
            if (c == QLatin1Char('\\') && i < n)
                value += text.at(i++);
            else if (inQuotes ? c == QLatin1Char('\'') : c.isSpace())
                break;
            else
                value += c;
        }
        if (!key.isEmpty())
            pairs.append({key, value});
    }
    return pairs;
}

} // namespace

DatabaseDialog::DatabaseDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(QStringLiteral("Open Database"));
    setObjectName(QStringLiteral("databaseDialog"));

    m_saved = new QComboBox(this);
    m_saved->setObjectName(QStringLiteral("savedConnections"));
    m_saved->addItem(QStringLiteral("New connection"));
    for (const QString &s : remembered())
        m_saved->addItem(s, s);
    const auto edit = [this](const char *name, const QString &placeholder) {
        auto *e = new QLineEdit(this);
        e->setObjectName(QLatin1String(name));
        e->setPlaceholderText(placeholder);
        connect(e, &QLineEdit::textChanged, this, &DatabaseDialog::update);
        return e;
    };
    m_service = edit("service", QStringLiteral("from pg_service.conf (optional)"));
    m_host = edit("host", QStringLiteral("localhost"));
    m_port = edit("port", QStringLiteral("5432"));
    m_port->setValidator(new QIntValidator(1, 65535, m_port));
    m_dbname = edit("dbname", QStringLiteral("e.g. ais"));
    m_user = edit("user", QStringLiteral("your login name"));
    m_connection = new QLineEdit(this);
    m_connection->setObjectName(QStringLiteral("connectionString"));
    m_connection->setReadOnly(true);
    m_connection->setToolTip(QStringLiteral(
        "The same connection on the command line: rendezvous info PG:… --layer TABLE"));

    auto *passwords =
        new QLabel(QStringLiteral("Passwords are never saved: libpq reads them from ~/.pgpass or "
                                  "a PG service file, or Rendezvous asks and keeps one until it "
                                  "quits."),
                   this);
    passwords->setWordWrap(true);
    passwords->setEnabled(false);

    m_testButton = new QPushButton(QStringLiteral("&Test"), this);
    m_testButton->setObjectName(QStringLiteral("testButton"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Room for a whole failure message (the source and libpq's reason) without the
    // dialog changing size under the mouse.
    m_status->setMinimumHeight(m_status->fontMetrics().lineSpacing() * 5);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton, 0, Qt::AlignTop);
    testRow->addWidget(m_status, 1);

    m_table = new QComboBox(this);
    m_table->setObjectName(QStringLiteral("table"));
    m_table->setEditable(true);
    m_table->setInsertPolicy(QComboBox::NoInsert);
    m_table->lineEdit()->setPlaceholderText(QStringLiteral("Test lists them; or type a name"));
    connect(m_table, &QComboBox::currentTextChanged, this, &DatabaseDialog::update);

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("&Saved:"), m_saved);
    form->addRow(QStringLiteral("Ser&vice:"), m_service);
    form->addRow(QStringLiteral("&Host:"), m_host);
    form->addRow(QStringLiteral("&Port:"), m_port);
    form->addRow(QStringLiteral("&Database:"), m_dbname);
    form->addRow(QStringLiteral("&User:"), m_user);
    form->addRow(QStringLiteral("Connection:"), m_connection);
    form->addRow(QString(), passwords);
    form->addRow(testRow);
    form->addRow(QStringLiteral("T&able:"), m_table);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DatabaseDialog::openChosen);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);

    connect(m_testButton, &QPushButton::clicked, this, &DatabaseDialog::test);
    connect(&m_watcher, &QFutureWatcher<db::TestResult>::finished, this, &DatabaseDialog::tested);
    connect(m_saved, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        if (index > 0)
            setSource(m_saved->itemData(index).toString());
    });
    if (m_saved->count() > 1)
        setSource(m_saved->itemData(1).toString());
    update();
}

DatabaseDialog::~DatabaseDialog()
{
    // A test in flight ends by its connect timeout; its result is not wanted.
    m_watcher.disconnect(this);
    m_watcher.waitForFinished();
}

QString DatabaseDialog::source() const
{
    QStringList parts;
    const std::pair<const char *, QLineEdit *> fields[] = {{"service", m_service},
                                                           {"host", m_host},
                                                           {"port", m_port},
                                                           {"dbname", m_dbname},
                                                           {"user", m_user}};
    for (const auto &[key, edit] : fields) {
        const QString v = edit->text().trimmed();
        if (!v.isEmpty())
            parts << QLatin1String(key) + QLatin1Char('=') + quoted(v);
    }
    if (parts.isEmpty())
        return {};
    const QString joined = parts.join(QLatin1Char(' '));
    return parts.size() == 1 && !joined.contains(QLatin1Char(' '))
        ? QStringLiteral("PG:") + joined
        : QStringLiteral("PG:\"%1\"").arg(joined);
}

QString DatabaseDialog::table() const
{
    return m_table->currentText().trimmed();
}

void DatabaseDialog::setSource(const QString &text)
{
    for (QLineEdit *e : {m_service, m_host, m_port, m_dbname, m_user})
        e->clear();
    for (const auto &[key, value] : pairsOf(text)) {
        if (key == QLatin1String("service"))
            m_service->setText(value);
        else if (key == QLatin1String("host"))
            m_host->setText(value);
        else if (key == QLatin1String("port"))
            m_port->setText(value);
        else if (key == QLatin1String("dbname"))
            m_dbname->setText(value);
        else if (key == QLatin1String("user"))
            m_user->setText(value);
        // Anything else (a password above all) is not taken over.
    }
    update();
}

QStringList DatabaseDialog::remembered()
{
    return QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"))
        .value(QLatin1String(kSettingsKey))
        .toStringList();
}

void DatabaseDialog::remember(const QString &source)
{
    // Only what the fields make: never a password, whatever the caller passes.
    QStringList kept;
    for (const auto &[key, value] : pairsOf(source)) {
        if (key != QLatin1String("password"))
            kept << key + QLatin1Char('=') + quoted(value);
    }
    if (kept.isEmpty())
        return;
    const QString clean = QStringLiteral("PG:\"%1\"").arg(kept.join(QLatin1Char(' ')));
    QStringList list = remembered();
    list.removeAll(clean);
    list.prepend(clean);
    while (list.size() > kMaxRemembered)
        list.removeLast();
    QSettings(QStringLiteral("Rendezvous"), QStringLiteral("Rendezvous"))
        .setValue(QLatin1String(kSettingsKey), list);
}

void DatabaseDialog::test()
{
    if (m_watcher.isRunning() || source().isEmpty())
        return;
    m_status->setText(QStringLiteral("Connecting to %1\u2026").arg(source()));
    m_status->setStyleSheet(QString());
    // A password typed into the prompt earlier in this run (memory only).
    m_watcher.setFuture(QtConcurrent::run(&db::test, source(), kConnectTimeoutSeconds,
                                          db::sessionPassword(source())));
    update();
}

void DatabaseDialog::tested()
{
    const db::TestResult r = m_watcher.result();
    if (r.failure == db::Failure::NeedsPassword) {
        m_status->setText(r.message);
        m_status->setStyleSheet(QString());
        passwordprompt::ask(this, source(), r.message, [this] { test(); });
        update();
        return;
    }
    // A wrong password typed earlier is asked for again next time, not tried again.
    if (r.failure == db::Failure::BadPassword)
        db::forgetSessionPassword(source());
    m_status->setText(r.message);
    m_status->setStyleSheet(r.connected ? QStringLiteral("color: #1b5e20")
                                        : QStringLiteral("color: #b71c1c"));
    const QString typed = table();
    m_table->clear();
    m_table->addItems(r.tables);
    m_table->setCurrentText(!typed.isEmpty() ? typed : r.tables.value(0));
    update();
}

void DatabaseDialog::openChosen()
{
    if (source().isEmpty() || table().isEmpty())
        return;
    remember(source());
    accept();
}

void DatabaseDialog::update()
{
    const QString s = source();
    m_connection->setText(s);
    m_connection->setCursorPosition(0);
    m_testButton->setEnabled(!s.isEmpty() && !m_watcher.isRunning());
    m_buttons->button(QDialogButtonBox::Open)->setEnabled(!s.isEmpty() && !table().isEmpty());
}
