/* Running a batch: every job of this shard in its own child process, a few
 * at once, a result for each over a pipe, and a JSON summary at the end.
 *
 * Why a process per job rather than a pool of long-lived workers: a render
 * loads fonts and plugins and builds a lot of state; a child that exits
 * returns all of it, so job 200 runs in the same clean process as job 1, a
 * plugin that leaks or corrupts memory harms one briefing, and a crash is
 * one "failed" line in the summary. The parent never renders, but it makes
 * the render environment every job's child inherits (render_env.h) and
 * prepares it once, before the first fork: the plugin registry and the
 * fonts no job changes, each template and its data files parsed once (all
 * the zones, when each job profiles one), and what the first job's
 * briefing needs (the libharu fonts, which every job with the same
 * characters takes over; the Pango fonts at every type size, measured over
 * those characters; the large streams every briefing repeats, deflated).
 * So a job's child starts with them instead of spending more time on them
 * than on its briefing. A preparation that fails is a warning: the jobs
 * then make what they need themselves.
 *
 * A job first renders its sections in its own process, one after another:
 * a child per section, and a Pango font map and its caches made again in
 * each, cost about as much as the drawing itself. The job's process is
 * already a child of its own, so a crash there harms nobody else; but only
 * section isolation names the section that crashed, gives it its deadline
 * and memory limit, and lets `on_error: placeholder` keep the briefing. So
 * a job whose process dies, exits without a result or overruns its
 * deadline runs once more, with every section in a child of its own
 * (isolate.h, one section at a time), and that run's result is the job's.
 * Both runs write the same bytes for the same input.
 *
 * The job processes run in a child_pool.h pool: a child sends one
 * fixed-size record as its result (smaller than PIPE_BUF, so the write is
 * atomic) and exits. Before that it says when its briefing is assembled
 * (TAG_ASSEMBLED): the atomic write that is left spends milliseconds waiting
 * for fsync, so the parent starts the next job then, and --jobs counts the
 * jobs still rendering (a tenth more briefings a second on two cores).
 *
 * --skip-unchanged: the job's child loads its template, hashes what it
 * loaded (batch_digest.h) and skips the render when OUT.pdf.inputs holds
 * the same digest, or else renders that same load, so a database is asked
 * once per job; the parent hashes once what every job shares. The summary
 * is batch_summary.h's. */
#include "schedule.h"

#include <briefkit/briefkit.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic_write.h"
#include "batch_digest.h"
#include "batch_summary.h"
#include "child_pool.h"
#include "errors.h"
#include "isolate.h"
#include "make_dirs.h"
#include "plan.h"
#include "render_env.h"
#include "template.h"

/* The first, in-process run of a job: its deadline, and its address-space
 * limit (the same as one isolated section's). Past either, the job runs
 * again with its sections isolated, where each section has its own. */
#define IN_PROCESS_DEADLINE_MS 60000.0
#define IN_PROCESS_MEMORY_MB BK_SECTION_MEMORY_MB

/* What a child sends back. */
typedef struct wire {
    int status; /* bk_batch_status */
    int pages;
    int copies;
    size_t bytes;
    double milliseconds;
    bk_error err;
} wire;

_Static_assert(sizeof(wire) <= BK_CHILD_ATOMIC_RESULT,
               "one result must be written atomically to a pipe");

/* A job's process, from its start until its result is read. */
typedef struct slot {
    size_t job;   /* index into the run's selected jobs; the process's id in the pool */
    int isolated; /* 0: the first, in-process run */
    int writing;  /* said TAG_ASSEMBLED: only writing its PDF is left */
} slot;

/* A progress tag a job's process sends once its briefing is assembled: what
 * is left is the write, whose fsyncs wait on the disk, so the parent lets
 * the next job start meanwhile. */
#define TAG_ASSEMBLED 'A'

typedef struct run {
    const bk_batch_opts *o;
    const bk_schedule *s;
    const bk_batch_job **sel; /* this shard's jobs, in order */
    size_t n_sel;
    wire *results;
    unsigned char env_digest[BK_DIGEST_LEN];
    bk_render_env *env; /* prepared once, inherited by every job; NULL: each opens its own */
} run;

/* ---- one job, in the child ---- */

/* A render's warnings, passed on with the job's name in front. */
struct job_warn {
    void (*warn)(void *ctx, const char *message);
    void *ctx;
    const char *job;
};

