/* Assembly: the section fragments, the cover and contents and the page
 * chrome become one PDF, through libqpdf's C API.
 *
 * The output starts as an empty PDF and gets pages copied in (cover,
 * contents, then each fragment's pages). Each chrome overlay page is laid
 * over its body page (page_overlay.h: a Form XObject painted last), so the
 * chrome never depends on how a plugin left the graphics state. A section
 * that went on on the previous section's last page from a document of its
 * own (fragment.h, `overlay`) has its first page laid over that page the
 * same way, before the chrome, and the page it came on leaves. Bookmarks, page
 * labels, contents links and metadata are plain objects built here. What an
 * engine's library writes wrong in its fragments is the engine's to repair:
 * its repair hook (engine.h) runs on the pages each of its fragments gave.
 *
 * qpdf reports through a sticky per-handle error rather than a return code
 * for most object calls, so every step checks qpdf_has_error on the handle
 * it used; errors and warnings are kept off stderr (DESIGN.md). The result
 * stays in memory: qpdf would create a final path before writing it. */
#include "assemble.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <qpdf/qpdf-c.h>

#include "chrome.h"
#include "engine.h"
#include "errors.h"
#include "font_unify.h"
#include "page_overlay.h"
#include "qpdf_util.h"

typedef struct asm_ctx {
    const bk_assembly *in;
    bk_error *err;
    qpdf_data out, chrome;
    qpdf_data *frags; /* by part; NULL for a part reading an earlier part's */
    size_t *frag_src; /* the part whose handle holds part s's pages */
    int *frag_first;  /* part s's first page in that handle */
    int *frag_pages;  /* how many of its pages are copied into the output */
    int *added_at;    /* where part s's first copied page went, before overlays */
    bk_chrome ch;
} asm_ctx;

/* 1 when part s began on the page the part before it left (fragment.h):
 * its bookmarks count from that page. */
static int on_previous_page(const bk_assembly *in, size_t s)
{
    return s > 0 && in->parts[s].frag->continues;
}

/* 1 when part s's first copied page is to be laid over the one before. */
static int lays_over(const bk_assembly *in, size_t s)
{
    return on_previous_page(in, s) && in->parts[s].frag->overlay;
}

static int qfail(asm_ctx *a, qpdf_data q, const char *doing)
{
    return bk__qpdf_fail(q, doing, a->err);
}

/* 0, or BK_EPDF with qpdf's message when the last calls on `q` failed. */
static int qcheck(asm_ctx *a, qpdf_data q, const char *doing)
{
    return bk__qpdf_check(q, doing, a->err);
}

static int qcode(asm_ctx *a, qpdf_data q, QPDF_ERROR_CODE code, const char *doing)
{
    return bk__qpdf_code(q, code, doing, a->err);
}

static int open_handle(asm_ctx *a, qpdf_data *q)
{
    *q = qpdf_init();
    if (!*q)
        return bk__error(a->err, BK_ENOMEM, NULL, "out of memory starting PDF assembly");
    qpdf_silence_errors(*q);
    qpdf_set_suppress_warnings(*q, QPDF_TRUE);
    return 0;
}

/* qpdf reads `buf` in place: it must outlive the handle. */
static int open_memory(asm_ctx *a, qpdf_data *q, const char *what, const unsigned char *buf,
                       size_t len)
{
    int rc = open_handle(a, q);
    if (rc < 0)
        return rc;
    char doing[600];
    snprintf(doing, sizeof doing, "cannot read the PDF of %s", what);
    return qcode(a, *q, qpdf_read_memory(*q, what, (const char *)buf, len, NULL), doing);
}

static qpdf_oh real(qpdf_data q, double v)
{
    return qpdf_oh_new_real_from_double(q, v, 3);
}

/* Top edge of a page's MediaBox, where a bookmark lands. */
static double page_top(qpdf_data q, qpdf_oh page, double fallback)
{
    qpdf_oh box = qpdf_oh_get_key(q, page, "/MediaBox");
    if (!qpdf_oh_is_array(q, box) || qpdf_oh_get_array_n_items(q, box) != 4)
        return fallback;
    qpdf_oh top = qpdf_oh_get_array_item(q, box, 3);
    return qpdf_oh_is_number(q, top) ? qpdf_oh_get_numeric_value(q, top) : fallback;
}

