/* Sections in child processes (isolate.h).
 *
 * The parent forks up to `jobs` children, each rendering one section with
 * RLIMIT_AS and RLIMIT_CORE set, and multiplexes their pipes with poll()
 * against each child's deadline. A child writes one message: a header (its
 * bk_error, page count, sizes), the PDF bytes, then the bookmarks. The parent
 * trusts nothing in it: sizes are bounded and checked, and a short message
 * means the child died, which wait4() then explains. fork() rather than a
 * helper executable, because the plugin, fonts and Pango caches are already
 * loaded here and copy-on-write makes a child nearly free. */
#include "isolate.h"

#include <errno.h>
#include <fcntl.h>
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

#define WIRE_MAGIC 0x626b6672u           /* "bkfr" */
#define DEATH_MAGIC 0x626b6478u          /* "bkdx": a child's last words */
#define MAX_MESSAGE (512u * 1024 * 1024) /* a fragment larger than this is refused */
#define MAX_TITLE 4096u
#define DEFAULT_TIMEOUT 60.0
#define DEFAULT_MEMORY_MB 2048u

#if defined(__SANITIZE_ADDRESS__)
#define BK_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BK_UNDER_ASAN 1
#endif
#endif

typedef struct wire_head {
    uint32_t magic;
    int32_t pages;
    uint64_t pdf_len;
    uint64_t n_outline;
    bk_error err;
} wire_head;

typedef struct wire_outline {
    int32_t level;
    int32_t page;
    double y;
    uint32_t title_len;
} wire_outline;

typedef struct child {
    pid_t pid;
    int fd; /* -1 once the pipe reached EOF */
    size_t job;
    unsigned char *buf;
    size_t len, cap;
    double deadline;
    int overflow;
} child;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *section_label(const bk_section_job *job, char *buf, size_t n)
{
    snprintf(buf, n, "section '%s' (%s)", job->spec->id, job->plugin->desc.name);
    return buf;
}

static const bk_loc *section_loc(const bk_section_job *job)
{
    return job->spec->node ? &job->spec->node->loc : NULL;
}

/* ---- child side ---- */

static int write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

static void send_result(int fd, int rc, const bk_fragment *f, const bk_error *err)
{
    wire_head h = {.magic = WIRE_MAGIC};
    if (rc) {
        h.err = *err;
        if (!h.err.code)
            h.err.code = rc;
    } else {
        h.pages = f->pages;
        h.pdf_len = f->len;
        h.n_outline = f->n_outline;
    }
    if (write_all(fd, &h, sizeof h))
        return;
    if (rc)
        return;
    if (write_all(fd, f->pdf, f->len))
        return;
    for (size_t i = 0; i < f->n_outline; i++) {
        const bk_outline_entry *e = &f->outline[i];
        size_t tl = strlen(e->title);
        wire_outline w = {e->level, e->page, e->y, (uint32_t)(tl > MAX_TITLE ? MAX_TITLE : tl)};
        if (write_all(fd, &w, sizeof w) || write_all(fd, e->title, w.title_len))
            return;
    }
}

/* Sent by a child that is dying of a fatal signal: how much address space
 * it held. A resident-memory figure cannot tell "out of memory" from "a
 * bug": a child reaches render() holding ~190 MB of mostly non-resident
 * mappings (libraries, font maps, allocator arenas), so under a 256 MB
 * limit a plugin that exhausts its memory dies anywhere from 60 to 75 %
 * resident. Its address space at the moment of death says it exactly. */
typedef struct death_note {
    uint32_t magic;
    uint32_t pad;
    uint64_t vm_bytes;
} death_note;

static int death_fd = -1;
static unsigned char death_stack[65536]; /* a stack overflow must still be reported */

