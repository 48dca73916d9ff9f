/* Child processes with a deadline and a result over a pipe (child_pool.h).
 *
 * What crosses a child's pipe is a sequence of messages, each opening with
 * one kind byte:
 *   'P' tag                     progress (2 bytes, one write)
 *   'D' uint64 address space    the last words of a child dying of a fatal
 *                               signal (9 bytes, one write, from its handler)
 *   'R' uint64 length, bytes    the result; nothing after it counts
 * The parent trusts nothing in it: a result longer than the child's
 * max_result or an unknown kind byte gets the child killed, and a message
 * cut short by end-of-file means the child died.
 *
 * fork() rather than a helper executable, because what the callers run
 * needs what is already loaded here (plugins, fonts, caches), and
 * copy-on-write makes a child nearly free.
 *
 * Each child leads a process group of its own, and once it has been reaped
 * the whole group is killed: a plugin that starts a process of its own and
 * leaves it running (holding the pipe open, or not) must not outlive its
 * section. For the same reason a child that exits while something it
 * started still holds its pipe is noticed by its exit, not by end-of-file:
 * children with an open pipe are looked at every ORPHAN_RECHECK_MS. */
#include "child_pool.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errors.h"
#include "write_all.h"

#define KIND_PROGRESS 'P'
#define KIND_DEATH 'D'
#define KIND_RESULT 'R'
#define HEAD 9            /* a kind byte and a uint64 */
#define READ_CHUNK 65536u /* read() at most this much at a time */
#define EXIT_RECHECK_MS 5 /* how often a child whose pipe closed is checked for its exit */
/* How often a child whose pipe is still open is checked for having exited
 * (something it started may hold the pipe). */
#define ORPHAN_RECHECK_MS 250

_Static_assert(BK_CHILD_ATOMIC_RESULT + HEAD == PIPE_BUF, "the header is HEAD bytes");

#if defined(__SANITIZE_ADDRESS__)
#define BK_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BK_UNDER_ASAN 1
#endif
#endif

struct bk_child {
    int fd;
};

/* A running child, as the parent sees it. */
typedef struct kid {
    pid_t pid;
    int fd; /* -1 once its pipe reached end-of-file */
    size_t id;
    bk_child_opts o;
    double t0, deadline; /* deadline 0: none */
    unsigned char *buf;  /* what was read and not yet taken, from buf[at] */
    size_t at, len, cap;
    uint64_t vm_bytes; /* from its last words, if any */
} kid;

struct bk_child_pool {
    kid *kids;
    size_t n, max;
    struct pollfd *pfd;
    size_t *pfd_kid;
    pid_t *exiting; /* sent their result; reaped once they have exited */
    size_t n_exiting, cap_exiting;
    unsigned char *held; /* the last result's buffer, until the next wait */
};

double bk__now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- the child's side ---- */

/* The dying child's pipe, for its signal handler: a handler can reach
 * nothing else. Set in the child only, once, after fork. */
static int death_fd = -1;
static unsigned char death_stack[65536]; /* a stack overflow must still be reported */

/* Sent by a child that is dying of a fatal signal: how much address space
 * it held. A resident-memory figure cannot tell "out of memory" from "a
 * bug": a child reaches a plugin holding ~190 MB of mostly non-resident
 * mappings (libraries, font maps, allocator arenas), so under a 256 MB
 * limit a plugin that exhausts its memory dies anywhere from 60 to 75 %
 * resident. Its address space at the moment of death says it exactly.
 * Async-signal-safe: open, read, write and raise only. */
static void on_fatal_signal(int sig)
{
    unsigned char note[HEAD] = {KIND_DEATH};
    char buf[64];
    uint64_t pages = 0;
    int fd = open("/proc/self/statm", O_RDONLY);
    if (fd >= 0) {
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
            pages = pages * 10 + (uint64_t)(buf[i] - '0');
    }
    uint64_t bytes = pages * (uint64_t)sysconf(_SC_PAGESIZE);
    memcpy(note + 1, &bytes, sizeof bytes);
    if (write(death_fd, note, sizeof note) < 0)
        pages = 0; /* nothing more a dying child can do */
    raise(sig);    /* SA_RESETHAND: this time the default action */
}

