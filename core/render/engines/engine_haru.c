/* The libharu engine: one HPDF_Doc per section, or per group of sections
 * that then share its fonts (bk__section_render_group), with text shaped
 * over briefkit's font chain and drawn by glyph id. This file is the
 * document (pages, rectangles, lines, saving) and the engine's class;
 * engine_haru.h lists the files that do the rest: text, the glyphs and
 * their fonts, the repairs at assembly, and the patches to libharu 2.3.0
 * itself.
 *
 * libharu reports errors through a callback and then carries on; the callback
 * here only records the first error, every entry point refuses to draw after
 * one, and finish() turns it into a bk_error. Several libharu failures return
 * NULL without calling the callback, so results are checked as well. Last,
 * finish() counts the embedded font files in the output: one per face the
 * document drew with, or a font went missing on the way. */
#define _GNU_SOURCE /* memmem */
#include "engine_haru.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <briefkit/section.h>

#include "engine_haru_patches.h"
#include "errors.h"

static void HPDF_STDCALL on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    bk_engine_ctx *c = user;
    if (c->hpdf_error == 0) {
        c->hpdf_error = error_no;
        c->hpdf_detail = detail_no;
    }
}

int bk__haru_failed(const bk_engine_ctx *c)
{
    return c->hpdf_error != 0 || c->err.code != 0;
}

/* Copies the first failure (ours or libharu's) into `err`. */
int bk__haru_report(const bk_engine_ctx *c, bk_error *err)
{
    if (c->err.code != 0) {
        if (err)
            *err = c->err;
        return c->err.code;
    }
    return bk__error(err, BK_EPDF, NULL, "libharu bk__haru_failed: error 0x%04X (detail %u)",
                     (unsigned)c->hpdf_error, (unsigned)c->hpdf_detail);
}

static int haru_page_begin(bk_engine_ctx *c, bk_error *err)
{
    if (bk__haru_failed(c))
        return bk__haru_report(c, err);
    HPDF_Page page = HPDF_AddPage(c->doc);
    if (!page || bk__haru_failed(c))
        return bk__haru_failed(c) ? bk__haru_report(c, err)
                                  : bk__error(err, BK_EPDF, NULL, "libharu could not add a page");
    HPDF_Page_SetWidth(page, (HPDF_REAL)c->page_w);
    HPDF_Page_SetHeight(page, (HPDF_REAL)c->page_h);
    if (bk__haru_failed(c))
        return bk__haru_report(c, err);
    c->page = page;
    return 0;
}

static void haru_fill_rect(bk_engine_ctx *c, double x, double y, double w, double h, bk_rgb color)
{
    if (bk__haru_failed(c))
        return;
    if (!c->page) {
        bk__error(&c->err, BK_EINVAL, NULL, "a rectangle drawn before the first page");
        return;
    }
    HPDF_Page_SetRGBFill(c->page, (HPDF_REAL)color.r, (HPDF_REAL)color.g, (HPDF_REAL)color.b);
    HPDF_Page_Rectangle(c->page, (HPDF_REAL)x, (HPDF_REAL)(c->page_h - y - h), (HPDF_REAL)w,
                        (HPDF_REAL)h);
    HPDF_Page_Fill(c->page);
}

static void haru_stroke_line(bk_engine_ctx *c, double x1, double y1, double x2, double y2,
                             double width, bk_rgb color)
{
    if (bk__haru_failed(c))
        return;
    if (!c->page) {
        bk__error(&c->err, BK_EINVAL, NULL, "a line drawn before the first page");
        return;
    }
    HPDF_Page_SetRGBStroke(c->page, (HPDF_REAL)color.r, (HPDF_REAL)color.g, (HPDF_REAL)color.b);
    HPDF_Page_SetLineWidth(c->page, (HPDF_REAL)width);
    HPDF_Page_MoveTo(c->page, (HPDF_REAL)x1, (HPDF_REAL)(c->page_h - y1));
    HPDF_Page_LineTo(c->page, (HPDF_REAL)x2, (HPDF_REAL)(c->page_h - y2));
    HPDF_Page_Stroke(c->page);
}

static void *haru_native(bk_engine_ctx *c, int kind)
{
    switch (kind) {
    case BK_NATIVE_HARU_DOC:
        return c->doc;
    case BK_NATIVE_HARU_PAGE:
        return c->page;
    default:
        return NULL;
    }
}

static size_t count_of(const unsigned char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle), count = 0;
    const unsigned char *end = hay + n, *at = hay;
    while ((at = memmem(at, (size_t)(end - at), needle, m)) != NULL) {
        count++;
        at += m;
    }
    return count;
}

