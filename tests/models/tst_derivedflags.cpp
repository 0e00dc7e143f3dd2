// Event files without flag columns get their vessels' flags from the MMSIs' MIDs,
// marked as derived; malformed MMSIs are warnings on their rows, never guessed.
#include "categoryreader.h"
#include "io/csvreader.h"
#include "mergedstore.h"
#include "transfermodel.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

namespace {
QString data(const char *name)
{
    return QStringLiteral(RENDEZVOUS_TEST_DATA "/csv/") + QLatin1String(name);
}

LoadResult loadText(const QByteArray &text)
{
    return csv::readBuffer(std::string_view(text.constData(), size_t(text.size())),
                           QStringLiteral("memory.csv"), {});
}

QString flagA(const EventStore &s, size_t r)
{
    return s.text(Field::VesselAFlag, r);
}

QString flagB(const EventStore &s, size_t r)
{
    return s.text(Field::VesselBFlag, r);
}

const QString kMalformed = QStringLiteral("MMSI not 9 digits: no flag derived");
const QString kUnallocated = QStringLiteral("MMSI's MID not allocated by ITU: no flag derived");
} // namespace

class TestDerivedFlags : public QObject
{
    Q_OBJECT
private slots:
    void gfwStyleFileGetsFlags();
    void colourByFlagHasRealCountries();
    void flagColumnKeptAsIs();
    void onlyTheVesselWithoutAColumn();
    void modelMarksDerived();
    void survivesMerge();
    void parallelReaderAgreesWithRowByRow();
};

void TestDerivedFlags::gfwStyleFileGetsFlags()
{
    const LoadResult r = csv::readFile(data("gfw_mmsi_flags.csv"), {});
    QVERIFY(r.report.ok());
    QCOMPARE(r.report.loaded, 7); // every row loaded: a bad MMSI is no reason to reject
    const EventStore &s = *r.store;
    const QStringList a = {"CN", "TW", "", "MH", "HK", "", "DK"};
    const QStringList b = {"PA", "KP", "LR", "BS", "HN", "", ""};
    for (size_t i = 0; i < s.size(); ++i) {
        QCOMPARE(flagA(s, i), a[int(i)]);
        QCOMPARE(flagB(s, i), b[int(i)]);
        QCOMPARE(bool(s.flags(i) & EventStore::VesselAFlagFromMmsi), !a[int(i)].isEmpty());
        QCOMPARE(bool(s.flags(i) & EventStore::VesselBFlagFromMmsi), !b[int(i)].isEmpty());
    }
    // The MMSIs themselves are kept as written.
    QCOMPARE(s.text(Field::VesselAMmsi, 2), QStringLiteral("2000080"));
    QCOMPARE(s.text(Field::VesselBMmsi, 6), QStringLiteral("35200000A"));
    // Warnings name the rows (file lines: the header is line 1).
    QVERIFY(r.report.warnings.contains(kMalformed));
    QCOMPARE(r.report.warnings.value(kMalformed), (std::vector<uint32_t> {4, 8}));
    QCOMPARE(r.report.warnings.value(kUnallocated), (std::vector<uint32_t> {7}));
    QCOMPARE(r.report.warnings.size(), 2);
}

void TestDerivedFlags::colourByFlagHasRealCountries()
{
    // What colour by flag reads (CategoryReader, shared by the map, the legend and the
    // filter): before flags were derived every row of such a file was "" (Unknown).
    const LoadResult r = csv::readFile(data("gfw_encounters.csv"), {});
    QVERIFY(r.report.ok());
    CategoryReader a(*r.store, QStringLiteral("vessel_a_flag"));
    CategoryReader b(*r.store, QStringLiteral("vessel_b_flag"));
    QVERIFY(a.isValid() && b.isValid());
    QStringList seenA, seenB;
    for (size_t i = 0; i < r.store->size(); ++i) {
        seenA << QString::fromUtf8(a.value(i).data(), qsizetype(a.value(i).size()));
        seenB << QString::fromUtf8(b.value(i).data(), qsizetype(b.value(i).size()));
    }
    QCOMPARE(seenA, (QStringList {"CN", "CN", "TW", "CN"}));
    QCOMPARE(seenB, (QStringList {"KP", "KP", "JP", ""})); // MMSI 0: unknown vessel
    QVERIFY(r.report.warnings.isEmpty());
}