/* Async-signal-safe: open, read, write and raise only. */
static void on_fatal_signal(int sig)
{
    death_note note = {.magic = DEATH_MAGIC};
    char buf[64];
    int fd = open("/proc/self/statm", O_RDONLY);
    if (fd >= 0) {
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        uint64_t pages = 0;
        for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
            pages = pages * 10 + (uint64_t)(buf[i] - '0');
        note.vm_bytes = pages * (uint64_t)sysconf(_SC_PAGESIZE);
    }
    if (write(death_fd, &note, sizeof note) < 0)
        note.vm_bytes = 0; /* nothing more a dying child can do */
    raise(sig);            /* SA_RESETHAND: this time the default action */
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

static void child_main(const bk_section_job *job, const bk_isolation *iso, int fd)
{
    struct rlimit core = {0, 0};
    setrlimit(RLIMIT_CORE, &core);
#ifndef BK_UNDER_ASAN
    /* AddressSanitizer reserves terabytes of address space up front, so an
     * address-space limit would kill every child of a sanitizer build. */
    rlim_t bytes = (rlim_t)iso->memory_mb * 1024 * 1024;
    struct rlimit as = {bytes, bytes};
    setrlimit(RLIMIT_AS, &as);
    install_death_note(fd);
#else
    /* Unused under ASan (its own SEGV reports stay in charge); named here so
     * -Werror does not refuse the sanitizer and fuzz builds. */
    (void)iso;
    (void)install_death_note;
#endif
    bk_fragment f = {0};
    bk_error err;
    bk__error_clear(&err);
    int rc = bk__section_render(job, &f, &err);
    send_result(fd, rc, &f, &err);
    close(fd);
    /* _exit: no atexit handlers or stdio buffers inherited from the parent. */
    _exit(0);
}

/* ---- parent side ---- */

static int start_child(const bk_section_job *jobs, size_t i, const bk_isolation *iso,
                       child *c, bk_error *err)
{
    char label[256];
    int fds[2];
    if (pipe(fds))
        return bk__error(err, BK_EIO, section_loc(&jobs[i]), "%s: cannot create a pipe: %s",
                         section_label(&jobs[i], label, sizeof label), strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return bk__error(err, BK_EIO, section_loc(&jobs[i]), "%s: cannot fork: %s",
                         section_label(&jobs[i], label, sizeof label), strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        child_main(&jobs[i], iso, fds[1]);
    }
    close(fds[1]);
    memset(c, 0, sizeof *c);
    c->pid = pid;
    c->fd = fds[0];
    c->job = i;
    c->deadline = now_s() + iso->timeout;
    return 0;
}

/* Reads what is available; 1 at EOF, 0 otherwise. */
static int drain(child *c)
{
    unsigned char chunk[65536];
    ssize_t r = read(c->fd, chunk, sizeof chunk);
    if (r < 0)
        return errno == EINTR || errno == EAGAIN ? 0 : 1;
    if (r == 0)
        return 1;
    if (c->overflow || c->len + (size_t)r > MAX_MESSAGE) {
        c->overflow = 1;
        return 0;
    }
    if (c->len + (size_t)r > c->cap) {
        size_t cap = c->cap ? c->cap : 65536;
        while (cap < c->len + (size_t)r)
            cap *= 2;
        unsigned char *nb = realloc(c->buf, cap);
        if (!nb) {
            c->overflow = 1;
            return 0;
        }
        c->buf = nb;
        c->cap = cap;
    }
    memcpy(c->buf + c->len, chunk, (size_t)r);
    c->len += (size_t)r;
    return 0;
}

/* Decodes a child's message into `f` or `err`; BK_ECRASH when it is short or
 * malformed. */
static int decode(const child *c, bk_fragment *f, bk_error *err)
{
    wire_head h;
    if (c->len < sizeof h)
        return BK_ECRASH;
    memcpy(&h, c->buf, sizeof h);
    if (h.magic != WIRE_MAGIC)
        return BK_ECRASH;
    if (h.err.code) {
        *err = h.err;
        err->file[sizeof err->file - 1] = '\0';
        err->msg[sizeof err->msg - 1] = '\0';
        return h.err.code < 0 ? h.err.code : BK_ERENDER;
    }
    size_t off = sizeof h;
    if (h.pdf_len > c->len - off || h.n_outline > MAX_MESSAGE / sizeof(wire_outline))
        return BK_ECRASH;
    f->pdf = malloc(h.pdf_len ? h.pdf_len : 1);
    f->outline = calloc(h.n_outline ? h.n_outline : 1, sizeof *f->outline);
    if (!f->pdf || !f->outline)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    memcpy(f->pdf, c->buf + off, h.pdf_len);
    f->len = h.pdf_len;
    f->pages = h.pages;
    off += h.pdf_len;
    for (uint64_t i = 0; i < h.n_outline; i++) {
        wire_outline w;
        if (c->len - off < sizeof w)
            return BK_ECRASH;
        memcpy(&w, c->buf + off, sizeof w);
        off += sizeof w;
        if (w.title_len > MAX_TITLE || w.title_len > c->len - off)
            return BK_ECRASH;
        bk_outline_entry *e = &f->outline[f->n_outline];
        e->title = malloc(w.title_len + 1);
        if (!e->title)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        memcpy(e->title, c->buf + off, w.title_len);
        e->title[w.title_len] = '\0';
        e->level = w.level;
        e->page = w.page;
        e->y = w.y;
        f->n_outline++;
        off += w.title_len;
    }
    return off == c->len ? 0 : BK_ECRASH;
}

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV, a segmentation fault";
    case SIGABRT: return "SIGABRT, it called abort()";
    case SIGBUS: return "SIGBUS, a bus error";
    case SIGFPE: return "SIGFPE, an arithmetic error";
    case SIGILL: return "SIGILL, an illegal instruction";
    case SIGKILL: return "SIGKILL";
    case SIGXCPU: return "SIGXCPU, CPU time limit";
    default: return "a signal";
    }
}

