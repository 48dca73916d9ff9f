/* Sections in child processes (isolate.h).
 *
 * Up to `jobs` children at once (child_pool.h), each rendering one section
 * under the section's deadline and address-space limit, with core dumps off.
 * A child sends one result: per section a header (its bk_error, page count,
 * sizes), the PDF bytes, then the bookmarks. The parent trusts nothing in
 * it: sizes are bounded and checked, and a child that ends without a result
 * costs its section an error that says how it ended.
 *
 * The group (section_run.h, bk__section_group) renders first, in one child
 * (or in this process): the sections of an engine that can share one
 * document (engine.h; today libharu) into one document, so each font is
 * created and embedded once rather than once per section (a CJK Type0 font
 * alone costs libharu a walk over 65,536 codes), and the sections `break:
 * auto` links, in order, since each starts where the one before it ended.
 * Its child's result holds one message per section, a shared document's
 * PDF only in its first section's. Its deadline is the section timeout
 * times its sections.
 * Whatever goes wrong with the group (a crash, a hang, exit(), memory, or
 * any section's error), its sections render again one per child as every
 * other section does, each from a new page, so the error names the section
 * at fault and
 * `on_error: placeholder` replaces that section only. */
#include "isolate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child_pool.h"
#include "byte_buf.h"
#include "errors.h"

#define WIRE_MAGIC 0x626b6672u /* "bkfr" */
#define MAX_TITLE 4096u
#define DEFAULT_TIMEOUT 60.0
#define WIRE_SHARED 1u
#define WIRE_BORROWED 2u  /* no PDF bytes: the group's fragment `owner` has them */
#define WIRE_CONTINUES 4u /* begins on the previous section's last page */
#define WIRE_OVERLAY 8u   /* ... on a page of its own laid over that one */
#define GROUP_TASK ((size_t)-1)

typedef struct wire_head {
    uint32_t magic;
    int32_t pages;
    int32_t first_page;
    int32_t flags;  /* WIRE_*: as in bk_fragment */
    int32_t engine; /* as in bk_fragment */
    int32_t owner;  /* WIRE_BORROWED: the group's message holding the PDF */
    double start_y; /* as in bk_fragment, with WIRE_CONTINUES */
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

/* What a child renders: jobs[job], or the group jobs[idx[0..ng)]. */
typedef struct task {
    const bk_section_job *jobs;
    size_t job; /* GROUP_TASK: the group sharing one document */
    const size_t *idx;
    size_t ng;
} task;

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

/* One section's message: a header (its bk_error, page count, sizes), the
 * PDF bytes, then the bookmarks. */
static void put_result(bk_buf *m, int rc, const bk_fragment *f, int owner, const bk_error *err)
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
        h.flags = (f->grouped ? WIRE_SHARED : 0) | (f->shares_pdf ? WIRE_BORROWED : 0) |
                  (f->continues ? WIRE_CONTINUES : 0) | (f->overlay ? WIRE_OVERLAY : 0);
        h.owner = owner;
        h.start_y = f->start_y;
        h.engine = f->engine;
        h.pdf_len = f->shares_pdf ? 0 : f->len;
        h.n_outline = f->n_outline;
    }
    bk__buf_put(m, &h, sizeof h);
    if (rc)
        return;
    bk__buf_put(m, f->pdf, h.pdf_len);
    for (size_t i = 0; i < f->n_outline; i++) {
        const bk_outline_entry *e = &f->outline[i];
        size_t tl = strlen(e->title);
        wire_outline w;
        memset(&w, 0, sizeof w);
        w.level = e->level;
        w.page = e->page;
        w.y = e->y;
        w.title_len = (uint32_t)(tl > MAX_TITLE ? MAX_TITLE : tl);
        bk__buf_put(m, &w, sizeof w);
        bk__buf_put(m, e->title, w.title_len);
    }
}

/* Sends the result `m` holds, or, when there was no memory to build it,
 * an error made without any. */
static void send_msg(bk_child *self, bk_buf *m)
{
    if (!m->failed) {
        (void)bk__child_send(self, m->p, m->n);
    } else {
        wire_head h;
        memset(&h, 0, sizeof h);
        h.magic = WIRE_MAGIC;
        bk__error(&h.err, BK_ENOMEM, NULL, "out of memory sending the section's result");
        (void)bk__child_send(self, &h, sizeof h);
    }
    free(m->p);
}

static void section_main(void *arg, bk_child *self)
{
    const task *t = arg;
    bk_fragment f = {0};
    bk_error err;
    bk__error_clear(&err);
    int rc = bk__section_render(&t->jobs[t->job], &f, &err);
    bk_buf m = {0};
    put_result(&m, rc, &f, 0, &err);
    send_msg(self, &m);
    bk__fragment_free(&f);
}

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

