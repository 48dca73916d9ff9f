/* Sections in child processes (isolate.h).
 *
 * The parent forks up to `jobs` children, each rendering one section with
 * RLIMIT_AS and RLIMIT_CORE set, and multiplexes their pipes with poll()
 * against each child's deadline. A child writes one message: a header (its
 * bk_error, page count, sizes), the PDF bytes, then the bookmarks. The parent
 * trusts nothing in it: sizes are bounded and checked, and a short message
 * means the child died, which wait4() then explains. fork() rather than a
 * helper executable, because the plugin, fonts and Pango caches are already
 * loaded here and copy-on-write makes a child nearly free.
 *
 * The sections of an engine that can share one document (engine.h; today
 * libharu) render first as one group, in one child (or in this process) and
 * one document, so each font is created and embedded once rather than once
 * per section (a CJK Type0 font alone costs libharu a walk over 65,536
 * codes). Its child writes one message per section, the
 * PDF only in the first. Its deadline is the section timeout times its
 * sections. Whatever goes wrong with the group (a crash, a hang, exit(),
 * memory, or any section's error), its sections render again one per child
 * as every other section does, so the error names the section at fault and
 * `on_error: placeholder` replaces that section only. */
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
#include "write_all.h"

#define WIRE_MAGIC 0x626b6672u           /* "bkfr" */
#define DEATH_MAGIC 0x626b6478u          /* "bkdx": a child's last words */
#define MAX_MESSAGE (512u * 1024 * 1024) /* a fragment larger than this is refused */
#define MAX_TITLE 4096u
#define DEFAULT_TIMEOUT 60.0
#define WIRE_SHARED 1u
#define WIRE_BORROWED 2u /* no PDF bytes: the group's first fragment has them */
#define GROUP_TASK ((size_t)-1)

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
    int32_t first_page;
    int32_t flags;  /* WIRE_SHARED, WIRE_BORROWED: as in bk_fragment */
    int32_t engine; /* as in bk_fragment */
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
    int fd;     /* -1 once the pipe reached EOF */
    size_t job; /* GROUP_TASK: the group sharing one document */
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

/* Copies `err` with the bytes past each string's end zeroed: the record
 * crosses a pipe whole, and should carry nothing but what was written. */
static void copy_error(bk_error *to, const bk_error *err)
{
    memset(to, 0, sizeof *to);
    to->code = err->code;
    to->line = err->line;
    to->col = err->col;
    snprintf(to->file, sizeof to->file, "%s", err->file);
    snprintf(to->msg, sizeof to->msg, "%s", err->msg);
}