void TestDerivedFlags::flagColumnKeptAsIs()
{
    // A file that has flag columns says what the flag is, even when the MID disagrees
    // (a re-flagged vessel keeps its old MMSI) or the cell is empty.
    const LoadResult r =
        loadText("id,start_time,lat,lon,vessel_a_mmsi,vessel_a_flag,vessel_b_mmsi,vessel_b_flag\n"
                 "E-1,2020-01-01,1,1,352000002,LR,445123000,KP\n"
                 "E-2,2020-01-02,1,1,352000002,,2000080,\n");
    QVERIFY(r.report.ok());
    const EventStore &s = *r.store;
    QCOMPARE(flagA(s, 0), QStringLiteral("LR"));
    QCOMPARE(flagB(s, 0), QStringLiteral("KP"));
    QCOMPARE(flagA(s, 1), QString());
    QCOMPARE(flagB(s, 1), QString());
    for (size_t i = 0; i < s.size(); ++i)
        QCOMPARE(s.flags(i) & (EventStore::VesselAFlagFromMmsi | EventStore::VesselBFlagFromMmsi),
                 0);
    QVERIFY(r.report.warnings.isEmpty()); // nothing was derived, so nothing to warn about
}

void TestDerivedFlags::onlyTheVesselWithoutAColumn()
{
    const LoadResult r =
        loadText("id,start_time,lat,lon,vessel_a_mmsi,vessel_a_flag,vessel_b_mmsi\n"
                 "E-1,2020-01-01,1,1,352000002,PAN,636012345\n"
                 "E-2,2020-01-02,1,1,352000002,PAN,\n");
    QVERIFY(r.report.ok());
    const EventStore &s = *r.store;
    QCOMPARE(flagA(s, 0), QStringLiteral("PAN"));
    QCOMPARE(flagB(s, 0), QStringLiteral("LR"));
    QCOMPARE(s.flags(0) & EventStore::VesselAFlagFromMmsi, 0);
    QVERIFY(s.flags(0) & EventStore::VesselBFlagFromMmsi);
    QCOMPARE(flagB(s, 1), QString()); // no vessel B: nothing derived
    QCOMPARE(s.flags(1) & EventStore::VesselBFlagFromMmsi, 0);
}

void TestDerivedFlags::modelMarksDerived()
{
    const LoadResult r = csv::readFile(data("gfw_mmsi_flags.csv"), {});
    QVERIFY(r.report.ok());
    TransferModel model;
    model.setStore(r.store);
    const int a = TransferModel::columnForField(Field::VesselAFlag);
    const int b = TransferModel::columnForField(Field::VesselBFlag);
    // The table shows the code as a file would write it; Details names the country.
    QCOMPARE(model.index(0, b).data().toString(), QStringLiteral("PA"));
    QCOMPARE(model.index(0, b).data(TransferModel::DetailTextRole).toString(),
             QStringLiteral("PA · Panama (from MMSI)"));
    QCOMPARE(model.index(1, b).data(TransferModel::DetailTextRole).toString(),
             QStringLiteral("KP · North Korea (from MMSI)"));
    QCOMPARE(model.index(6, a).data(TransferModel::DetailTextRole).toString(),
             QStringLiteral("DK · Denmark (from MMSI)"));
    QCOMPARE(model.index(2, a).data(TransferModel::DetailTextRole).toString(), QString());
    QCOMPARE(model.index(0, TransferModel::flagsColumn()).data().toString(),
             QStringLiteral("A flag from MMSI, B flag from MMSI"));
    QCOMPARE(model.index(2, TransferModel::flagsColumn()).data().toString(),
             QStringLiteral("B flag from MMSI"));
    QVERIFY(model.index(0, 0)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("Vessel B flag: PA · Panama (from MMSI)")));

    // A flag read from the file is shown as read, not as derived.
    const LoadResult read = loadText("id,start_time,lat,lon,vessel_a_mmsi,vessel_a_flag\n"
                                     "E-1,2020-01-01,1,1,352000002,PA\n");
    model.setStore(read.store);
    QCOMPARE(model.index(0, a).data(TransferModel::DetailTextRole).toString(),
             QStringLiteral("PA"));
    QCOMPARE(model.index(0, TransferModel::flagsColumn()).data().toString(), QString());
    QVERIFY(
        !model.index(0, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("from MMSI")));
}

