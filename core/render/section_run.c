/* Running one section: the engine, the bk_section the plugin sees and the
 * host state behind it (section_state.c), then the fragment; or a group of
 * sections in order, sharing documents and pages (break: auto).
 *
 * Characters no font covers are caught before anything is drawn
 * (coverage.c) and, for a plugin's own strings, when they reach the
 * engine (bk__state_text). The engines shape and embed by glyph id, so a
 * section's characters need not be known before its first page; only the
 * warm-ups before a fork measure a fixed sample (bk__section_sample_chars). */
#include "section_run.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "masthead.h"
#include "engine.h"
#include "errors.h"
#include "node.h"
#include "section_state.h"

/* A `break: auto` section starts on the previous section's last page when
 * at least this share of the content box is free below it. Below that it
 * would seldom hold more than its heading and a few lines, which the
 * heading's keep-with-next moves on anyway. */
#define MIN_FREE_TO_CONTINUE (1.0 / 5.0)
#define UNICODE_END 0x110000u

/* ---- the characters warm-ups measure ---- */

/* A set of code points: a bit each, in a calloc'd block the kernel maps in
 * only where a bit is set, and a bit per 4 KiB block that holds one, so
 * listing the set reads only those blocks (a briefing's text sits in a few). */
#define CP_BLOCK_BYTES 4096u
_Static_assert(UNICODE_END / 8 / CP_BLOCK_BYTES < 64, "one bit per block in a uint64_t");

typedef struct cp_set {
    unsigned char *bits; /* UNICODE_END bits */
    uint64_t blocks;
    size_t count;
} cp_set;

static int cp_set_init(cp_set *s, bk_error *err)
{
    *s = (cp_set){calloc(UNICODE_END / 8, 1), 0, 0};
    return s->bits ? 0
                   : bk__error(err, BK_ENOMEM, NULL, "out of memory collecting the section's text");
}

static void cp_add(cp_set *s, uint32_t cp)
{
    if (cp >= UNICODE_END || (s->bits[cp >> 3] & (1u << (cp & 7))))
        return;
    s->bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
    s->blocks |= (uint64_t)1 << ((cp >> 3) / CP_BLOCK_BYTES);
    s->count++;
}

/* Writes the set's s->count members to `out`, sorted. */
static void cp_set_list(const cp_set *s, uint32_t *out)
{
    size_t k = 0;
    for (uint32_t block = 0; block * CP_BLOCK_BYTES < UNICODE_END / 8; block++) {
        if (!(s->blocks & ((uint64_t)1 << block)))
            continue;
        for (uint32_t byte = block * CP_BLOCK_BYTES;
             byte < (block + 1) * CP_BLOCK_BYTES && byte < UNICODE_END / 8; byte++)
            for (uint32_t bit = 0; s->bits[byte] && bit < 8; bit++)
                if (s->bits[byte] & (1u << bit))
                    out[k++] = byte << 3 | bit;
    }
}

static void cp_add_range(cp_set *s, uint32_t lo, uint32_t hi)
{
    for (uint32_t cp = lo; cp <= hi; cp++)
        cp_add(s, cp);
}

static void cp_add_utf8(cp_set *s, const char *t)
{
    if (!t)
        return;
    while (*t) {
        /* Most of a briefing's data is ASCII: no decoding needed. */
        if ((unsigned char)*t < 0x80) {
            cp_add(s, (unsigned char)*t++);
            continue;
        }
        gunichar cp = g_utf8_get_char_validated(t, -1);
        if (cp == (gunichar)-1 || cp == (gunichar)-2) {
            t++;
            continue;
        }
        cp_add(s, cp);
        t = g_utf8_next_char(t);
    }
}

/* What plugins commonly print from their own strings: punctuation, arrows,
 * signs, CJK punctuation and the date and numbering characters of Chinese
 * briefings. */
static void cp_add_common(cp_set *s)
{
    cp_add_range(s, 0x20, 0x7e);
    cp_add_range(s, 0xa0, 0xff);
    cp_add_range(s, 0x2010, 0x2027);
    cp_add_range(s, 0x2030, 0x2030);
    cp_add_range(s, 0x2190, 0x2193);
    cp_add_range(s, 0x2212, 0x2212);
    cp_add_range(s, 0x3000, 0x3011);
    cp_add_range(s, 0xff01, 0xff1f);
    cp_add_utf8(s, "年月日季度第章节一二三四五六七八九十百千万亿元同比增长下降上升合计总计单位"
                   "来源注备环个百分点持平提高超逾近约");
}