/* [page /XYZ null top null]: jump to `top`, keep the reader's zoom. */
static qpdf_oh xyz_dest(qpdf_data q, qpdf_oh page, double top)
{
    qpdf_oh d = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, d, page);
    qpdf_oh_append_item(q, d, qpdf_oh_new_name(q, "/XYZ"));
    qpdf_oh_append_item(q, d, qpdf_oh_new_null(q));
    qpdf_oh_append_item(q, d, real(q, top));
    qpdf_oh_append_item(q, d, qpdf_oh_new_null(q));
    return d;
}

static int add_pages(asm_ctx *a, qpdf_data src, int from, int n, const char *what)
{
    for (int i = from; i < from + n; i++) {
        qpdf_oh page = qpdf_get_page_n(src, (size_t)i);
        int rc = qcheck(a, src, what);
        if (rc < 0)
            return rc;
        if ((rc = qcode(a, a->out, qpdf_add_page(a->out, src, page, QPDF_FALSE), what)) < 0)
            return rc;
    }
    return 0;
}

/* A section that began on the previous section's last page but drew into
 * a document of its own (fragment.h, `overlay`): its first page is laid
 * over that page, with its links, and leaves the document. In order, so
 * each lands on a page already final. */
static int merge_overlays(asm_ctx *a)
{
    qpdf_oh open_q = 0;
    int removed = 0;
    for (size_t s = 0; s < a->in->n_parts; s++) {
        if (!lays_over(a->in, s))
            continue;
        int rc = bk__page_lay_over_previous(a->out, a->added_at[s] - removed, a->in->doc->page_w,
                                            a->in->doc->page_h, a->in->deflated, &open_q, a->err);
        if (rc < 0)
            return rc;
        removed++;
    }
    return 0;
}

/* The page chrome over every body page: chrome page contents_pages + p
 * over output page p (chrome.h). */
static int apply_chrome(asm_ctx *a)
{
    int rc;
    qpdf_oh open_q = 0;
    for (int p = a->ch.cover_pages; p < a->ch.total_pages; p++) {
        qpdf_oh xo;
        qpdf_oh src = qpdf_get_page_n(a->chrome, (size_t)(a->ch.contents_pages + p));
        if ((rc = bk__page_xobject(a->out, a->chrome, src, a->in->doc->page_w, a->in->doc->page_h,
                                   a->in->deflated, "cannot turn the page chrome into an overlay",
                                   &xo, a->err)) < 0)
            return rc;
        qpdf_oh page = qpdf_get_page_n(a->out, (size_t)p);
        if ((rc = bk__page_overlay(a->out, page, xo, "/BkChrome", &open_q, a->err)) < 0)
            return rc;
    }
    return 0;
}