/* The group's child: one message per section, the PDF only in the first,
 * or one error. */
static void group_main(void *arg, bk_child *self)
{
    const task *t = arg;
    bk_fragment *frags = calloc(t->ng, sizeof *frags);
    bk_error err;
    bk__error_clear(&err);
    int rc = frags ? render_group(t->jobs, t->idx, t->ng, frags, &err)
                   : bk__error(&err, BK_ENOMEM, NULL, "out of memory");
    bk_buf m = {0};
    if (rc)
        put_result(&m, rc, NULL, 0, &err);
    for (size_t k = 0; k < t->ng && rc == 0; k++) {
        int owner = 0;
        for (size_t o = 0; o < k && frags[k].shares_pdf; o++)
            if (!frags[o].shares_pdf && frags[o].pdf == frags[k].pdf)
                owner = (int)o;
        put_result(&m, 0, &frags[k], owner, &err);
    }
    send_msg(self, &m);
    for (size_t k = 0; frags && k < t->ng; k++)
        bk__fragment_free(&frags[k]);
    free(frags);
}

/* ---- parent side ---- */

/* Starts jobs[i], or the group (i == GROUP_TASK, err unused: a group that
 * cannot start renders section by section). Its deadline is the section
 * timeout, times its sections for the group. */
static int start_child(bk_child_pool *pool, const bk_section_job *jobs, size_t i, const size_t *idx,
                       size_t ng, const bk_isolation *iso, bk_error *err)
{
    int group = i == GROUP_TASK;
    task t = {jobs, i, idx, ng};
    bk_child_opts o = {
        .deadline_ms = iso->timeout * 1000.0 * (double)(group ? ng : 1),
        .memory_mb = iso->memory_mb,
        .no_core_dump = 1,
    };
    bk_error why;
    int rc = bk__child_start(pool, i, &o, group ? group_main : section_main, &t, &why);
    if (rc && !group) {
        char label[256];
        bk__error(err, rc, section_loc(&jobs[i]), "%s: %s",
                  section_label(&jobs[i], label, sizeof label), why.msg);
    }
    return rc;
}

/* Decodes one message at buf[*at] into `f` or `err`, moving *at past it;
 * BK_ECRASH when it is short or malformed. A fragment borrowing its PDF
 * borrows that of earlier[owner], one of the `n_earlier` messages of its
 * group before it, which must own one. */