static void install_death_note(int fd)
{
    death_fd = fd;
    stack_t ss = {.ss_sp = death_stack, .ss_size = sizeof death_stack};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
        sigaction(fatal[i], &sa, NULL);
}

/* Caps the address space at `mb` MiB; 1 when capped, 0 under
 * AddressSanitizer, which reserves terabytes up front and would die of it. */
static int limit_address_space(size_t mb)
{
#ifndef BK_UNDER_ASAN
    rlim_t bytes = (rlim_t)mb * 1024 * 1024;
    struct rlimit as = {bytes, bytes};
    (void)setrlimit(RLIMIT_AS, &as);
    return 1;
#else
    (void)mb;
    return 0;
#endif
}

static _Noreturn void child_main(const bk_child_opts *o, int fd,
                                 void (*fn)(void *arg, bk_child *self), void *arg)
{
    if (o->no_core_dump) {
        struct rlimit core = {0, 0};
        setrlimit(RLIMIT_CORE, &core);
    }
    /* Under ASan its own SEGV reports stay in charge. */
    if (o->memory_mb && limit_address_space(o->memory_mb))
        install_death_note(fd);
    bk_child self = {fd};
    fn(arg, &self);
    close(fd);
    /* _exit: no atexit handlers or stdio buffers inherited from the parent. */
    _exit(self.fd < 0 ? 3 : 0);
}

void bk__child_progress(bk_child *self, unsigned char tag)
{
    const unsigned char msg[2] = {KIND_PROGRESS, tag};
    if (self->fd >= 0)
        (void)bk__write_all(self->fd, msg, sizeof msg);
}

int bk__child_send(bk_child *self, const void *data, size_t len)
{
    if (self->fd < 0)
        return -1;
    unsigned char msg[PIPE_BUF];
    uint64_t n = len;
    msg[0] = KIND_RESULT;
    memcpy(msg + 1, &n, sizeof n);
    int rc;
    if (len <= BK_CHILD_ATOMIC_RESULT) {
        memcpy(msg + HEAD, data, len);
        rc = bk__write_all(self->fd, msg, HEAD + len);
    } else {
        rc = bk__write_all(self->fd, msg, HEAD) || bk__write_all(self->fd, data, len) ? -1 : 0;
    }
    if (rc) {
        close(self->fd);
        self->fd = -1; /* exits with status 3: no result */
    }
    return rc;
}

/* ---- the parent's side ---- */

bk_child_pool *bk__child_pool_new(size_t max_children)
{
    bk_child_pool *p = calloc(1, sizeof *p);
    size_t m = max_children ? max_children : 1;
    if (!p || !(p->kids = calloc(m, sizeof *p->kids)) || !(p->pfd = calloc(m, sizeof *p->pfd)) ||
        !(p->pfd_kid = calloc(m, sizeof *p->pfd_kid))) {
        bk__child_pool_free(p);
        return NULL;
    }
    p->max = m;
    return p;
}

/* Kills what is left of the process group a reaped child led: whatever it
 * started (see the top of this file). */
static void kill_group(pid_t pid)
{
    (void)kill(-pid, SIGKILL);
}

static void reap(pid_t pid, int *status, struct rusage *ru)
{
    int st = 0;
    while (wait4(pid, &st, 0, ru) < 0 && errno == EINTR)
        ;
    kill_group(pid);
    if (status)
        *status = st;
}

/* Reaps the children in p->exiting that have exited; `block`: waits for
 * all of them. */
static void reap_exiting(bk_child_pool *p, int block)
{
    size_t k = 0;
    for (size_t i = 0; i < p->n_exiting; i++) {
        pid_t got;
        while ((got = waitpid(p->exiting[i], NULL, block ? 0 : WNOHANG)) < 0 && errno == EINTR)
            ;
        if (got == 0)
            p->exiting[k++] = p->exiting[i];
        else
            kill_group(p->exiting[i]);
    }
    p->n_exiting = k;
}

void bk__child_pool_free(bk_child_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        kill(-p->kids[i].pid, SIGKILL);
        kill(p->kids[i].pid, SIGKILL);
        if (p->kids[i].fd >= 0)
            close(p->kids[i].fd);
        reap(p->kids[i].pid, NULL, NULL);
        free(p->kids[i].buf);
    }
    reap_exiting(p, 1);
    free(p->exiting);
    free(p->held);
    free(p->kids);
    free(p->pfd);
    free(p->pfd_kid);
    free(p);
}

