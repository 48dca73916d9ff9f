/* Fuzz target: the schedule loader (bk__schedule_load) on a fuzzed schedule
 * file, for a fixed period. The loader reads a path, so each input is
 * written to a file in a folder of this process's own; a for_each may name
 * another file of that folder (the corpus seeds write zones.yaml there) or
 * any file it likes, which is only read. On success every job must be
 * whole, and a job that is not refused must not write outside its output
 * pattern's folder (no ".." step, no control character). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "schedule.h"
#include "fuzz.h"

static const char zones[] = "zones:\n  - id: a\n  - id: b\n  - id: ../x\n  - id: ''\n";

static char dir[64];

static void remove_work_dir(void)
{
    const char *names[] = {"schedule.yaml", "zones.yaml"};
    for (size_t i = 0; i < 2; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

/* The folder the inputs are written to, made once per process and removed
 * at its exit. */
static const char *work_dir(void)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/bk_fuzz_schedule_XXXXXX");
        if (!mkdtemp(dir))
            abort();
        char p[128];
        snprintf(p, sizeof p, "%s/zones.yaml", dir);
        FILE *f = fopen(p, "wb");
        if (!f || fwrite(zones, 1, sizeof zones - 1, f) != sizeof zones - 1 || fclose(f))
            abort();
        atexit(remove_work_dir);
    }
    return dir;
}

static void check_job(const bk_batch_job *job)
{
    if (!job->name || !job->template_path || !job->output || !job->node)
        __builtin_trap();
    if (job->refused) {
        if (!job->refused->msg[0])
            __builtin_trap();
        return;
    }
    for (const unsigned char *p = (const unsigned char *)job->output; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            __builtin_trap();
    for (size_t i = 0; i < job->n_sets; i++)
        if (!job->sets[i] || !strchr(job->sets[i], '='))
            __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/schedule.yaml", work_dir());
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if ((size && fwrite(data, 1, size, f) != size) || fclose(f))
        abort();
    bk_arena *a = bk__arena_new(BK_FUZZ_ARENA_LIMIT);
    if (!a)
        return 0;
    bk_schedule *s = NULL;
    bk_error err;
    if (bk__schedule_load(a, path, "2025-02", &s, &err) == 0) {
        if (!s || !s->n_jobs)
            __builtin_trap();
        for (size_t i = 0; i < s->n_jobs; i++)
            check_job(&s->jobs[i]);
    } else if (!err.msg[0]) {
        __builtin_trap(); /* every failure must say why */
    }
    bk__arena_free(a);
    return 0;
}