void TestDerivedFlags::survivesMerge()
{
    // Several event files shown as one store keep each row's origin of its flag.
    const LoadResult derived = csv::readFile(data("gfw_mmsi_flags.csv"), {});
    const LoadResult read = loadText("id,start_time,lat,lon,vessel_a_mmsi,vessel_a_flag\n"
                                     "E-1,2020-01-01,1,1,352000002,PA\n");
    const std::shared_ptr<const EventStore> merged =
        mergedstore::merge({{QStringLiteral("gfw_mmsi_flags.csv"), derived.store},
                            {QStringLiteral("memory.csv"), read.store}});
    QVERIFY(merged);
    QCOMPARE(merged->size(), size_t(8));
    QVERIFY(merged->flags(0) & EventStore::VesselBFlagFromMmsi);
    QCOMPARE(flagA(*merged, 7), QStringLiteral("PA"));
    QCOMPARE(merged->flags(7) & EventStore::VesselAFlagFromMmsi, 0);
}

void TestDerivedFlags::parallelReaderAgreesWithRowByRow()
{
    // The fast reader split into parts read by two threads and merged: the flags and
    // the warning rows must be those of the simple rule applied row by row.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("big.csv"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QByteArray text =
        "vessel_mmsi,encountered_vessel_mmsi,start_time,mean_latitude,mean_longitude\n";
    std::vector<uint32_t> malformed, unallocated;
    QStringList expectedA;
    const char *mmsis[] = {"352000002", "2000080", "200123456", "445123000", "636012345"};
    const char *flags[] = {"PA", "", "", "KP", "LR"};
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        const int k = (i * 7 + i / 3) % 5;
        text += mmsis[k];
        text += ",311000123,2020-01-01T00:00:00Z,1.5,2.5\n";
        expectedA << QLatin1String(flags[k]);
        const uint32_t line = uint32_t(i + 2);
        if (k == 1)
            malformed.push_back(line);
        if (k == 2)
            unallocated.push_back(line);
    }
    QCOMPARE(f.write(text), text.size());
    f.close();
    LoadOptions o;
    o.splitFrom = 0; // split however small
    o.threads = 2;
    o.parts = 7;
    const LoadResult r = csv::readFile(path, o);
    QVERIFY(r.report.ok());
    QCOMPARE(r.store->size(), size_t(n));
    for (int i = 0; i < n; ++i) {
        if (flagA(*r.store, size_t(i)) != expectedA[i])
            QFAIL(qPrintable(QStringLiteral("row %1").arg(i)));
        if (flagB(*r.store, size_t(i)) != QLatin1String("BS"))
            QFAIL(qPrintable(QStringLiteral("row %1 B").arg(i)));
    }
    QCOMPARE(r.report.warnings.value(kMalformed), malformed);
    QCOMPARE(r.report.warnings.value(kUnallocated), unallocated);
}

QTEST_GUILESS_MAIN(TestDerivedFlags)
#include "tst_derivedflags.moc"