/* Turns how the child ended into the section's outcome. */
static int finish_child(const bk_section_job *job, const bk_isolation *iso, child *c,
                        int status, const struct rusage *ru, int timed_out, bk_fragment *f,
                        bk_error *err)
{
    char label[256];
    section_label(job, label, sizeof label);
    const bk_loc *loc = section_loc(job);
    if (timed_out)
        return bk__error(err, BK_ETIMEOUT, loc,
                         "%s: did not finish within %g s and was stopped (set "
                         "--section-timeout to allow more)",
                         label, iso->timeout);
    if (c->overflow)
        return bk__error(err, BK_ELIMIT, loc, "%s: produced more than %u MB of output", label,
                         MAX_MESSAGE / (1024 * 1024));
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        /* Near the address-space limit, a crash is almost always a failed
         * allocation the plugin did not check (see death_note). */
        double peak_mb = ru->ru_maxrss / 1024.0;
        death_note note = {0};
        if (c->len == sizeof note)
            memcpy(&note, c->buf, sizeof note);
        double vm_mb = note.magic == DEATH_MAGIC ? (double)note.vm_bytes / (1024.0 * 1024.0) : 0;
        if (peak_mb >= 0.8 * (double)iso->memory_mb || vm_mb >= 0.9 * (double)iso->memory_mb)
            return bk__error(err, BK_ELIMIT, loc,
                             "%s: ran out of memory (limit %zu MB) and crashed (%s)", label,
                             iso->memory_mb, signal_name(sig));
        return bk__error(err, BK_ECRASH, loc, "%s: the plugin crashed (%s)", label,
                         signal_name(sig));
    }
    int rc = decode(c, f, err);
    if (rc == BK_ECRASH) {
        bk__fragment_free(f);
        if (WIFEXITED(status) && c->len == 0)
            return bk__error(err, BK_ECRASH, loc,
                             "%s: the plugin ended the process (exit status %d) before "
                             "finishing; plugins must not call exit()",
                             label, WEXITSTATUS(status));
        return bk__error(err, BK_ECRASH, loc, "%s: sent back a malformed result", label);
    }
    if (rc)
        bk__fragment_free(f);
    return rc;
}

