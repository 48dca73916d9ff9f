/* The plugins' validate callbacks, one child process per section
 * (validate_run.h). A child sends back its bk_error whole; anything else
 * (a crash, exit(), a hang past the section timeout) is worded as render
 * words it, through child_pool's bk__child_describe. */
#include "validate_run.h"

#include <string.h>
#include <sys/wait.h>

#include "child_pool.h"
#include "errors.h"

#define DEFAULT_TIMEOUT 60.0

static void validate_main(void *arg, bk_child *self)
{
    bk_error e;
    bk__section_validate(arg, &e);
    (void)bk__child_send(self, &e, sizeof e);
}

static int child_ended(const bk_section_job *job, const bk_child_event *ev, bk_error *e)
{
    char how[256];
    bk__child_describe(ev, how, sizeof how);
    const bk_loc *loc = job->spec->node ? &job->spec->node->loc : NULL;
    const char *id = job->spec->id, *name = job->plugin->desc.name;
    if (ev->kind == BK_CHILD_LATE)
        return bk__error(e, BK_ETIMEOUT, loc,
                         "section '%s' (%s): validate %s and was stopped (set "
                         "--section-timeout to allow more)",
                         id, name, how);
    if (ev->kind == BK_CHILD_DIED && WIFSIGNALED(ev->status) && !ev->out_of_memory)
        return bk__error(e, BK_ECRASH, loc,
                         "section '%s' (%s): the plugin crashed in validate: its process %s", id,
                         name, how);
    return bk__error(e, BK_ECRASH, loc, "section '%s' (%s): validate's process %s", id, name, how);
}

static int validate_isolated(const bk_section_job *job, const bk_isolation *iso, bk_error *e)
{
    bk_child_pool *pool = bk__child_pool_new(1);
    if (!pool)
        return bk__error(e, BK_ENOMEM, NULL, "out of memory");
    bk_child_opts o = {
        .deadline_ms = (iso->timeout > 0 ? iso->timeout : DEFAULT_TIMEOUT) * 1000.0,
        .memory_mb = iso->memory_mb ? iso->memory_mb : BK_SECTION_MEMORY_MB,
        .max_result = sizeof *e,
        .no_core_dump = 1,
    };
    int rc = bk__child_start(pool, 0, &o, validate_main, (void *)job, e);
    while (!rc) {
        bk_child_event ev;
        rc = bk__child_pool_wait(pool, &ev, e);
        if (rc || ev.kind == BK_CHILD_PROGRESS)
            continue;
        if (ev.kind == BK_CHILD_RESULT && ev.len == sizeof *e) {
            memcpy(e, ev.result, sizeof *e);
            e->file[sizeof e->file - 1] = '\0';
            e->msg[sizeof e->msg - 1] = '\0';
            rc = e->code;
        } else {
            rc = child_ended(job, &ev, e);
        }
        break;
    }
    bk__child_pool_free(pool);
    return rc;
}

int bk__validate_all(const bk_section_job *jobs, size_t n, const bk_isolation *iso, bk_error *err)
{
    bk_error all;
    bk__error_clear(&all);
    for (size_t i = 0; i < n; i++) {
        if (!jobs[i].plugin->desc.validate)
            continue;
        bk_error one;
        bk__error_clear(&one);
        if (iso->enabled)
            validate_isolated(&jobs[i], iso, &one);
        else
            bk__section_validate(&jobs[i], &one);
        bk__error_append(&all, &one);
    }
    if (all.code && err)
        *err = all;
    return all.code;
}