static void job_warn(void *ctx, const char *message)
{
    const struct job_warn *t = ctx;
    char line[2400];
    snprintf(line, sizeof line, "%s: %s", t->job, message);
    t->warn(t->ctx, line);
}

/* What `job` renders: the one place a job's inputs are set. */
static void job_opts(const run *r, const bk_batch_job *job, bk_render_opts *ro)
{
    bk_render_opts_init(ro);
    ro->template_path = job->template_path;
    ro->data_files = job->data_files;
    ro->n_data_files = job->n_data_files;
    ro->sets = job->sets;
    ro->n_sets = job->n_sets;
    ro->plugin_paths = r->o->plugin_paths;
    ro->n_plugin_paths = r->o->n_plugin_paths;
    ro->allow_paths = r->o->allow_paths;
    ro->n_allow_paths = r->o->n_allow_paths;
    ro->output = job->output;
    ro->period = r->s->period;
    ro->jobs = 1;
    ro->section_timeout = r->o->section_timeout;
    ro->section_memory_mb = r->o->section_memory_mb;
}

/* The job's input digest from its loaded template; 1 when OUT.pdf is there
 * and OUT.pdf.inputs already holds it (the job is skipped). */
static int unchanged(const run *r, const bk_batch_job *job, const bk_plan *p, const char *inputs,
                     char hex[BK_DIGEST_HEX], wire *w)
{
    struct stat st;
    if (bk__batch_job_digest(r->env_digest, p->tpl, r->s->period, hex, &w->err))
        return -1;
    if (stat(job->output, &st) != 0 || !bk__batch_digest_matches(inputs, hex))
        return 0;
    w->status = BK_BATCH_SKIPPED;
    w->bytes = (size_t)st.st_size;
    return 1;
}

/* Runs one job. With --skip-unchanged its template is loaded first, as the
 * render loads it (through the batch's parsed-file cache), and that one
 * load is both hashed and rendered: a data entry that queries a database
 * runs its query once, on one connection. */
static void run_job(const run *r, const bk_batch_job *job, int isolated, wire *w)
{
    bk_error *err = &w->err;
    double t0 = bk__now_ms();
    w->status = BK_BATCH_FAILED;
    if (bk__make_parents(job->output, err))
        return;
    bk_render_env *env = r->env, *own = NULL;
    if (!env && bk__render_env_new(r->o->plugin_paths, r->o->n_plugin_paths, &own, err))
        return;
    env = env ? env : own;
    bk_render_opts ro;
    job_opts(r, job, &ro);
    struct job_warn jw = {r->o->warn, r->o->warn_ctx, job->name};
    if (r->o->warn) {
        ro.warn = job_warn;
        ro.warn_ctx = &jw;
    }
    ro.isolate = isolated;
    char hex[BK_DIGEST_HEX] = "";
    char *inputs = NULL;
    bk_plan loaded;
    memset(&loaded, 0, sizeof loaded);
    if (r->o->skip_unchanged) {
        inputs = malloc(strlen(job->output) + sizeof ".inputs");
        int same = -1;
        if (!inputs) {
            bk__error(err, BK_ENOMEM, NULL, "out of memory");
        } else {
            sprintf(inputs, "%s.inputs", job->output);
            if (bk__plan_load(&ro, env->yaml, &loaded, err) == 0)
                same = unchanged(r, job, &loaded, inputs, hex, w);
        }
        if (same) {
            bk__plan_free(&loaded);
            free(inputs);
            bk__render_env_free(own);
            w->milliseconds = bk__now_ms() - t0;
            return;
        }
    }
    bk_render_stats st;
    int rc = inputs ? bk__render_loaded(env, &ro, &loaded, &st, err)
                    : bk__render_with(env, &ro, &st, err);
    if (rc == 0) {
        w->status = BK_BATCH_OK;
        w->pages = st.pages;
        w->copies = st.copies;
        w->bytes = st.bytes;
        if (inputs) {
            hex[BK_DIGEST_HEX - 1] = '\n';
            if (bk__write_atomic(inputs, hex, BK_DIGEST_HEX, err))
                w->status = BK_BATCH_FAILED;
        }
    }
    free(inputs);
    bk__render_env_free(own);
    w->milliseconds = bk__now_ms() - t0;
}

/* ---- the parent ---- */