size_t bk__child_running(const bk_child_pool *p)
{
    return p->n;
}

int bk__child_start(bk_child_pool *p, size_t id, const bk_child_opts *o,
                    void (*fn)(void *arg, bk_child *self), void *arg, bk_error *err)
{
    if (p->n == p->max)
        return bk__error(err, BK_ELIMIT, NULL, "cannot start a child process: %zu are running",
                         p->n);
    bk_child_opts opts = {0};
    if (o)
        opts = *o;
    if (!opts.max_result)
        opts.max_result = BK_CHILD_MAX_RESULT;
    int fds[2];
    if (pipe(fds))
        return bk__error(err, BK_EIO, NULL, "cannot create a pipe: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        return bk__error(err, BK_EIO, NULL, "cannot start a child process: %s", strerror(e));
    }
    if (pid == 0) {
        /* Both sides set the group, so it exists whichever runs first. */
        (void)setpgid(0, 0);
        close(fds[0]);
        child_main(&opts, fds[1], fn, arg);
    }
    (void)setpgid(pid, pid);
    close(fds[1]);
    kid *c = &p->kids[p->n++];
    memset(c, 0, sizeof *c);
    c->pid = pid;
    c->fd = fds[0];
    c->id = id;
    c->o = opts;
    c->t0 = bk__now_ms();
    c->deadline = opts.deadline_ms > 0 ? c->t0 + opts.deadline_ms : 0;
    return 0;
}

/* Room for `more` bytes after what c->buf holds. */
static int reserve(kid *c, size_t more)
{
    if (c->at && c->at == c->len)
        c->at = c->len = 0;
    if (c->at) {
        memmove(c->buf, c->buf + c->at, c->len - c->at);
        c->len -= c->at;
        c->at = 0;
    }
    if (c->len + more <= c->cap)
        return 0;
    size_t cap = c->cap ? c->cap : READ_CHUNK;
    while (cap < c->len + more)
        cap *= 2;
    unsigned char *nb = realloc(c->buf, cap);
    if (!nb)
        return -1;
    c->buf = nb;
    c->cap = cap;
    return 0;
}

/* Reads what is available into c->buf; closes the pipe at end-of-file, or
 * when this process is out of memory (the child then ends without a
 * result). */
