#pragma once

#include <QElapsedTimer>

#include <cstdio>

// Prints how long each stage of a job took, to stderr, when RENDEZVOUS_PROFILE is set
// in the environment; costs one branch otherwise. For finding where the time of a
// benchmark goes without a profiler.
class StageTimer
{
public:
    explicit StageTimer(const char *job)
        : m_job(job), m_on(qEnvironmentVariableIsSet("RENDEZVOUS_PROFILE"))
    {
        if (m_on)
            m_timer.start();
    }
    void lap(const char *stage)
    {
        if (!m_on)
            return;
        const qint64 ns = m_timer.nsecsElapsed();
        std::fprintf(stderr, "[profile] %s: %-24s %8.1f ms\n", m_job, stage, (ns - m_last) / 1e6);
        m_last = ns;
    }

private:
    const char *m_job;
    bool m_on;
    QElapsedTimer m_timer;
    qint64 m_last = 0;
};