/* Opens the env every job's child inherits and prepares it once
 * (render_env.h): each template of the run and its data parsed into the
 * env's cache, then the first job's fonts and streams, which every job with
 * the same characters (all of a for_each over one data file, as a rule)
 * takes over in its child. Only a saving: what fails is reported as a
 * warning, and each job then makes what it needs itself, reporting any
 * error with the same words a single render would use. */
static void prepare_env(run *r)
{
    bk_error e;
    bk_render_opts *briefings = NULL;
    int rc = bk__render_env_new(r->o->plugin_paths, r->o->n_plugin_paths, &r->env, &e);
    if (!rc && !(briefings = calloc(r->n_sel, sizeof *briefings)))
        rc = bk__error(&e, BK_ENOMEM, NULL, "out of memory");
    size_t n = 0;
    for (size_t j = 0; !rc && j < r->n_sel; j++) {
        const bk_batch_job *job = r->sel[j];
        size_t k = 0;
        while (k < j &&
               (r->sel[k]->refused || strcmp(r->sel[k]->template_path, job->template_path) != 0))
            k++;
        if (!job->refused && k == j)
            job_opts(r, job, &briefings[n++]);
    }
    if (!rc && n)
        rc = bk__render_env_prepare(r->env, briefings, n, &e);
    free(briefings);
    if (rc && r->o->warn) {
        char line[2048], msg[2200];
        bk_error_format(&e, line, sizeof line);
        snprintf(msg, sizeof msg, "preparing the batch (its jobs go on without it): %s", line);
        r->o->warn(r->o->warn_ctx, msg);
    }
}

static void tell_assembled(void *ctx)
{
    bk__child_progress(ctx, TAG_ASSEMBLED);
}

/* What a job's child runs: run_job, then its wire record as the result. */
typedef struct job_task {
    const run *r;
    size_t j;
    int isolated;
} job_task;

static void job_main(void *arg, bk_child *self)
{
    const job_task *t = arg;
    wire w;
    memset(&w, 0, sizeof w);
    if (t->r->env)
        bk__render_env_on_assembled(t->r->env, tell_assembled, self);
    run_job(t->r, t->r->sel[t->j], t->isolated, &w);
    (void)bk__child_send(self, &w, sizeof w);
}

/* Starts job j: its first run in its own process, under its deadline and
 * memory limit, or (`isolated`) the run with its sections isolated, where
 * each section has its own. */
static int start_job(const run *r, bk_child_pool *pool, size_t j, int isolated, bk_error *err)
{
    job_task t = {r, j, isolated};
    /* The first run gets one section's limits for the whole job: a
     * hanging plugin then costs two section timeouts, not more. */
    double deadline =
        r->o->section_timeout > 0 ? r->o->section_timeout * 1000.0 : IN_PROCESS_DEADLINE_MS;
    size_t memory = r->o->section_memory_mb ? r->o->section_memory_mb : IN_PROCESS_MEMORY_MB;
    bk_child_opts o = {
        .deadline_ms = isolated ? 0 : deadline,
        .memory_mb = isolated ? 0 : memory,
        .max_result = sizeof(wire),
    };
    return bk__child_start(pool, j, &o, job_main, &t, err);
}

/* Records how job j's process ended. Returns 1 when an in-process run gave
 * no result: the job must run again, isolated. */
static int finish_job(run *r, const bk_child_event *ev, int isolated)
{
    wire *w = &r->results[ev->id];
    if (ev->kind == BK_CHILD_RESULT && ev->len == sizeof *w) {
        memcpy(w, ev->result, sizeof *w);
        w->err.file[sizeof w->err.file - 1] = '\0';
        w->err.msg[sizeof w->err.msg - 1] = '\0';
        return 0;
    }
    if (!isolated)
        return 1;
    char how[256];
    bk__child_describe(ev, how, sizeof how);
    memset(w, 0, sizeof *w);
    w->status = BK_BATCH_FAILED;
    w->milliseconds = ev->ms;
    if (ev->kind == BK_CHILD_RESULT)
        bk__error(&w->err, BK_ECRASH, NULL, "the job's process sent a malformed result");
    else
        bk__error(&w->err, BK_ECRASH, NULL, "the job's process %s", how);
    return 0;
}

/* Job j's outcome as the caller sees it; points into r. */
static bk_batch_result result_of(const run *r, size_t j)
{
    const wire *w = &r->results[j];
    const bk_batch_job *job = r->sel[j];
    return (bk_batch_result){job->name,
                             job->output,
                             (bk_batch_status)w->status,
                             w->pages,
                             w->bytes,
                             w->milliseconds,
                             w->status == BK_BATCH_FAILED ? &w->err : NULL,
                             w->copies};
}

