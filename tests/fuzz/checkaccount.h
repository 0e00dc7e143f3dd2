#pragma once

#include "eventstore.h"
#include "io/loadreport.h"

#include <cstdint>
#include <cstdlib>

// What every reader promises on any input: the account adds up (every record is
// loaded, rejected once, or a removed duplicate, and every loaded event is in the
// store), and a failed load has no store. Aborts, for libFuzzer, when it does not.
inline void checkAccount(const LoadResult &r)
{
    if (r.report.ok()) {
        if (!r.store || int64_t(r.store->size()) != r.report.loaded)
            std::abort();
        const int64_t removed = r.report.duplicatesRemoved ? r.report.duplicates : 0;
        if (r.report.loaded + int64_t(r.report.rejections.size()) + removed != r.report.records)
            std::abort();
    } else if (r.store) {
        std::abort();
    }
}