static int add_links(asm_ctx *a)
{
    qpdf_data out = a->out;
    for (size_t i = 0; i < a->ch.n_links; i++) {
        const bk_chrome_link *lk = &a->ch.links[i];
        qpdf_oh page = qpdf_get_page_n(out, (size_t)lk->page);
        qpdf_oh target = qpdf_get_page_n(out, (size_t)lk->target);
        qpdf_oh annots = qpdf_oh_get_key(out, page, "/Annots");
        if (!qpdf_oh_is_array(out, annots)) {
            annots = qpdf_oh_new_array(out);
            qpdf_oh_replace_key(out, page, "/Annots", annots);
        }
        qpdf_oh rect = qpdf_oh_new_array(out);
        qpdf_oh_append_item(out, rect, real(out, lk->x0));
        qpdf_oh_append_item(out, rect, real(out, lk->y0));
        qpdf_oh_append_item(out, rect, real(out, lk->x1));
        qpdf_oh_append_item(out, rect, real(out, lk->y1));
        qpdf_oh border = qpdf_oh_parse(out, "[0 0 0]");
        qpdf_oh annot = qpdf_oh_new_dictionary(out);
        qpdf_oh_replace_key(out, annot, "/Type", qpdf_oh_new_name(out, "/Annot"));
        qpdf_oh_replace_key(out, annot, "/Subtype", qpdf_oh_new_name(out, "/Link"));
        qpdf_oh_replace_key(out, annot, "/Rect", rect);
        qpdf_oh_replace_key(out, annot, "/Border", border);
        qpdf_oh_replace_key(out, annot, "/Dest", xyz_dest(out, target, lk->target_y));
        qpdf_oh_append_item(out, annots, qpdf_make_indirect_object(out, annot));
        int rc = qcheck(a, out, "cannot link the contents to the sections");
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Links `n` outline items under `parent` and returns the parent's /Count:
 * every item is open, so it counts all descendants. */
static int outline_link(qpdf_data q, qpdf_oh parent, const qpdf_oh *kids, const int *kid_counts,
                        int n)
{
    if (n == 0)
        return 0;
    int count = n;
    for (int i = 0; i < n; i++) {
        qpdf_oh_replace_key(q, kids[i], "/Parent", parent);
        if (i > 0)
            qpdf_oh_replace_key(q, kids[i], "/Prev", kids[i - 1]);
        if (i + 1 < n)
            qpdf_oh_replace_key(q, kids[i], "/Next", kids[i + 1]);
        if (kid_counts)
            count += kid_counts[i];
    }
    qpdf_oh_replace_key(q, parent, "/First", kids[0]);
    qpdf_oh_replace_key(q, parent, "/Last", kids[n - 1]);
    qpdf_oh_replace_key(q, parent, "/Count", qpdf_oh_new_integer(q, count));
    return count;
}

static qpdf_oh outline_item(qpdf_data q, const char *title, int page_index, double y_from_top,
                            double page_h)
{
    qpdf_oh page = qpdf_get_page_n(q, (size_t)page_index);
    qpdf_oh item = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, item, "/Title", qpdf_oh_new_unicode_string(q, title));
    qpdf_oh_replace_key(q, item, "/Dest",
                        xyz_dest(q, page, page_top(q, page, page_h) - y_from_top));
    return qpdf_make_indirect_object(q, item);
}

/* One bookmark per section with its plugin's entries below it, and one for
 * the contents. Entries of level 2 hang under the level-1 entry before
 * them (or under the section when there is none). */
static int build_outline(asm_ctx *a, const int *first_page)
{
    qpdf_data out = a->out;
    const bk_assembly *in = a->in;
    double page_h = in->doc->page_h;
    int zh = in->doc->lang && strcmp(in->doc->lang, "zh") == 0;
    size_t max_kids = 0;
    for (size_t s = 0; s < in->n_parts; s++)
        if (in->parts[s].frag->n_outline > max_kids)
            max_kids = in->parts[s].frag->n_outline;
    size_t n_top = in->n_parts + 1;
    qpdf_oh *top = calloc(n_top, sizeof *top);
    int *top_counts = calloc(n_top, sizeof *top_counts);
    qpdf_oh *l1 = calloc(max_kids + 1, sizeof *l1);
    int *l1_counts = calloc(max_kids + 1, sizeof *l1_counts);
    qpdf_oh *l2 = calloc(max_kids + 1, sizeof *l2);
    int rc = 0;
    if (!top || !top_counts || !l1 || !l1_counts || !l2) {
        rc = bk__error(a->err, BK_ENOMEM, NULL, "out of memory building the bookmarks");
        goto done;
    }

    int nt = 0;
    if (a->ch.contents_pages > 0)
        top[nt++] = outline_item(out, zh ? "目录" : "Contents", a->ch.cover_pages, 0, page_h);
    for (size_t s = 0; s < in->n_parts; s++) {
        const bk_fragment *f = in->parts[s].frag;
        char fallback[32];
        const char *title = in->parts[s].title;
        if (!title || !title[0]) {
            snprintf(fallback, sizeof fallback, zh ? "第 %zu 节" : "Section %zu", s + 1);
            title = fallback;
        }
        int cont = on_previous_page(in, s);
        qpdf_oh sec = outline_item(out, title, first_page[s] - cont, cont ? f->start_y : 0, page_h);
        int n1 = 0, n2 = 0;
        for (size_t i = 0; i < f->n_outline; i++) {
            const bk_outline_entry *e = &f->outline[i];
            qpdf_oh item = outline_item(out, e->title ? e->title : "",
                                        first_page[s] - cont + e->page, e->y, page_h);
            if (e->level <= 1 || n1 == 0) {
                if (n1 > 0)
                    l1_counts[n1 - 1] = outline_link(out, l1[n1 - 1], l2, NULL, n2);
                n2 = 0;
                l1_counts[n1] = 0;
                l1[n1++] = item;
            } else {
                l2[n2++] = item;
            }
        }
        if (n1 > 0)
            l1_counts[n1 - 1] = outline_link(out, l1[n1 - 1], l2, NULL, n2);
        top_counts[nt] = outline_link(out, sec, l1, l1_counts, n1);
        top[nt++] = sec;
    }
    if (nt > 0) {
        qpdf_oh root = qpdf_oh_new_dictionary(out);
        qpdf_oh_replace_key(out, root, "/Type", qpdf_oh_new_name(out, "/Outlines"));
        root = qpdf_make_indirect_object(out, root);
        outline_link(out, root, top, top_counts, nt);
        qpdf_oh catalog = qpdf_get_root(out);
        qpdf_oh_replace_key(out, catalog, "/Outlines", root);
        qpdf_oh_replace_key(out, catalog, "/PageMode", qpdf_oh_new_name(out, "/UseOutlines"));
    }
    rc = qcheck(a, out, "cannot build the bookmarks");
done:
    free(top);
    free(top_counts);
    free(l1);
    free(l1_counts);
    free(l2);
    return rc;
}

/* Labels follow the printed "Page X of N", which counts the cover as page
 * 1: so the cover is labelled by name and numbering resumes at 2, and the
 * viewer's page box, the footer and pdfinfo all agree on every page. */
static int build_page_labels(asm_ctx *a)
{
    qpdf_data out = a->out;
    int zh = a->in->doc->lang && strcmp(a->in->doc->lang, "zh") == 0;
    qpdf_oh nums = qpdf_oh_new_array(out);
    if (a->ch.cover_pages) {
        qpdf_oh cover = qpdf_oh_new_dictionary(out);
        qpdf_oh_replace_key(out, cover, "/P",
                            qpdf_oh_new_unicode_string(out, zh ? "封面" : "Cover"));
        qpdf_oh_append_item(out, nums, qpdf_oh_new_integer(out, 0));
        qpdf_oh_append_item(out, nums, cover);
    }
    if (a->ch.total_pages > a->ch.cover_pages) {
        qpdf_oh body = qpdf_oh_new_dictionary(out);
        qpdf_oh_replace_key(out, body, "/S", qpdf_oh_new_name(out, "/D"));
        qpdf_oh_replace_key(out, body, "/St", qpdf_oh_new_integer(out, a->ch.cover_pages + 1));
        qpdf_oh_append_item(out, nums, qpdf_oh_new_integer(out, a->ch.cover_pages));
        qpdf_oh_append_item(out, nums, body);
    }
    qpdf_oh labels = qpdf_oh_new_dictionary(out);
    qpdf_oh_replace_key(out, labels, "/Nums", nums);
    qpdf_oh_replace_key(out, qpdf_get_root(out), "/PageLabels", labels);
    return qcheck(a, out, "cannot write the page labels");
}

int bk__assemble_prepare(bk_deflate_cache *deflated, bk_error *err)
{
    int first = 0;
    for (size_t i = 0; bk__engine_at(i); i++) {
        bk_error e;
        if (bk__engine_at(i)->repair_prepare &&
            bk__engine_at(i)->repair_prepare(deflated, &e) != 0 && !first)
            first = (*err = e).code;
    }
    return first;
}

/* Lets each fragment's engine repair what its library writes wrong
 * (bk_engine_class.repair), on the fragment's pages in the output, engine by
 * engine and fragment by fragment in order. */
static int repair_fragments(asm_ctx *a)
{
    const bk_assembly *in = a->in;
    int max_pages = 0;
    for (size_t s = 0; s < in->n_parts; s++)
        if (a->frag_pages[s] > max_pages)
            max_pages = a->frag_pages[s];
    qpdf_oh *pages = calloc(max_pages ? (size_t)max_pages : 1, sizeof *pages);
    if (!pages)
        return bk__error(a->err, BK_ENOMEM, NULL, "out of memory checking the sections' pages");
    int rc = 0;
    for (size_t e = 0; rc == 0 && bk__engine_at(e); e++) {
        const bk_engine_class *cls = bk__engine_at(e);
        if (!cls->repair)
            continue;
        bk_engine_repair *state = NULL;
        for (size_t s = 0; rc == 0 && s < in->n_parts; s++) {
            if (in->parts[s].frag->engine != (int)cls->flag)
                continue;
            int n = a->frag_pages[s];
            for (int k = 0; k < n; k++)
                pages[k] = qpdf_get_page_n(a->out, (size_t)(a->added_at[s] + k));
            rc = qcheck(a, a->out, "cannot read a section's pages");
            if (rc == 0)
                rc = cls->repair(&state, a->out, pages, (size_t)n, a->in->deflated, a->err);
        }
        if (state)
            cls->repair_free(state);
    }
    free(pages);
    return rc;
}

static void pdf_date(long long epoch, char *buf, size_t size)
{
    time_t t = (time_t)epoch;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, size, "D:%Y%m%d%H%M%SZ", &tm))
        snprintf(buf, size, "D:19700101000000Z");
}