int bk__section_sample_chars(uint32_t **out, size_t *n, bk_error *err)
{
    *out = NULL;
    *n = 0;
    cp_set s;
    int rc = cp_set_init(&s, err);
    if (rc)
        return rc;
    cp_add_common(&s);
    uint32_t *cps = malloc(s.count * sizeof *cps);
    if (!cps)
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory listing characters");
    else {
        cp_set_list(&s, cps);
        *out = cps;
        *n = s.count;
    }
    free(s.bits);
    return rc;
}

/* ---- one render ---- */

static int check_geometry(const bk_section_job *job, const bk_section *sec, bk_error *err)
{
    if (!(sec->page_w > 0 && sec->page_w <= BK_MAX_PAGE_SIDE && sec->page_h > 0 &&
          sec->page_h <= BK_MAX_PAGE_SIDE))
        return bk__error(err, BK_EINVAL, NULL,
                         "page size %.1f x %.1f pt is not usable: each side must be between 0 "
                         "and %.0f pt",
                         sec->page_w, sec->page_h, BK_MAX_PAGE_SIDE);
    if (!(sec->box_w > 0 && sec->box_h > 0 && isfinite(sec->box_x) && isfinite(sec->box_y) &&
          sec->box_x >= 0 && sec->box_y >= 0))
        return bk__error(err, BK_EINVAL, NULL,
                         "section '%s': the margins leave no room on a %.1f x %.1f pt page",
                         job->spec->id ? job->spec->id : "?", sec->page_w, sec->page_h);
    return 0;
}

static void fill_section(const bk_section_job *job, bk_section *sec, bk_section_state *st)
{
    const bk_doc_settings *d = job->doc;
    memset(sec, 0, sizeof *sec);
    sec->size = sizeof *sec;
    sec->engine = (uint32_t)job->engine;
    sec->id = job->spec->id ? job->spec->id : "";
    sec->title = job->spec->title ? job->spec->title : "";
    sec->lang = d->lang ? d->lang : "en";
    sec->page_w = d->page_w;
    sec->page_h = d->page_h;
    sec->box_x = d->margin_left;
    sec->box_y = d->margin_top;
    sec->box_w = d->page_w - d->margin_left - d->margin_right;
    sec->box_h = d->page_h - d->margin_top - d->margin_bottom;
    sec->data = job->spec->data;
    sec->host_private = st;
}

static void free_state(bk_section_state *st)
{
    bk__block_headings_drop(st);
    for (size_t i = 0; i < st->n_outline; i++)
        free(st->outline[i].title);
    free(st->outline);
    st->outline = NULL;
    st->n_outline = st->cap_outline = 0;
}

/* The plugin's validate callback (ABI 1.1), when it has one, on the state
 * render() will use: what it refuses, render refuses too, with the same
 * message as `briefkit validate`. */
static int call_validate(const bk_section_job *job, bk_section_state *st, bk_error *err)
{
    if (!job->plugin->desc.validate)
        return 0;
    st->validating = 1;
    int prc = job->plugin->desc.validate(st->sec);
    st->validating = 0;
    if (st->failed) {
        *err = st->err;
        return st->err.code;
    }
    if (prc != 0)
        return bk__error(err, BK_ERENDER, bk__state_loc(st),
                         "section '%s' (%s): validate failed with code %d", st->sec->id,
                         job->plugin->desc.name, prc);
    return 0;
}

int bk__section_validate(const bk_section_job *job, bk_error *err)
{
    bk__error_clear(err);
    if (!job->plugin->desc.validate)
        return 0;
    bk_section sec;
    bk_section_state st;
    memset(&st, 0, sizeof st);
    fill_section(job, &sec, &st);
    st.job = job;
    st.sec = &sec;
    st.theme = job->theme;
    st.y = st.top = sec.box_y;
    int rc = call_validate(job, &st, err);
    free_state(&st);
    return rc;
}

/* Where a section left the page: whether the page still takes drawing, the
 * cursor, and which of the group's documents holds it (the next section
 * goes on drawing on that page, or in its own document on a page laid over
 * it: `overlay`). */
typedef struct flow {
    int open;
    double y;
    int doc;
    int overlay;
} flow;

