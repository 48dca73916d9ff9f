/* Internal: schedules for batches of briefings.
 *
 *   briefkit_schedule: 1
 *   max_jobs: 20000                                   optional (default 10,000)
 *   jobs:
 *     - name: zone-profile
 *       template: ../../templates/zone-profile.yaml   relative to the schedule
 *       params: {clusters: chongqing}                 scalars; {{ period }} etc. expand
 *       data: [extra.yaml]                            optional, relative to the schedule
 *       output: out/{{ zone }}/profile-{{ period }}.pdf   relative to the schedule
 *       for_each:                                     optional
 *         data: ../data/zones.yaml                    relative to the schedule
 *         list: zones                                 dotted path to a list in it
 *         as: zone                                    the param each item binds
 *         key: id                                     the item field bound (items may be scalars)
 *       overrides: {binhai: {clusters: binhai}}       optional, per item key
 *
 * Expansion is deterministic: jobs in schedule order, for_each items in list
 * order; job i gets index i. Two jobs writing the same output is an error.
 *
 * Outputs stay in their folder: the output pattern's fixed part before its
 * first {{ }} names the folder ("out/" in out/{{ zone }}/profile.pdf), and
 * what the values put in it must be plain names: a for_each key that is
 * empty, "." or "..", or holds "/" or a control character, or an expanded
 * output with more folders than its pattern, is refused for that job (the
 * job fails with the location; the others run), so a data value can never
 * write outside the schedule's output folder. */
#ifndef BK_SCHEDULE_H
#define BK_SCHEDULE_H

/* How many jobs a schedule may expand to unless its `max_jobs:` says more,
 * and the most it may say: each job is a process and a PDF, and a list of a
 * million ids is more likely a wrong file than a month's work. */
#define BK_SCHEDULE_MAX_JOBS 10000
#define BK_SCHEDULE_MAX_JOBS_CAP 1000000

#include <stddef.h>

#include <briefkit/error.h>

#include "arena.h"
#include "node.h"

typedef struct bk_batch_job {
    const char *name;          /* "zone-profile" or "zone-profile[binhai]" */
    size_t index;              /* position in the expanded list, from 0 */
    const char *template_path; /* resolved against the schedule's folder */
    const char *output;        /* expanded and resolved */
    const char **sets;         /* "name=value", params then the for_each binding */
    size_t n_sets;
    const char **data_files; /* resolved */
    size_t n_data_files;
    const bk_node *node;     /* the job's MAP in the schedule, for locations */
    const bk_error *refused; /* set: the job is not run and fails with this */
} bk_batch_job;

typedef struct bk_schedule {
    const char *path;
    const char *dir;
    const char *period; /* "YYYY-MM" */
    bk_batch_job *jobs;
    size_t n_jobs;
} bk_schedule;

/* Loads and expands `path` for `period` (NULL: the month before now). */
int bk__schedule_load(bk_arena *a, const char *path, const char *period, bk_schedule **out,
                      bk_error *err);

/* 1 when job `index` belongs to shard K of N (1-based K): index % N == K-1.
 * K = 0 means no sharding: every job belongs. */
int bk__shard_has(size_t index, int k, int n);

#endif