static int build_metadata(asm_ctx *a)
{
    qpdf_data out = a->out;
    const bk_doc_settings *doc = a->in->doc;
    qpdf_oh info = qpdf_oh_new_dictionary(out);
    const struct {
        const char *key, *value;
    } text[] = {
        {"/Title", doc->title},       {"/Author", doc->author},     {"/Subject", doc->subject},
        {"/Keywords", doc->keywords}, {"/Creator", a->in->creator},
    };
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        if (text[i].value && text[i].value[0])
            qpdf_oh_replace_key(out, info, text[i].key,
                                qpdf_oh_new_unicode_string(out, text[i].value));
    char producer[128], date[32];
    snprintf(producer, sizeof producer, "briefkit (libqpdf %s)", qpdf_get_qpdf_version());
    pdf_date(a->in->epoch, date, sizeof date);
    qpdf_oh_replace_key(out, info, "/Producer", qpdf_oh_new_string(out, producer));
    qpdf_oh_replace_key(out, info, "/CreationDate", qpdf_oh_new_string(out, date));
    qpdf_oh_replace_key(out, info, "/ModDate", qpdf_oh_new_string(out, date));
    qpdf_oh_replace_key(out, qpdf_get_trailer(out), "/Info", qpdf_make_indirect_object(out, info));

    qpdf_oh catalog = qpdf_get_root(out);
    int zh = doc->lang && strcmp(doc->lang, "zh") == 0;
    qpdf_oh_replace_key(out, catalog, "/Lang", qpdf_oh_new_string(out, zh ? "zh-CN" : "en"));
    qpdf_oh prefs = qpdf_oh_new_dictionary(out);
    qpdf_oh_replace_key(out, prefs, "/DisplayDocTitle", qpdf_oh_new_bool(out, QPDF_TRUE));
    qpdf_oh_replace_key(out, catalog, "/ViewerPreferences", prefs);
    return qcheck(a, out, "cannot write the document metadata");
}