/* Runs the plugin of `job` on `eng`, which may already hold pages of
 * earlier sections: `out` gets the section's page count and its bookmarks
 * (pages counted from the section's first), not the PDF. With `from`, the
 * section begins on the page the previous section left, below its cursor:
 * `eng`'s open page, or with from->overlay a new page of `eng` the
 * assembler lays over it (fragment.h). */
static int run_plugin(const bk_section_job *job, const bk_engine_ops *ops, bk_engine_ctx *eng,
                      const flow *from, flow *end, bk_fragment *out, bk_error *err)
{
    bk_section sec;
    bk_section_state st;
    memset(&st, 0, sizeof st);
    fill_section(job, &sec, &st);
    int rc = check_geometry(job, &sec, err);
    if (rc < 0)
        return rc;
    st.job = job;
    st.sec = &sec;
    st.theme = job->theme;
    double top_skip, foot;
    bk__masthead_section_room(job->doc, job->spec->node, &top_skip, &foot);
    st.y = st.top = sec.box_y + top_skip;
    st.ops = ops;
    st.eng = eng;
    /* Going on on the previous section's page: it becomes this section's
     * first when something is drawn on it (section_state.h), a gap below
     * where that one ended. The page's top stays where it is, so a heading
     * that does not fit with what it keeps moves on to the next page. */
    if (from) {
        st.cont = from->overlay ? BK_CONT_OVERLAY : BK_CONT_SHARED;
        st.y = from->y + bk__state_size(&st, BK_SIZE_GAP);
    }
    st.start_y = st.y;

    const char *plugin = job->plugin->desc.name;
    rc = call_validate(job, &st, err);
    if (rc)
        goto done;
    if (!job->plugin->desc.render) {
        rc = bk__error(err, BK_EPLUGIN, bk__state_loc(&st),
                       "section '%s' (%s): the plugin has no render callback", sec.id, plugin);
        goto done;
    }
    int prc = job->plugin->desc.render(&sec);
    if (st.failed) {
        *err = st.err;
        rc = st.err.code;
        goto done;
    }
    if (prc != 0) {
        rc = bk__error(err, BK_ERENDER, bk__state_loc(&st),
                       "section '%s' (%s): render failed with code %d", sec.id, plugin, prc);
        goto done;
    }
    /* A heading the section ended with is drawn where it was placed. */
    if (st.n_pending && bk__block_headings_flush(&st) < 0) {
        *err = st.err;
        rc = st.err.code;
        goto done;
    }
    /* The 版记 goes at the foot of the last page: one without room for it
     * gets a page of its own, as GB/T 9704 has it. */
    if (foot > 0 && st.pages > 0 && st.y > sec.box_y + sec.box_h - foot) {
        bk__state_new_page(&st);
        if (bk__state_draw(&st) < 0) {
            *err = st.err;
            rc = st.err.code;
            goto done;
        }
    }
    /* A section that drew nothing still owns one (empty) page. */
    if (st.pages == 0 && bk__state_draw(&st) < 0) {
        *err = st.err;
        rc = st.err.code;
        goto done;
    }
    if (end) {
        end->open = st.open;
        end->y = st.y;
    }
    out->continues = st.continued != BK_CONT_NONE;
    out->overlay = st.continued == BK_CONT_OVERLAY;
    out->start_y = out->continues ? st.start_y : 0;
    out->pages = st.pages;
    out->outline = st.outline;
    out->n_outline = st.n_outline;
    st.outline = NULL;
    st.n_outline = 0;
done:
    free_state(&st);
    return rc;
}

static int new_engine(const bk_engine_class *cls, const bk_section_job *job,
                      const bk_engine_ops **ops, bk_engine_ctx **eng, bk_error *err)
{
    bk_section sec;
    fill_section(job, &sec, NULL);
    int rc = check_geometry(job, &sec, err);
    if (rc < 0)
        return rc;
    bk_engine_setup setup = {
        .page_w = sec.page_w,
        .page_h = sec.page_h,
        .fonts = job->fonts,
        .theme = job->theme,
        .lang = sec.lang,
        .deflated = job->deflated,
    };
    return cls->create(&setup, ops, eng, err);
}

/* The engine of `job`, or an error for an engine no table lists (the plan
 * checked it, so only a caller's mistake gets here). */