static void report(const run *r, size_t j, bk_batch_progress *pr, double t0)
{
    const wire *w = &r->results[j];
    bk_batch_result res = result_of(r, j);
    pr->done++;
    pr->failed += w->status == BK_BATCH_FAILED;
    pr->skipped += w->status == BK_BATCH_SKIPPED;
    pr->elapsed_ms = bk__now_ms() - t0;
    pr->last = &res;
    if (r->o->progress)
        r->o->progress(pr, r->o->user);
    pr->last = NULL;
}

static int run_all(run *r, bk_batch_progress *pr, double t0, bk_error *err)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t width = r->o->jobs > 0 ? (size_t)r->o->jobs : cpus > 0 ? (size_t)cpus : 1;
    if (width > r->n_sel)
        width = r->n_sel ? r->n_sel : 1;
    /* `width` jobs render at once; a job that is only writing its PDF does
     * not count, up to `width` of them (a stalled disk must not let every
     * job of the batch pile up in memory). */
    size_t cap = 2 * width;
    slot *live = calloc(cap, sizeof *live);
    bk_child_pool *pool = bk__child_pool_new(cap);
    if (!live || !pool) {
        free(live);
        bk__child_pool_free(pool);
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    }
    size_t next = 0, n_live = 0;
    int rc = 0;
    while ((next < r->n_sel && !rc) || n_live) {
        size_t rendering = 0;
        for (size_t i = 0; i < n_live; i++)
            rendering += !live[i].writing;
        while (rendering < width && next < r->n_sel && !rc && n_live < cap) {
            if (r->sel[next]->refused) {
                /* Refused by the schedule (an output that would leave its
                 * folder): failed, and never started. */
                r->results[next].status = BK_BATCH_FAILED;
                r->results[next].err = *r->sel[next]->refused;
                report(r, next++, pr, t0);
                continue;
            }
            rc = start_job(r, pool, next, 0, err);
            if (!rc) {
                live[n_live++] = (slot){next++, 0, 0};
                rendering++;
            }
        }
        if (!n_live)
            break;
        bk_child_event ev;
        if (bk__child_pool_wait(pool, &ev, err)) {
            rc = err->code;
            break;
        }
        size_t i = 0;
        while (live[i].job != ev.id)
            i++;
        if (ev.kind == BK_CHILD_PROGRESS) {
            live[i].writing |= ev.tag == TAG_ASSEMBLED;
            continue;
        }
        size_t j = live[i].job;
        if (finish_job(r, &ev, live[i].isolated)) {
            bk_error again;
            if (start_job(r, pool, j, 1, &again) == 0) {
                live[i] = (slot){j, 1, 0};
                continue;
            }
            memset(&r->results[j], 0, sizeof r->results[j]);
            r->results[j].status = BK_BATCH_FAILED;
            r->results[j].err = again;
        }
        live[i] = live[--n_live];
        report(r, j, pr, t0);
    }
    /* Only when poll() failed are jobs still running: stopped, the batch
     * has failed. */
    bk__child_pool_free(pool);
    free(live);
    return rc;
}

static int write_summary(const run *r, const char *path, const char *started, double ms,
                         const bk_batch_progress *pr, bk_error *err)
{
    bk_batch_result *jobs = calloc(r->n_sel + 1, sizeof *jobs);
    if (!jobs)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory writing the summary");
    for (size_t j = 0; j < r->n_sel; j++)
        jobs[j] = result_of(r, j);
    bk_batch_summary s = {
        .schedule = r->s,
        .shard_index = r->o->shard_index,
        .shard_count = r->o->shard_count,
        .started = started,
        .jobs = jobs,
        .n_jobs = r->n_sel,
        .ok = pr->done - pr->failed - pr->skipped,
        .failed = pr->failed,
        .skipped = pr->skipped,
        .milliseconds = ms,
    };
    int rc = bk__batch_summary_write(path, &s, err);
    free(jobs);
    return rc;
}

/* ---- public ---- */

void bk_batch_opts_init(bk_batch_opts *o)
{
    memset(o, 0, sizeof *o);
}