static int write_out(asm_ctx *a, unsigned char **pdf, size_t *len)
{
    qpdf_data out = a->out;
    int rc = qcode(a, out, qpdf_init_write_memory(out), "cannot start writing the PDF");
    if (rc < 0)
        return rc;
    qpdf_set_object_stream_mode(out, qpdf_o_generate);
    /* Streams pass through as they are: the engines compressed theirs, and
     * the ones made here compress themselves (bk__qpdf_set_deflated). */
    qpdf_set_compress_streams(out, QPDF_FALSE);
    qpdf_set_decode_level(out, qpdf_dl_none);
    qpdf_set_deterministic_ID(out, QPDF_TRUE);
    if ((rc = qcode(a, out, qpdf_write(out), "cannot write the PDF")) < 0)
        return rc;
    size_t n = qpdf_get_buffer_length(out);
    const unsigned char *buf = qpdf_get_buffer(out);
    if (!buf || n == 0)
        return bk__error(a->err, BK_EPDF, NULL, "qpdf wrote an empty PDF");
    *pdf = malloc(n);
    if (!*pdf)
        return bk__error(a->err, BK_ENOMEM, NULL, "out of memory holding the %zu-byte PDF", n);
    memcpy(*pdf, buf, n);
    *len = n;
    return 0;
}

