/* Internal: a batch's JSON summary, one file per period and shard.
 *
 *   {"schedule": ..., "period": ..., "started": ..., ["shard": "K/N",]
 *    "jobs": [{"name", "output", "status", "pages", "bytes",
 *              "milliseconds", "error"}, ...],
 *    "totals": {"jobs", "ok", "failed", "skipped", "pages", "bytes",
 *               "milliseconds"}}
 *
 * Written whole or not at all (atomic_write.h), so a reader never sees half
 * a summary. */
#ifndef BK_BATCH_SUMMARY_H
#define BK_BATCH_SUMMARY_H

#include <stddef.h>

#include <briefkit/briefkit.h>

#include "schedule.h"

typedef struct bk_batch_summary {
    const bk_schedule *schedule;
    int shard_index, shard_count; /* as in bk_batch_opts */
    const char *started;          /* UTC, ISO 8601 */
    const bk_batch_result *jobs;  /* this shard's, in order */
    size_t n_jobs;
    size_t ok, failed, skipped;
    double milliseconds;
} bk_batch_summary;

int bk__batch_summary_write(const char *path, const bk_batch_summary *s, bk_error *err);

/* <schedule folder>/<schedule name>-summary-<period>[-shard-K-of-N].json:
 * one file per period and shard, so shards never overwrite each other.
 * NULL when out of memory; the caller frees it. */
char *bk__batch_summary_path(const bk_schedule *s, int shard_index, int shard_count);

#endif