static int render_isolated(const bk_section_job *jobs, size_t n, const bk_isolation *iso,
                           bk_fragment *frags, bk_error *errs)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t width = iso->jobs > 0 ? (size_t)iso->jobs : (size_t)(cpus > 0 ? cpus : 1);
    if (width > n)
        width = n;
    child *kids = calloc(width ? width : 1, sizeof *kids);
    struct pollfd *pfd = calloc(width ? width : 1, sizeof *pfd);
    if (!kids || !pfd) {
        free(kids);
        free(pfd);
        for (size_t i = 0; i < n; i++)
            bk__error(&errs[i], BK_ENOMEM, NULL, "out of memory");
        return BK_ENOMEM;
    }
    size_t next = 0, running = 0;
    for (;;) {
        while (running < width && next < n) {
            if (start_child(jobs, next, iso, &kids[running], &errs[next]) == 0)
                running++;
            next++;
        }
        if (!running)
            break;

        double now = now_s(), soonest = kids[0].deadline;
        for (size_t k = 0; k < running; k++) {
            pfd[k].fd = kids[k].fd;
            pfd[k].events = POLLIN;
            pfd[k].revents = 0;
            if (kids[k].deadline < soonest)
                soonest = kids[k].deadline;
        }
        int wait_ms = soonest > now ? (int)((soonest - now) * 1000) + 1 : 0;
        /* A child whose pipe is closed but that has not exited yet is
         * re-checked every few milliseconds. */
        for (size_t k = 0; k < running; k++)
            if (kids[k].fd < 0 && wait_ms > 5)
                wait_ms = 5;
        if (poll(pfd, running, wait_ms) < 0 && errno != EINTR)
            wait_ms = 0;

        for (size_t k = 0; k < running;) {
            child *c = &kids[k];
            if (c->fd >= 0 && (pfd[k].revents & (POLLIN | POLLHUP | POLLERR)) && drain(c)) {
                close(c->fd);
                c->fd = -1;
            }
            int status = 0, done = 0, timed_out = 0;
            struct rusage ru;
            memset(&ru, 0, sizeof ru);
            if (c->fd < 0 && wait4(c->pid, &status, WNOHANG, &ru) == c->pid)
                done = 1;
            if (!done && now_s() > c->deadline) {
                kill(c->pid, SIGKILL);
                while (wait4(c->pid, &status, 0, &ru) < 0 && errno == EINTR)
                    ;
                if (c->fd >= 0)
                    close(c->fd);
                done = timed_out = 1;
            }
            if (!done) {
                k++;
                continue;
            }
            finish_child(&jobs[c->job], iso, c, status, &ru, timed_out, &frags[c->job],
                         &errs[c->job]);
            free(c->buf);
            kids[k] = kids[--running];
            pfd[k] = pfd[running];
        }
    }
    free(kids);
    free(pfd);
    for (size_t i = 0; i < n; i++)
        if (errs[i].code)
            return errs[i].code;
    return 0;
}

int bk__render_all(const bk_section_job *jobs, size_t n, const bk_isolation *iso_in,
                   bk_fragment *frags, bk_error *errs)
{
    bk_isolation iso = *iso_in;
    if (iso.timeout <= 0)
        iso.timeout = DEFAULT_TIMEOUT;
    if (!iso.memory_mb)
        iso.memory_mb = DEFAULT_MEMORY_MB;
    for (size_t i = 0; i < n; i++)
        bk__error_clear(&errs[i]);
    if (iso.enabled)
        return render_isolated(jobs, n, &iso, frags, errs);
    int first = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = bk__section_render(&jobs[i], &frags[i], &errs[i]);
        if (rc && !first)
            first = rc;
    }
    return first;
}