int bk_batch_parse_shard(const char *s, int *k, int *n, bk_error *err)
{
    char *end;
    errno = 0;
    long a = s ? strtol(s, &end, 10) : 0;
    if (!s || end == s || *end != '/' || errno)
        return bk__error(err, BK_EINVAL, NULL, "--shard \"%s\": expected K/N, e.g. 2/5",
                         s ? s : "");
    const char *q = end + 1;
    long b = strtol(q, &end, 10);
    if (end == q || *end || errno || s[0] == '-' || q[0] == '-' || q[0] == '+')
        return bk__error(err, BK_EINVAL, NULL, "--shard \"%s\": expected K/N, e.g. 2/5", s);
    if (b < 1 || b > 10000)
        return bk__error(err, BK_EINVAL, NULL, "--shard %s: N must be 1 to 10000", s);
    if (a < 1 || a > b)
        return bk__error(err, BK_EINVAL, NULL,
                         "--shard %s: K must be 1 to %ld (shards are numbered from 1)", s, b);
    *k = (int)a;
    *n = (int)b;
    return 0;
}

int bk_batch_run(const bk_batch_opts *o, bk_batch_totals *totals, bk_error *err)
{
    bk__error_clear(err);
    if (totals)
        memset(totals, 0, sizeof *totals);
    if (!o || !o->schedule_path)
        return bk__error(err, BK_EINVAL, NULL, "no schedule given");
    if (o->shard_index < 0 || o->shard_index > o->shard_count ||
        (o->shard_index == 0) != (o->shard_count == 0))
        return bk__error(err, BK_EINVAL, NULL, "shard %d/%d: expected 1 <= K <= N", o->shard_index,
                         o->shard_count);
    double t0 = bk__now_ms();
    time_t wall = time(NULL);
    struct tm tm;
    char started[32] = "";
    if (gmtime_r(&wall, &tm))
        strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm);

    bk_arena *a = bk__arena_new(0);
    if (!a)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    run r = {.o = o};
    char *summary = NULL;
    bk_schedule *sched = NULL;
    int rc = bk__schedule_load(a, o->schedule_path, o->period, &sched, err);
    r.s = sched;
    if (!rc) {
        r.sel = calloc(r.s->n_jobs + 1, sizeof *r.sel);
        r.results = calloc(r.s->n_jobs + 1, sizeof *r.results);
        summary = o->summary_path ? strdup(o->summary_path)
                                  : bk__batch_summary_path(r.s, o->shard_index, o->shard_count);
        if (!r.sel || !r.results || !summary)
            rc = bk__error(err, BK_ENOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; !rc && i < r.s->n_jobs; i++)
        if (bk__shard_has(r.s->jobs[i].index, o->shard_index, o->shard_count))
            r.sel[r.n_sel++] = &r.s->jobs[i];
    if (!rc && o->skip_unchanged)
        rc = bk__batch_env_digest(o->plugin_paths, o->n_plugin_paths, r.env_digest, err);
    if (!rc && r.n_sel)
        prepare_env(&r);
    bk_batch_progress pr = {.total = r.n_sel, .period = r.s ? r.s->period : NULL};
    if (!rc && o->progress)
        o->progress(&pr, o->user);
    if (!rc)
        rc = run_all(&r, &pr, t0, err);
    double ms = bk__now_ms() - t0;
    if (!rc)
        rc = write_summary(&r, summary, started, ms, &pr, err);
    if (!rc && pr.failed) {
        const wire *first = NULL;
        const bk_batch_job *fj = NULL;
        for (size_t j = 0; j < r.n_sel && !first; j++)
            if (r.results[j].status == BK_BATCH_FAILED) {
                first = &r.results[j];
                fj = r.sel[j];
            }
        char line[1024];
        bk_error_format(&first->err, line, sizeof line);
        rc = bk__error(err, BK_ERENDER, NULL, "%zu of %zu jobs failed; the first, %s: %s",
                       pr.failed, r.n_sel, fj->name, line);
    }
    if (totals) {
        totals->jobs = r.n_sel;
        totals->failed = pr.failed;
        totals->skipped = pr.skipped;
        totals->ok = pr.done - pr.failed - pr.skipped;
        totals->milliseconds = ms;
        if (summary && (!rc || rc == BK_ERENDER))
            snprintf(totals->summary_path, sizeof totals->summary_path, "%s", summary);
    }
    free(summary);
    free(r.sel);
    free(r.results);
    bk__render_env_free(r.env);
    bk__arena_free(a);
    return rc;
}
