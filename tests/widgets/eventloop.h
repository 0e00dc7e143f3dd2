#pragma once

#include <QObject>
#include <QTest>
#include <QTimer>

// For the checks that something does NOT happen: runs the event loop until everything
// already posted, and every zero-interval timer already started, has run, `rounds` times
// over (a zero timer that calls update() posts a repaint, which runs in the next round).
// What would have caused the change has then demonstrably had its turn; no wait on time.
inline bool drainEvents(int rounds = 3)
{
    for (int i = 0; i < rounds; ++i) {
        QObject context;
        bool done = false;
        QTimer::singleShot(0, &context, [&done] { done = true; });
        if (!QTest::qWaitFor([&done] { return done; }, 20000))
            return false;
    }
    return true;
}