static int engine_of(const bk_section_job *job, const bk_engine_class **cls, bk_error *err)
{
    *cls = bk__engine_by_flag((uint32_t)job->engine);
    if (*cls)
        return 0;
    const bk_node *n = job->spec->node;
    return bk__error(err, BK_EINVAL, n ? &n->loc : NULL, "section '%s': unknown engine %d",
                     job->spec->id ? job->spec->id : "?", job->engine);
}

int bk__section_render(const bk_section_job *job, bk_fragment *out, bk_error *err)
{
    memset(out, 0, sizeof *out);
    const bk_engine_class *cls;
    int rc = engine_of(job, &cls, err);
    if (rc < 0)
        return rc;
    const bk_engine_ops *ops = NULL;
    bk_engine_ctx *eng = NULL;
    rc = new_engine(cls, job, &ops, &eng, err);
    if (rc < 0)
        return rc;
    rc = run_plugin(job, ops, eng, NULL, NULL, out, err);
    if (rc == 0)
        rc = ops->finish(eng, &out->pdf, &out->len, err);
    out->engine = job->engine;
    ops->destroy(eng);
    if (rc < 0)
        bk__fragment_free(out);
    return rc;
}

/* ---- a group of sections in one document ---- */

/* 1 when jobs[i] is to begin on the page jobs[i - 1] left (when enough of
 * it is free): break: auto, right after it in the briefing, one document. */
static int flows_on(const bk_section_job *jobs, size_t i)
{
    return i > 0 && jobs[i].spec->break_auto && jobs[i].spec == jobs[i - 1].spec + 1 &&
           jobs[i].doc == jobs[i - 1].doc;
}

size_t bk__section_group(const bk_section_job *jobs, size_t n, size_t *idx)
{
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        const bk_engine_class *cls = bk__engine_by_flag((uint32_t)jobs[i].engine);
        if (!cls || (ng && jobs[i].doc != jobs[idx[0]].doc))
            continue;
        if (cls->shares_document || flows_on(jobs, i) || (i + 1 < n && flows_on(jobs, i + 1)))
            idx[ng++] = i;
    }
    return ng < 2 ? 0 : ng;
}

/* The plugins' bk_log() lines of a group, held until the group is known to
 * have rendered: a failed group renders again section by section, which
 * logs them again. */
typedef struct held_line {
    const bk_section_job *job; /* whose warn callback gets it */
    char *text;
} held_line;

typedef struct held_log {
    const bk_section_job *job; /* the section logging now */
    held_line *lines;
    size_t n, cap;
} held_log;

static void hold_line(void *ctx, const char *message)
{
    held_log *h = ctx;
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 8;
        held_line *p = realloc(h->lines, cap * sizeof *p);
        if (!p)
            return; /* a log line is not worth failing the render for */
        h->lines = p;
        h->cap = cap;
    }
    char *t = strdup(message ? message : "");
    if (t)
        h->lines[h->n++] = (held_line){h->job, t};
}

static void drop_lines(held_log *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->lines[i].text);
    h->n = 0;
}

/* A document of a group: one for each engine that can share one, begun
 * with its first section; a section of any other engine draws into one of
 * its own, finished right after it. */
typedef struct group_doc {
    const bk_engine_ops *ops;
    bk_engine_ctx *eng;
    size_t owner; /* the section whose fragment will hold the PDF */
} group_doc;

#define MAX_SHARED_DOCS 8

/* The document jobs[i] draws into, made when needed; *id names it for the
 * flow (shared ones from 1, a section's own below 0). */
static int doc_of(const bk_engine_class *cls, const bk_section_job *jobs, size_t i,
                  group_doc *shared, group_doc *own, group_doc **d, int *id, bk_error *err)
{
    *d = own;
    *id = -1 - (int)i;
    if (cls->shares_document) {
        size_t e = 0;
        while (bk__engine_at(e) != cls)
            e++;
        if (e >= MAX_SHARED_DOCS)
            return bk__error(err, BK_EINVAL, NULL, "too many engines share documents");
        *d = &shared[e];
        *id = 1 + (int)e;
    }
    if ((*d)->eng)
        return 0;
    (*d)->owner = i;
    return new_engine(cls, &jobs[i], &(*d)->ops, &(*d)->eng, err);
}

