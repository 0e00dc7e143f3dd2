#pragma once

#include <QElapsedTimer>

#include <cstdio>
#include <ctime>

// Prints how long each stage of a job took, to stderr, when RENDEZVOUS_PROFILE is set
// in the environment; costs one branch otherwise. For finding where the time of a
// benchmark goes without a profiler: the wall time, and the CPU time of the whole
// process (all threads), which other programs running at the same time do not inflate.
class StageTimer
{
public:
    explicit StageTimer(const char *job)
        : m_job(job), m_on(qEnvironmentVariableIsSet("RENDEZVOUS_PROFILE"))
    {
        if (m_on) {
            m_timer.start();
            m_lastCpu = cpuNs();
        }
    }
    void lap(const char *stage)
    {
        if (!m_on)
            return;
        const qint64 ns = m_timer.nsecsElapsed();
        const qint64 cpu = cpuNs();
        std::fprintf(stderr, "[profile] %s: %-24s %8.1f ms  (cpu %8.1f ms)\n", m_job, stage,
                     (ns - m_last) / 1e6, (cpu - m_lastCpu) / 1e6);
        m_last = ns;
        m_lastCpu = cpu;
    }

private:
    static qint64 cpuNs()
    {
        timespec t {};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
    }
    const char *m_job;
    bool m_on;
    QElapsedTimer m_timer;
    qint64 m_last = 0, m_lastCpu = 0;
};