static int send_result(int fd, int rc, const bk_fragment *f, const bk_error *err)
{
    wire_head h;
    memset(&h, 0, sizeof h); /* padding too: the record crosses the pipe whole */
    h.magic = WIRE_MAGIC;
    if (rc) {
        copy_error(&h.err, err);
        if (!h.err.code)
            h.err.code = rc;
    } else {
        h.pages = f->pages;
        h.first_page = f->first_page;
        h.flags = (f->grouped ? WIRE_SHARED : 0) | (f->shares_pdf ? WIRE_BORROWED : 0);
        h.engine = f->engine;
        h.pdf_len = f->shares_pdf ? 0 : f->len;
        h.n_outline = f->n_outline;
    }
    if (bk__write_all(fd, &h, sizeof h))
        return -1;
    if (rc)
        return 0;
    if (bk__write_all(fd, f->pdf, h.pdf_len))
        return -1;
    for (size_t i = 0; i < f->n_outline; i++) {
        const bk_outline_entry *e = &f->outline[i];
        size_t tl = strlen(e->title);
        wire_outline w;
        memset(&w, 0, sizeof w);
        w.level = e->level;
        w.page = e->page;
        w.y = e->y;
        w.title_len = (uint32_t)(tl > MAX_TITLE ? MAX_TITLE : tl);
        if (bk__write_all(fd, &w, sizeof w) || bk__write_all(fd, e->title, w.title_len))
            return -1;
    }
    return 0;
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

int bk__limit_address_space(size_t mb)
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

static void limit_child(const bk_isolation *iso, int fd)
{
    struct rlimit core = {0, 0};
    setrlimit(RLIMIT_CORE, &core);
    /* Under ASan its own SEGV reports stay in charge. */
    if (bk__limit_address_space(iso->memory_mb))
        install_death_note(fd);
}

static void child_main(const bk_section_job *job, const bk_isolation *iso, int fd)
{
    limit_child(iso, fd);
    bk_fragment f = {0};
    bk_error err;
    bk__error_clear(&err);
    int rc = bk__section_render(job, &f, &err);
    send_result(fd, rc, &f, &err);
    close(fd);
    /* _exit: no atexit handlers or stdio buffers inherited from the parent. */
    _exit(0);
}

/* The group's child: one message per section, or one error. */
/* Renders jobs[idx[0..ng)] as one group into out[0..ng). */
static int render_group(const bk_section_job *jobs, const size_t *idx, size_t ng, bk_fragment *out,
                        bk_error *err)
{
    bk_section_job *group = calloc(ng, sizeof *group);
    if (!group)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    for (size_t k = 0; k < ng; k++)
        group[k] = jobs[idx[k]];
    int rc = bk__section_render_group(group, ng, out, err);
    free(group);
    return rc;
}

static void group_child_main(const bk_section_job *jobs, const size_t *idx, size_t ng,
                             const bk_isolation *iso, int fd)
{
    limit_child(iso, fd);
    bk_fragment *frags = calloc(ng, sizeof *frags);
    bk_error err;
    bk__error_clear(&err);
    int rc = frags ? render_group(jobs, idx, ng, frags, &err)
                   : bk__error(&err, BK_ENOMEM, NULL, "out of memory");
    if (rc)
        send_result(fd, rc, NULL, &err);
    for (size_t k = 0; k < ng && rc == 0; k++)
        if (send_result(fd, 0, &frags[k], &err) < 0)
            break;
    close(fd);
    for (size_t k = 0; frags && k < ng; k++)
        bk__fragment_free(&frags[k]);
    free(frags);
    _exit(0);
}

/* ---- parent side ---- */

/* Starts jobs[i], or the group (i == GROUP_TASK, err unused: a group that
 * cannot start renders section by section). */
static int start_child(const bk_section_job *jobs, size_t i, const size_t *idx, size_t ng,
                       const bk_isolation *iso, child *c, bk_error *err)
{
    int group = i == GROUP_TASK;
    const bk_section_job *job = group ? &jobs[idx[0]] : &jobs[i];
    char label[256];
    int fds[2];
    if (pipe(fds))
        return group ? BK_EIO
                     : bk__error(err, BK_EIO, section_loc(job), "%s: cannot create a pipe: %s",
                                 section_label(job, label, sizeof label), strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return group ? BK_EIO
                     : bk__error(err, BK_EIO, section_loc(job), "%s: cannot fork: %s",
                                 section_label(job, label, sizeof label), strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        if (group)
            group_child_main(jobs, idx, ng, iso, fds[1]);
        child_main(job, iso, fds[1]);
    }
    close(fds[1]);
    memset(c, 0, sizeof *c);
    c->pid = pid;
    c->fd = fds[0];
    c->job = i;
    c->deadline = now_s() + iso->timeout * (double)(group ? ng : 1);
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

/* Decodes one message at c->buf[*at] into `f` or `err`, moving *at past
 * it; BK_ECRASH when it is short or malformed. A fragment borrowing its PDF
 * borrows `owner`'s (NULL: none may). */
static int decode_one(const child *c, size_t *at, bk_fragment *f, const bk_fragment *owner,
                      bk_error *err)
{
    wire_head h;
    size_t off = *at;
    if (c->len - off < sizeof h)
        return BK_ECRASH;
    memcpy(&h, c->buf + off, sizeof h);
    if (h.magic != WIRE_MAGIC)
        return BK_ECRASH;
    if (h.err.code) {
        *err = h.err;
        err->file[sizeof err->file - 1] = '\0';
        err->msg[sizeof err->msg - 1] = '\0';
        *at = c->len;
        return h.err.code < 0 ? h.err.code : BK_ERENDER;
    }
    off += sizeof h;
    int borrowed = (h.flags & WIRE_BORROWED) != 0;
    if (h.pdf_len > c->len - off || h.n_outline > MAX_MESSAGE / sizeof(wire_outline) ||
        (borrowed && (!owner || !owner->pdf || h.pdf_len != 0)) || h.first_page < 0 || h.pages < 0)
        return BK_ECRASH;
    f->outline = calloc(h.n_outline ? h.n_outline : 1, sizeof *f->outline);
    if (!f->outline)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    if (borrowed) {
        f->pdf = owner->pdf;
        f->len = owner->len;
        f->shares_pdf = 1;
    } else {
        f->pdf = malloc(h.pdf_len ? h.pdf_len : 1);
        if (!f->pdf)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        memcpy(f->pdf, c->buf + off, h.pdf_len);
        f->len = h.pdf_len;
    }
    f->pages = h.pages;
    f->first_page = h.first_page;
    f->grouped = (h.flags & WIRE_SHARED) != 0;
    f->engine = h.engine;
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
    *at = off;
    return 0;
}

/* Decodes a section child's message into `f` or `err`. */
static int decode(const child *c, bk_fragment *f, bk_error *err)
{
    size_t at = 0;
    int rc = decode_one(c, &at, f, NULL, err);
    return rc == 0 && at != c->len ? BK_ECRASH : rc;
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
static int finish_child(const bk_section_job *job, const bk_isolation *iso, child *c, int status,
                        const struct rusage *ru, int timed_out, bk_fragment *f, bk_error *err)
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

/* 1 when the group's child rendered every section and frags[idx[k]] hold
 * them; else 0 with those fragments freed. */
static int finish_group(const size_t *idx, size_t ng, child *c, int status, int timed_out,
                        bk_fragment *frags)
{
    int ok = !timed_out && !c->overflow && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    size_t at = 0;
    for (size_t k = 0; k < ng && ok; k++) {
        bk_error ignored;
        bk__error_clear(&ignored);
        ok = decode_one(c, &at, &frags[idx[k]], k ? &frags[idx[0]] : NULL, &ignored) == 0;
    }
    if (ok && at == c->len)
        return 1;
    for (size_t k = 0; k < ng; k++)
        bk__fragment_free(&frags[idx[k]]);
    return 0;
}

static int render_isolated(const bk_section_job *jobs, size_t n, const size_t *idx, size_t ng,
                           const bk_isolation *iso, bk_fragment *frags, bk_error *errs)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t width = iso->jobs > 0 ? (size_t)iso->jobs : (size_t)(cpus > 0 ? cpus : 1);
    if (width > n)
        width = n;
    child *kids = calloc(width ? width : 1, sizeof *kids);
    struct pollfd *pfd = calloc(width ? width : 1, sizeof *pfd);
    /* What is left to start: the group first (it takes longest), the other
     * sections, then the group's sections one by one if the group failed. */
    size_t *queue = calloc(n + 1, sizeof *queue);
    if (!kids || !pfd || !queue) {
        free(kids);
        free(pfd);
        free(queue);
        for (size_t i = 0; i < n; i++)
            bk__error(&errs[i], BK_ENOMEM, NULL, "out of memory");
        return BK_ENOMEM;
    }
    size_t queued = 0, next = 0, running = 0;
    if (ng)
        queue[queued++] = GROUP_TASK;
    for (size_t i = 0, k = 0; i < n; i++) {
        if (k < ng && idx[k] == i)
            k++;
        else
            queue[queued++] = i;
    }
    for (;;) {
        while (running < width && next < queued) {
            size_t t = queue[next++];
            if (start_child(jobs, t, idx, ng, iso, &kids[running],
                            t == GROUP_TASK ? NULL : &errs[t]) == 0)
                running++;
            else if (t == GROUP_TASK)
                for (size_t k = 0; k < ng; k++)
                    queue[queued++] = idx[k];
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
            if (c->job != GROUP_TASK)
                finish_child(&jobs[c->job], iso, c, status, &ru, timed_out, &frags[c->job],
                             &errs[c->job]);
            else if (!finish_group(idx, ng, c, status, timed_out, frags))
                for (size_t g = 0; g < ng; g++)
                    queue[queued++] = idx[g];
            free(c->buf);
            kids[k] = kids[--running];
            pfd[k] = pfd[running];
        }
    }
    free(kids);
    free(pfd);
    free(queue);
    for (size_t i = 0; i < n; i++)
        if (errs[i].code)
            return errs[i].code;
    return 0;
}

/* The group in this process: 0 when every section rendered into frags. */
static int render_group_here(const bk_section_job *jobs, const size_t *idx, size_t ng,
                             bk_fragment *frags)
{
    bk_fragment *out = calloc(ng, sizeof *out);
    bk_error ignored;
    int rc = out ? render_group(jobs, idx, ng, out, &ignored) : BK_ENOMEM;
    for (size_t k = 0; k < ng && rc == 0; k++)
        frags[idx[k]] = out[k];
    free(out);
    return rc;
}

int bk__render_all(const bk_section_job *jobs, size_t n, const bk_isolation *iso_in,
                   bk_fragment *frags, bk_error *errs)
{
    bk_isolation iso = *iso_in;
    if (iso.timeout <= 0)
        iso.timeout = DEFAULT_TIMEOUT;
    if (!iso.memory_mb)
        iso.memory_mb = BK_SECTION_MEMORY_MB;
    for (size_t i = 0; i < n; i++)
        bk__error_clear(&errs[i]);
    /* The group: the sections that can share one document with the first
     * that can. One alone gains nothing from it. */
    size_t *idx = calloc(n ? n : 1, sizeof *idx);
    if (!idx) {
        for (size_t i = 0; i < n; i++)
            bk__error(&errs[i], BK_ENOMEM, NULL, "out of memory");
        return BK_ENOMEM;
    }
    size_t ng = 0;
    for (size_t i = 0; i < n; i++)
        if (bk__section_joins_group(&jobs[i], ng ? &jobs[idx[0]] : NULL))
            idx[ng++] = i;
    if (ng < 2)
        ng = 0;
    if (iso.enabled) {
        int rc = render_isolated(jobs, n, idx, ng, &iso, frags, errs);
        free(idx);
        return rc;
    }
    int first = 0, grouped = ng > 0 && render_group_here(jobs, idx, ng, frags) == 0;
    for (size_t i = 0, k = 0; i < n; i++) {
        if (grouped && k < ng && idx[k] == i) {
            k++;
            continue;
        }
        int rc = bk__section_render(&jobs[i], &frags[i], &errs[i]);
        if (rc && !first)
            first = rc;
    }
    free(idx);
    return first;
}