static int render_group_once(const bk_section_job *jobs, size_t n, held_log *log,
                             bk_fragment *frags, bk_error *err)
{
    group_doc shared[MAX_SHARED_DOCS] = {{0}};
    flow left = {0};
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const bk_section_job *job = &jobs[i];
        const bk_loc *loc = job->spec->node ? &job->spec->node->loc : NULL;
        const bk_engine_class *cls = bk__engine_by_flag((uint32_t)job->engine);
        if (!cls || job->doc != jobs[0].doc) {
            rc = bk__error(err, BK_EINVAL, loc,
                           "section '%s': only sections of one document, drawn by a known "
                           "engine, can render as a group",
                           job->spec->id);
            break;
        }
        group_doc own = {0}, *d;
        int id;
        if ((rc = doc_of(cls, jobs, i, shared, &own, &d, &id, err)) < 0)
            break;
        bk_section_job logged = *job;
        if (job->warn) {
            log->job = job;
            logged.warn = hold_line;
            logged.warn_ctx = log;
        }
        int first = cls->shares_document ? cls->pages(d->eng) : 0;
        /* break: auto goes on on the page the previous section (the one
         * before it in the briefing) left, when enough of it is free. */
        int cont = flows_on(jobs, i) && left.open &&
                   job->doc->page_h - job->doc->margin_bottom - left.y >=
                       MIN_FREE_TO_CONTINUE *
                           (job->doc->page_h - job->doc->margin_top - job->doc->margin_bottom);
        flow from = {left.open, left.y, left.doc, left.doc != id};
        rc = run_plugin(&logged, d->ops, d->eng, cont ? &from : NULL, &left, &frags[i], err);
        left.doc = id;
        frags[i].engine = job->engine;
        if (rc == 0 && !cls->shares_document)
            rc = d->ops->finish(d->eng, &frags[i].pdf, &frags[i].len, err);
        if (!cls->shares_document) {
            d->ops->destroy(d->eng);
            continue;
        }
        if (rc < 0)
            break;
        frags[i].grouped = 1;
        frags[i].first_page = first - (frags[i].continues && !frags[i].overlay);
        /* A plugin holding the native document could add pages the host
         * never saw; the section's range would then be wrong. */
        int now = cls->pages(d->eng);
        if (now != frags[i].first_page + frags[i].pages)
            rc = bk__error(err, BK_EPLUGIN, loc,
                           "section '%s' (%s): the document has %d pages after the section, "
                           "expected %d: pages were added outside the host",
                           job->spec->id, job->plugin->desc.name, now,
                           frags[i].first_page + frags[i].pages);
    }
    /* Each shared document's PDF goes to its first section; the others of
     * its engine share it. */
    for (size_t e = 0; e < MAX_SHARED_DOCS; e++) {
        group_doc *d = &shared[e];
        if (!d->eng)
            continue;
        if (rc == 0)
            rc = d->ops->finish(d->eng, &frags[d->owner].pdf, &frags[d->owner].len, err);
        for (size_t i = d->owner + 1; i < n && rc == 0; i++)
            if (frags[i].grouped && jobs[i].engine == jobs[d->owner].engine) {
                frags[i].pdf = frags[d->owner].pdf;
                frags[i].len = frags[d->owner].len;
                frags[i].shares_pdf = 1;
            }
        d->ops->destroy(d->eng);
    }
    if (rc < 0)
        for (size_t i = 0; i < n; i++)
            bk__fragment_free(&frags[i]);
    return rc;
}

int bk__section_render_group(const bk_section_job *jobs, size_t n, bk_fragment *frags,
                             bk_error *err)
{
    for (size_t i = 0; i < n; i++)
        memset(&frags[i], 0, sizeof frags[i]);
    if (n == 0)
        return 0;
    held_log log = {0};
    int rc = render_group_once(jobs, n, &log, frags, err);
    for (size_t i = 0; i < log.n && rc == 0; i++)
        log.lines[i].job->warn(log.lines[i].job->warn_ctx, log.lines[i].text);
    drop_lines(&log);
    free(log.lines);
    return rc;
}

void bk__section_jobs_of_plan(const bk_plan *p, bk_section_job *jobs)
{
    for (size_t i = 0; i < p->n_sections; i++) {
        const bk_planned_section *ps = &p->sections[i];
        jobs[i] = (bk_section_job){
            .plugin = ps->plugin,
            .spec = ps->spec,
            .options = ps->options,
            .engine = ps->engine,
            .doc = &p->tpl->doc,
        };
    }
}
