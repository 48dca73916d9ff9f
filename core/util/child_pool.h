/* Internal: a pool of child processes, each running one function and
 * sending one result back over a pipe.
 *
 * Section isolation (isolate.h) and batch jobs (batch_run.c) both run work
 * in forked children that may crash, hang, call exit() or run out of
 * memory. This is the one place that forks them, gives each a deadline on
 * one monotonic clock (bk__now_ms), reads their pipes, kills them at their
 * deadline, reaps them, and says in one wording how a child ended
 * (bk__child_describe).
 *
 * A child may report progress (a one-byte tag, e.g. "my briefing is
 * assembled") any number of times, then sends one result; end-of-file
 * without a whole result means the child died, and its wait status says
 * how. The parent waits on the pipes (poll) and reaps each child by its pid,
 * never with waitpid(-1): it is a library, and must not reap children its
 * caller started. A child that sent its whole result is reaped later, once
 * it has finished exiting (unmapping a render's memory takes milliseconds),
 * while the caller goes on. */
#ifndef BK_CHILD_POOL_H
#define BK_CHILD_POOL_H

#include <limits.h>
#include <stddef.h>

#include <briefkit/error.h>

/* A result up to this size crosses the pipe in one write(), all or nothing
 * (POSIX: writes up to PIPE_BUF bytes are atomic); larger ones in several. */
#define BK_CHILD_ATOMIC_RESULT (PIPE_BUF - 9)
/* The largest result a child may send when bk_child_opts gives none. */
#define BK_CHILD_MAX_RESULT (512u * 1024 * 1024)

typedef struct bk_child_pool bk_child_pool;
/* In the child: its end of the pipe, for bk__child_progress and
 * bk__child_send. */
typedef struct bk_child bk_child;

typedef struct bk_child_opts {
    double deadline_ms; /* killed (SIGKILL) this long after its start; <= 0: never */
    size_t memory_mb;   /* address-space limit (RLIMIT_AS); 0: none. With a
                         * limit, a child dying of a fatal signal first says
                         * how much address space it held, so its end can
                         * tell "out of memory" from "a bug" */
    size_t max_result;  /* bytes; 0: BK_CHILD_MAX_RESULT */
    int no_core_dump;   /* RLIMIT_CORE 0: a crash is expected and reported */
} bk_child_opts;

typedef enum bk_child_event_kind {
    BK_CHILD_PROGRESS, /* a tag from bk__child_progress; the child runs on */
    BK_CHILD_RESULT,   /* its whole result arrived */
    BK_CHILD_DIED,     /* end-of-file without a whole result: `status` says how */
    BK_CHILD_LATE,     /* still running at its deadline: killed */
    BK_CHILD_TOO_BIG,  /* its result would exceed max_result: killed */
    BK_CHILD_GARBLED,  /* wrote what the pool does not understand: killed */
} bk_child_event_kind;

/* What bk__child_pool_wait reports. Every kind but BK_CHILD_PROGRESS ends
 * the child: it is no longer running. */
typedef struct bk_child_event {
    size_t id; /* as given to bk__child_start */
    bk_child_event_kind kind;
    int tag;            /* BK_CHILD_PROGRESS */
    const void *result; /* BK_CHILD_RESULT; the pool's, until the next wait or free */
    size_t len;
    int status;         /* the wait status (BK_CHILD_DIED and BK_CHILD_LATE) */
    int out_of_memory;  /* BK_CHILD_DIED of a signal near its memory limit */
    double ms;          /* since the child started */
    bk_child_opts opts; /* as it was started with (defaults filled in) */
} bk_child_event;

/* A pool for up to `max_children` children at once; NULL when out of
 * memory. */
bk_child_pool *bk__child_pool_new(size_t max_children);

/* Kills (SIGKILL) the children still running, reaps every child the pool
 * started, and frees the pool. NULL is allowed. */
void bk__child_pool_free(bk_child_pool *p);

/* Forks a child that calls fn(arg, self) and then exits; `id` names it in
 * its events. `o` NULL: no deadline, no limits. Returns 0, BK_ELIMIT when
 * the pool is full, or BK_EIO when no pipe or process can be made ("cannot
 * create a pipe: ..." or "cannot start a child process: ...", for the
 * caller to put its own subject in front of). */
int bk__child_start(bk_child_pool *p, size_t id, const bk_child_opts *o,
                    void (*fn)(void *arg, bk_child *self), void *arg, bk_error *err);

/* How many children are running (started, and not yet ended by an event). */
size_t bk__child_running(const bk_child_pool *p);

/* Waits for the next event of any running child, killing children at their
 * deadline on the way. 0 with *ev filled; BK_EINVAL when no child is
 * running; BK_EIO when poll() fails. */
int bk__child_pool_wait(bk_child_pool *p, bk_child_event *ev, bk_error *err);

/* In the child: sends a progress tag (delivered as BK_CHILD_PROGRESS). */
void bk__child_progress(bk_child *self, unsigned char tag);

/* In the child: sends its result, once. 0, or -1 when the pipe is gone. */
int bk__child_send(bk_child *self, const void *data, size_t len);

/* How a child ended, in the one wording every caller uses, as a predicate
 * for the caller's own subject ("the job's process " ...):
 *   "was killed by signal 11 (Segmentation fault)"
 *   "ran out of memory (limit 256 MB) and was killed by signal 11 (...)"
 *   "exited (status 3) without a result"
 *   "did not finish within 60 s"
 *   "sent a result larger than 512 MB"
 *   "sent a malformed message" */
void bk__child_describe(const bk_child_event *ev, char *buf, size_t n);

/* Milliseconds on the monotonic clock the deadlines use. */
double bk__now_ms(void);

#endif