static void drain(kid *c)
{
    if (c->len == c->cap && reserve(c, READ_CHUNK)) {
        close(c->fd);
        c->fd = -1;
        return;
    }
    size_t room = c->cap - c->len;
    ssize_t r = read(c->fd, c->buf + c->len, room < READ_CHUNK ? room : READ_CHUNK);
    if (r < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (r <= 0) {
        close(c->fd);
        c->fd = -1;
        return;
    }
    c->len += (size_t)r;
}

/* Ends p->kids[i] into ev: fills what every end shares and drops the kid. */
static void end_kid(bk_child_pool *p, size_t i, bk_child_event_kind kind, bk_child_event *ev)
{
    kid *c = &p->kids[i];
    ev->id = c->id;
    ev->kind = kind;
    ev->ms = bk__now_ms() - c->t0;
    ev->opts = c->o;
    if (c->fd >= 0)
        close(c->fd);
    free(c->buf);
    p->kids[i] = p->kids[--p->n];
}

/* Kills a child that may not go on, reaps it, and ends it into ev. */
static void kill_kid(bk_child_pool *p, size_t i, bk_child_event_kind kind, bk_child_event *ev)
{
    kill(p->kids[i].pid, SIGKILL);
    reap(p->kids[i].pid, &ev->status, NULL);
    end_kid(p, i, kind, ev);
}

/* A child that sent its whole result: reaped now if it has exited, else
 * later (reap_exiting), or now after all when out of memory. */
static void let_exit(bk_child_pool *p, pid_t pid)
{
    if (waitpid(pid, NULL, WNOHANG) != 0) {
        kill_group(pid);
        return;
    }
    if (p->n_exiting == p->cap_exiting) {
        size_t cap = p->cap_exiting ? 2 * p->cap_exiting : 8;
        pid_t *e = realloc(p->exiting, cap * sizeof *e);
        if (!e) {
            reap(pid, NULL, NULL);
            return;
        }
        p->exiting = e;
        p->cap_exiting = cap;
    }
    p->exiting[p->n_exiting++] = pid;
}

/* 1 with *ev when p->kids[i] has something to report. */
static int next_event(bk_child_pool *p, size_t i, bk_child_event *ev)
{
    kid *c = &p->kids[i];
    while (c->len > c->at) {
        unsigned char *m = c->buf + c->at;
        size_t have = c->len - c->at;
        uint64_t word = 0;
        if (m[0] == KIND_PROGRESS) {
            if (have < 2)
                break;
            c->at += 2;
            memset(ev, 0, sizeof *ev);
            ev->id = c->id;
            ev->kind = BK_CHILD_PROGRESS;
            ev->tag = m[1];
            ev->ms = bk__now_ms() - c->t0;
            ev->opts = c->o;
            return 1;
        }
        if (m[0] != KIND_DEATH && m[0] != KIND_RESULT) {
            kill_kid(p, i, BK_CHILD_GARBLED, ev);
            return 1;
        }
        if (have < HEAD)
            break;
        memcpy(&word, m + 1, sizeof word);
        if (m[0] == KIND_DEATH) {
            c->vm_bytes = word;
            c->at += HEAD;
            continue;
        }
        if (word > c->o.max_result) {
            kill_kid(p, i, BK_CHILD_TOO_BIG, ev);
            return 1;
        }
        if (have - HEAD < word) {
            /* Room for the whole result at once: no doubling past it. */
            if (c->fd >= 0 && reserve(c, (size_t)word + HEAD - have)) {
                close(c->fd);
                c->fd = -1;
            }
            break;
        }
        /* The result: the caller reads it in place until its next wait. */
        pid_t pid = c->pid;
        ev->result = c->buf + c->at + HEAD;
        ev->len = (size_t)word;
        p->held = c->buf;
        c->buf = NULL;
        end_kid(p, i, BK_CHILD_RESULT, ev);
        let_exit(p, pid);
        return 1;
    }
    /* Exited, while something it started still holds the pipe open: read
     * what it sent, then treat the pipe as closed. WNOWAIT leaves the
     * child for wait4 below, which wants its status and usage. */
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (c->fd >= 0 && waitid(P_PID, (id_t)c->pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == c->pid) {
        int flags = fcntl(c->fd, F_GETFL);
        if (flags >= 0)
            (void)fcntl(c->fd, F_SETFL, flags | O_NONBLOCK);
        size_t before;
        do {
            before = c->len;
            drain(c);
        } while (c->fd >= 0 && c->len > before);
        if (c->fd >= 0) {
            close(c->fd);
            c->fd = -1;
        }
        return next_event(p, i, ev);
    }
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    pid_t got = c->fd < 0 ? wait4(c->pid, &status, WNOHANG, &ru) : 0;
    /* ECHILD: reaped by the system (the caller ignores SIGCHLD), status unknown. */
    if (got == c->pid || (got < 0 && errno == ECHILD)) {
        /* Near the address-space limit, a crash is almost always a failed
         * allocation the program did not check (see on_fatal_signal). */
        double peak_mb = (double)ru.ru_maxrss / 1024.0;
        double vm_mb = (double)c->vm_bytes / (1024.0 * 1024.0);
        double limit = (double)c->o.memory_mb;
        if (got == c->pid)
            kill_group(c->pid);
        ev->status = status;
        ev->out_of_memory =
            WIFSIGNALED(status) && limit > 0 && (peak_mb >= 0.8 * limit || vm_mb >= 0.9 * limit);
        end_kid(p, i, BK_CHILD_DIED, ev);
        return 1;
    }
    if (c->deadline && bk__now_ms() > c->deadline) {
        kill_kid(p, i, BK_CHILD_LATE, ev);
        return 1;
    }
    return 0;
}

/* How long poll() may wait: until the soonest deadline, and no longer than
 * EXIT_RECHECK_MS while a child whose pipe closed has not exited yet, or
 * ORPHAN_RECHECK_MS while one whose pipe is open runs (it may have exited
 * with something it started holding the pipe). */
static int poll_timeout(const bk_child_pool *p)
{
    double now = bk__now_ms(), wait = -1;
    for (size_t i = 0; i < p->n; i++) {
        const kid *c = &p->kids[i];
        double left = c->fd < 0 ? EXIT_RECHECK_MS : ORPHAN_RECHECK_MS;
        if (c->deadline && (left < 0 || c->deadline - now < left))
            left = c->deadline > now ? c->deadline - now : 0;
        if (left >= 0 && (wait < 0 || left < wait))
            wait = left;
    }
    if (wait > 3600e3)
        wait = 3600e3; /* an int's worth; the loop looks again then */
    return wait < 0 ? -1 : (int)ceil(wait) + (wait > 0);
}

int bk__child_pool_wait(bk_child_pool *p, bk_child_event *ev, bk_error *err)
{
    free(p->held);
    p->held = NULL;
    memset(ev, 0, sizeof *ev);
    if (!p->n)
        return bk__error(err, BK_EINVAL, NULL, "no child process is running");
    for (;;) {
        reap_exiting(p, 0);
        for (size_t i = 0; i < p->n; i++)
            if (next_event(p, i, ev))
                return 0;
        nfds_t n = 0;
        for (size_t i = 0; i < p->n; i++)
            if (p->kids[i].fd >= 0) {
                p->pfd[n] = (struct pollfd){p->kids[i].fd, POLLIN, 0};
                p->pfd_kid[n++] = i;
            }
        if (poll(p->pfd, n, poll_timeout(p)) < 0) {
            if (errno == EINTR)
                continue;
            return bk__error(err, BK_EIO, NULL, "poll: %s", strerror(errno));
        }
        for (nfds_t k = 0; k < n; k++)
            if (p->pfd[k].revents)
                drain(&p->kids[p->pfd_kid[k]]);
    }
}

/* glibc's descriptions, fixed here: strsignal() follows the locale, and a
 * placeholder page quotes these words. */
static const char *signal_words(int sig)
{
    switch (sig) {
    case SIGSEGV:
        return "Segmentation fault";
    case SIGABRT:
        return "Aborted";
    case SIGBUS:
        return "Bus error";
    case SIGFPE:
        return "Floating point exception";
    case SIGILL:
        return "Illegal instruction";
    case SIGKILL:
        return "Killed";
    case SIGTERM:
        return "Terminated";
    case SIGXCPU:
        return "CPU time limit exceeded";
    case SIGXFSZ:
        return "File size limit exceeded";
    case SIGPIPE:
        return "Broken pipe";
    case SIGSYS:
        return "Bad system call";
    case SIGTRAP:
        return "Trace/breakpoint trap";
    default:
        return strsignal(sig);
    }
}

void bk__child_describe(const bk_child_event *ev, char *buf, size_t n)
{
    switch (ev->kind) {
    case BK_CHILD_PROGRESS:
        snprintf(buf, n, "is still running");
        break;
    case BK_CHILD_RESULT:
        snprintf(buf, n, "sent its result");
        break;
    case BK_CHILD_LATE:
        snprintf(buf, n, "did not finish within %g s", ev->opts.deadline_ms / 1000.0);
        break;
    case BK_CHILD_TOO_BIG:
        if (ev->opts.max_result >= 1024 * 1024)
            snprintf(buf, n, "sent a result larger than %zu MB",
                     ev->opts.max_result / (1024 * 1024));
        else
            snprintf(buf, n, "sent a result larger than %zu bytes", ev->opts.max_result);
        break;
    case BK_CHILD_GARBLED:
        snprintf(buf, n, "sent a malformed message");
        break;
    case BK_CHILD_DIED:
        if (WIFSIGNALED(ev->status) && ev->out_of_memory)
            snprintf(buf, n, "ran out of memory (limit %zu MB) and was killed by signal %d (%s)",
                     ev->opts.memory_mb, WTERMSIG(ev->status), signal_words(WTERMSIG(ev->status)));
        else if (WIFSIGNALED(ev->status))
            snprintf(buf, n, "was killed by signal %d (%s)", WTERMSIG(ev->status),
                     signal_words(WTERMSIG(ev->status)));
        else
            snprintf(buf, n, "exited (status %d) without a result",
                     WIFEXITED(ev->status) ? WEXITSTATUS(ev->status) : -1);
        break;
    }
}