static int haru_finish(bk_engine_ctx *c, unsigned char **pdf, size_t *len, bk_error *err)
{
    *pdf = NULL;
    *len = 0;
    if (bk__haru_failed(c))
        return bk__haru_report(c, err);
    if (bk__haru_glyph_fonts_finish(c) != 0)
        return bk__haru_report(c, err);
    if (HPDF_SaveToStream(c->doc) != HPDF_OK || bk__haru_failed(c))
        return bk__haru_report(c, err);
    HPDF_UINT32 size = HPDF_GetStreamSize(c->doc);
    if (size == 0 || HPDF_ResetStream(c->doc) != HPDF_OK || bk__haru_failed(c))
        return bk__haru_failed(c) ? bk__haru_report(c, err)
                                  : bk__error(err, BK_EPDF, NULL, "libharu wrote an empty PDF");
    unsigned char *buf = malloc(size);
    if (!buf)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory saving the PDF");
    HPDF_UINT32 got = 0;
    while (got < size) {
        HPDF_UINT32 chunk = size - got;
        HPDF_STATUS st = HPDF_ReadFromStream(c->doc, buf + got, &chunk);
        got += chunk;
        if (st != HPDF_OK || chunk == 0)
            break;
    }
    /* Reading to the end reports HPDF_STREAM_EOF through the handler too. */
    if (got == size && c->hpdf_error == HPDF_STREAM_EOF)
        c->hpdf_error = 0;
    if (got != size || bk__haru_failed(c)) {
        free(buf);
        return bk__haru_failed(c)
                   ? bk__haru_report(c, err)
                   : bk__error(err, BK_EPDF, NULL, "libharu's PDF stream ended early");
    }
    size_t embedded = count_of(buf, size, "/FontFile2");
    if (embedded != (size_t)c->n_gfonts) {
        free(buf);
        return bk__error(err, BK_EFONT, NULL,
                         "libharu embedded %zu of the %d fonts it loaded; the PDF would "
                         "depend on the reader's fonts",
                         embedded, c->n_gfonts);
    }
    *pdf = buf;
    *len = size;
    return 0;
}

void bk__haru_destroy(bk_engine_ctx *c)
{
    if (!c)
        return;
    if (c->doc)
        HPDF_Free(c->doc);
    bk__haru_glyph_fonts_free(c);
    free(c);
}

static const bk_engine_ops haru_ops = {
    .name = "haru",
    .page_begin = haru_page_begin,
    .text_width = bk__haru_text_width,
    .break_lines = bk__haru_break_lines,
    .draw_text = bk__haru_draw_text,
    .fill_rect = haru_fill_rect,
    .stroke_line = haru_stroke_line,
    .native = haru_native,
    .finish = haru_finish,
    .destroy = bk__haru_destroy,
};

/* A document with no pages and no fonts yet. */
int bk__haru_doc_new(const bk_engine_setup *s, bk_engine_ctx **out, bk_error *err)
{
    *out = NULL;
    bk_engine_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        bk__haru_destroy(c);
        return bk__error(err, BK_ENOMEM, NULL, "out of memory starting a libharu document");
    }
    c->fonts = s->fonts;
    c->deflated = s->deflated;
    c->doc = HPDF_New(on_hpdf_error, c);
    if (!c->doc) {
        bk__haru_destroy(c);
        return bk__error(err, BK_ENOMEM, NULL, "libharu could not start a document");
    }
    /* No CreationDate is set: libharu writes none unless asked, and the
     * assembler writes the briefing's dates, so output stays reproducible. */
    if (HPDF_SetCompressionMode(c->doc, HPDF_COMP_ALL) != HPDF_OK ||
        HPDF_UseUTFEncodings(c->doc) != HPDF_OK || bk__haru_failed(c)) {
        int rc = bk__haru_report(c, err);
        bk__haru_destroy(c);
        return rc;
    }
    *out = c;
    return 0;
}

int bk__engine_haru_new(const bk_engine_setup *s, const bk_engine_ops **ops, bk_engine_ctx **out,
                        bk_error *err)
{
    *out = NULL;
    if (!s->fonts || !s->theme)
        return bk__error(err, BK_EINVAL, NULL, "the haru engine needs fonts and a theme");
    if (!(s->page_w > 0 && s->page_h > 0 && s->page_w <= BK_MAX_PAGE_SIDE &&
          s->page_h <= BK_MAX_PAGE_SIDE))
        return bk__error(err, BK_EINVAL, NULL,
                         "page size %g x %g pt is not usable: expected 1 to %g pt", s->page_w,
                         s->page_h, BK_MAX_PAGE_SIDE);
    bk_engine_ctx *c = NULL;
    int rc = bk__haru_doc_new(s, &c, err);
    if (rc)
        return rc;
    c->theme = s->theme;
    c->page_w = s->page_w;
    c->page_h = s->page_h;
    snprintf(c->lang, sizeof c->lang, "%s", s->lang && strcmp(s->lang, "zh") == 0 ? "zh" : "en");
    *ops = &haru_ops;
    *out = c;
    return 0;
}

static int haru_pages(const bk_engine_ctx *c)
{
    return bk__haru_patch_page_count(c->doc);
}

const bk_engine_class bk__engine_haru = {
    .name = "haru",
    .flag = BK_ENGINE_HARU,
    .create = bk__engine_haru_new,
    .shares_document = 1,
    .pages = haru_pages,
    .warm = bk__haru_warm,
    .repair = bk__haru_repair,
    .repair_free = bk__haru_repair_free,
    .repair_prepare = bk__haru_repair_prepare,
};