/* Reads every fragment and checks its bookmarks point inside it. The
 * sections of a group share one PDF (fragment.h): it is read once,
 * and each section takes its own page range of it. */
static int read_fragments(asm_ctx *a, int *body_pages)
{
    const bk_assembly *in = a->in;
    *body_pages = 0;
    for (size_t s = 0; s < in->n_parts; s++) {
        const bk_fragment *f = in->parts[s].frag;
        const char *title = in->parts[s].title ? in->parts[s].title : "";
        char what[300];
        snprintf(what, sizeof what, "section %zu \"%s\"", s + 1, title);
        if (!f || !f->pdf || f->len == 0)
            return bk__error(a->err, BK_EPDF, NULL, "%s has no PDF to assemble", what);
        size_t src = s;
        for (size_t t = 0; t < s && f->grouped; t++)
            if (in->parts[t].frag->grouped && in->parts[t].frag->pdf == f->pdf) {
                src = a->frag_src[t];
                break;
            }
        a->frag_src[s] = src;
        int rc = src == s ? open_memory(a, &a->frags[s], what, f->pdf, f->len) : 0;
        if (rc < 0)
            return rc;
        int n = qpdf_get_num_pages(a->frags[src]);
        if (n < 0)
            return qfail(a, a->frags[src], "cannot count the pages of a section");
        if (n == 0)
            return bk__error(a->err, BK_EPDF, NULL, "%s produced no pages", what);
        int first = 0;
        if (f->grouped) {
            if (f->first_page < 0 || f->pages < 1 || f->first_page > n - f->pages)
                return bk__error(a->err, BK_EPDF, NULL,
                                 "%s claims pages %d to %d of a PDF that has %d", what,
                                 f->first_page + 1, f->first_page + f->pages, n);
            first = f->first_page;
            n = f->pages;
        }
        for (size_t i = 0; i < f->n_outline; i++)
            if (f->outline[i].page < 0 || f->outline[i].page >= n)
                return bk__error(a->err, BK_EPDF, NULL,
                                 "%s: bookmark \"%s\" points at page %d, but the section has "
                                 "pages 1 to %d",
                                 what, f->outline[i].title ? f->outline[i].title : "",
                                 f->outline[i].page + 1, n);
        /* A section that began on the previous one's last page adds only
         * the pages after that one: when it drew on that page itself, they
         * are all it copies; when it drew on a page of its own, that page
         * is copied too and laid over the other later (merge_overlays). */
        int cont = on_previous_page(in, s);
        int shared = cont && !lays_over(in, s);
        if (shared && !f->grouped)
            return bk__error(a->err, BK_EPDF, NULL,
                             "%s goes on on the previous section's page but shares no PDF with "
                             "it",
                             what);
        a->frag_first[s] = first + shared;
        a->frag_pages[s] = n - shared;
        *body_pages += n - cont;
    }
    return 0;
}

static int render_chrome(asm_ctx *a, int body_pages)
{
    const bk_assembly *in = a->in;
    size_t n_entries = 0;
    for (size_t s = 0; s < in->n_parts; s++) {
        n_entries++;
        for (size_t i = 0; i < in->parts[s].frag->n_outline; i++)
            n_entries += in->parts[s].frag->outline[i].level <= 1;
    }
    bk_chrome_entry *entries = calloc(n_entries ? n_entries : 1, sizeof *entries);
    if (!entries)
        return bk__error(a->err, BK_ENOMEM, NULL, "out of memory listing the contents");
    size_t k = 0;
    int body = 0;
    for (size_t s = 0; s < in->n_parts; s++) {
        const bk_fragment *f = in->parts[s].frag;
        int cont = on_previous_page(in, s);
        entries[k++] = (bk_chrome_entry){in->parts[s].title ? in->parts[s].title : "", 0,
                                         body - cont, cont ? f->start_y : 0};
        for (size_t i = 0; i < f->n_outline; i++)
            if (f->outline[i].level <= 1)
                entries[k++] = (bk_chrome_entry){f->outline[i].title ? f->outline[i].title : "", 1,
                                                 body - cont + f->outline[i].page, f->outline[i].y};
        body += a->frag_pages[s] - lays_over(in, s);
    }
    bk_chrome_input ci = {
        .doc = in->doc,
        .theme = in->theme,
        .fonts = in->fonts,
        .entries = entries,
        .n_entries = n_entries,
        .body_pages = body_pages,
        .epoch = in->epoch,
    };
    int rc = bk__chrome_render(&ci, &a->ch, a->err);
    free(entries);
    if (rc < 0)
        return rc;
    return open_memory(a, &a->chrome, "the cover, contents and page chrome", a->ch.pdf, a->ch.len);
}