static int decode_one(const unsigned char *buf, size_t len, size_t *at, bk_fragment *f,
                      const bk_fragment *const *earlier, size_t n_earlier, bk_error *err)
{
    wire_head h;
    size_t off = *at;
    if (len - off < sizeof h)
        return BK_ECRASH;
    memcpy(&h, buf + off, sizeof h);
    if (h.magic != WIRE_MAGIC)
        return BK_ECRASH;
    if (h.err.code) {
        *err = h.err;
        err->file[sizeof err->file - 1] = '\0';
        err->msg[sizeof err->msg - 1] = '\0';
        *at = len;
        return h.err.code < 0 ? h.err.code : BK_ERENDER;
    }
    off += sizeof h;
    int borrowed = (h.flags & WIRE_BORROWED) != 0;
    const bk_fragment *owner =
        borrowed && h.owner >= 0 && (size_t)h.owner < n_earlier ? earlier[h.owner] : NULL;
    if (owner && owner->shares_pdf)
        owner = NULL;
    if (h.pdf_len > len - off || h.n_outline > (len - off) / sizeof(wire_outline) ||
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
        memcpy(f->pdf, buf + off, h.pdf_len);
        f->len = h.pdf_len;
    }
    f->pages = h.pages;
    f->first_page = h.first_page;
    f->grouped = (h.flags & WIRE_SHARED) != 0;
    f->continues = (h.flags & WIRE_CONTINUES) != 0;
    f->overlay = f->continues && (h.flags & WIRE_OVERLAY) != 0;
    if (f->continues && !f->overlay && !f->grouped)
        return BK_ECRASH;
    f->start_y = h.start_y;
    f->engine = h.engine;
    off += h.pdf_len;
    for (uint64_t i = 0; i < h.n_outline; i++) {
        wire_outline w;
        if (len - off < sizeof w)
            return BK_ECRASH;
        memcpy(&w, buf + off, sizeof w);
        off += sizeof w;
        if (w.title_len > MAX_TITLE || w.title_len > len - off)
            return BK_ECRASH;
        bk_outline_entry *e = &f->outline[f->n_outline];
        e->title = malloc(w.title_len + 1);
        if (!e->title)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        memcpy(e->title, buf + off, w.title_len);
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

/* Turns how a section's child ended into the section's outcome. */
static int finish_child(const bk_section_job *job, const bk_child_event *ev, bk_fragment *f,
                        bk_error *err)
{
    char label[256], how[256];
    section_label(job, label, sizeof label);
    bk__child_describe(ev, how, sizeof how);
    const bk_loc *loc = section_loc(job);
    switch (ev->kind) {
    case BK_CHILD_LATE:
        return bk__error(err, BK_ETIMEOUT, loc,
                         "%s: %s and was stopped (set --section-timeout to allow more)", label,
                         how);
    case BK_CHILD_TOO_BIG:
        return bk__error(err, BK_ELIMIT, loc, "%s: its process %s", label, how);
    case BK_CHILD_DIED:
        if (ev->out_of_memory)
            return bk__error(err, BK_ELIMIT, loc, "%s: its process %s", label, how);
        if (WIFSIGNALED(ev->status))
            return bk__error(err, BK_ECRASH, loc, "%s: the plugin crashed: its process %s", label,
                             how);
        return bk__error(err, BK_ECRASH, loc, "%s: its process %s; plugins must not call exit()",
                         label, how);
    case BK_CHILD_RESULT:
        break;
    default:
        return bk__error(err, BK_ECRASH, loc, "%s: its process %s", label, how);
    }
    size_t at = 0;
    int rc = decode_one(ev->result, ev->len, &at, f, NULL, 0, err);
    if (rc == 0 && at != ev->len)
        rc = BK_ECRASH;
    if (rc == BK_ECRASH)
        bk__error(err, BK_ECRASH, loc, "%s: sent back a malformed result", label);
    if (rc)
        bk__fragment_free(f);
    return rc;
}

/* 1 when the group's child rendered every section and frags[idx[k]] hold
 * them; else 0 with those fragments freed. */
static int finish_group(const size_t *idx, size_t ng, const bk_child_event *ev, bk_fragment *frags)
{
    int ok = ev->kind == BK_CHILD_RESULT;
    const bk_fragment **earlier = calloc(ng ? ng : 1, sizeof *earlier);
    size_t at = 0;
    ok = ok && earlier;
    for (size_t k = 0; k < ng && ok; k++) {
        bk_error ignored;
        bk__error_clear(&ignored);
        ok = decode_one(ev->result, ev->len, &at, &frags[idx[k]], earlier, k, &ignored) == 0;
        earlier[k] = &frags[idx[k]];
    }
    free(earlier);
    if (ok && at == ev->len)
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
    bk_child_pool *pool = bk__child_pool_new(width);
    /* What is left to start: the group first (it takes longest), the other
     * sections, then the group's sections one by one if the group failed. */
    size_t *queue = calloc(n + 1, sizeof *queue);
    if (!pool || !queue) {
        bk__child_pool_free(pool);
        free(queue);
        for (size_t i = 0; i < n; i++)
            bk__error(&errs[i], BK_ENOMEM, NULL, "out of memory");
        return BK_ENOMEM;
    }
    size_t queued = 0, next = 0;
    if (ng)
        queue[queued++] = GROUP_TASK;
    for (size_t i = 0, k = 0; i < n; i++) {
        if (k < ng && idx[k] == i)
            k++;
        else
            queue[queued++] = i;
    }
    for (;;) {
        while (bk__child_running(pool) < width && next < queued) {
            size_t t = queue[next++];
            if (start_child(pool, jobs, t, idx, ng, iso, t == GROUP_TASK ? NULL : &errs[t]) &&
                t == GROUP_TASK)
                for (size_t k = 0; k < ng; k++)
                    queue[queued++] = idx[k];
        }
        if (!bk__child_running(pool))
            break;
        bk_child_event ev;
        bk_error failed;
        if (bk__child_pool_wait(pool, &ev, &failed)) {
            /* Every section not rendered yet fails with it. */
            for (size_t i = 0; i < n; i++)
                if (!errs[i].code && !frags[i].pdf)
                    errs[i] = failed;
            break;
        }
        if (ev.kind == BK_CHILD_PROGRESS)
            continue;
        if (ev.id != GROUP_TASK)
            finish_child(&jobs[ev.id], &ev, &frags[ev.id], &errs[ev.id]);
        else if (!finish_group(idx, ng, &ev, frags))
            for (size_t g = 0; g < ng; g++)
                queue[queued++] = idx[g];
    }
    bk__child_pool_free(pool);
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
    /* The group (bk__section_group): sections sharing documents or pages. */
    size_t *idx = calloc(n ? n : 1, sizeof *idx);
    if (!idx) {
        for (size_t i = 0; i < n; i++)
            bk__error(&errs[i], BK_ENOMEM, NULL, "out of memory");
        return BK_ENOMEM;
    }
    size_t ng = bk__section_group(jobs, n, idx);
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