int bk__assemble(const bk_assembly *in, unsigned char **pdf, size_t *len, int *pages, bk_error *err)
{
    *pdf = NULL;
    *len = 0;
    if (pages)
        *pages = 0;
    if (in->n_parts == 0 && !in->doc->cover && !in->doc->contents)
        return bk__error(err, BK_EINVAL, NULL,
                         "nothing to assemble: no sections, cover or contents");

    asm_ctx a = {.in = in, .err = err};
    int *first_page = NULL;
    int rc = 0, body_pages = 0;
    a.frags = calloc(in->n_parts + 1, sizeof *a.frags);
    a.frag_src = calloc(in->n_parts + 1, sizeof *a.frag_src);
    a.frag_first = calloc(in->n_parts + 1, sizeof *a.frag_first);
    a.frag_pages = calloc(in->n_parts + 1, sizeof *a.frag_pages);
    a.added_at = calloc(in->n_parts + 1, sizeof *a.added_at);
    first_page = calloc(in->n_parts + 1, sizeof *first_page);
    if (!a.frags || !a.frag_src || !a.frag_first || !a.frag_pages || !a.added_at || !first_page) {
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory starting PDF assembly");
        goto done;
    }
    if ((rc = read_fragments(&a, &body_pages)) < 0 || (rc = render_chrome(&a, body_pages)) < 0)
        goto done;
    if ((rc = open_handle(&a, &a.out)) < 0 ||
        (rc = qcode(&a, a.out, qpdf_empty_pdf(a.out), "cannot start the output PDF")) < 0)
        goto done;

    if ((rc = add_pages(&a, a.chrome, 0, a.ch.cover_pages + a.ch.contents_pages,
                        "cannot add the cover and contents")) < 0)
        goto done;
    int next = a.ch.cover_pages + a.ch.contents_pages;
    for (size_t s = 0; s < in->n_parts; s++) {
        a.added_at[s] = next;
        if ((rc = add_pages(&a, a.frags[a.frag_src[s]], a.frag_first[s], a.frag_pages[s],
                            "cannot add a section's pages")) < 0)
            goto done;
        next += a.frag_pages[s];
    }
    /* Repairs see each fragment's pages as its engine wrote them, before
     * any is laid over another. */
    if ((rc = repair_fragments(&a)) < 0 || (rc = merge_overlays(&a)) < 0)
        goto done;
    /* Where each part's pages after its first shared one begin, now. */
    next = a.ch.cover_pages + a.ch.contents_pages;
    for (size_t s = 0; s < in->n_parts; s++) {
        first_page[s] = next;
        next += a.frag_pages[s] - lays_over(in, s);
    }
    if ((rc = apply_chrome(&a)) < 0 || (rc = add_links(&a)) < 0 ||
        (rc = build_outline(&a, first_page)) < 0 || (rc = build_page_labels(&a)) < 0 ||
        (rc = bk__font_unify(a.out, in->fonts, err)) < 0 || (rc = build_metadata(&a)) < 0 ||
        (rc = write_out(&a, pdf, len)) < 0)
        goto done;
    if (pages)
        *pages = a.ch.total_pages;

done:
    if (a.out)
        qpdf_cleanup(&a.out);
    if (a.chrome)
        qpdf_cleanup(&a.chrome);
    for (size_t s = 0; a.frags && s < in->n_parts; s++)
        if (a.frags[s])
            qpdf_cleanup(&a.frags[s]);
    free(a.frags);
    free(a.frag_src);
    free(a.frag_first);
    free(a.frag_pages);
    free(a.added_at);
    free(first_page);
    bk__chrome_free(&a.ch);
    if (rc < 0) {
        free(*pdf);
        *pdf = NULL;
        *len = 0;
    }
    return rc;
}
