/* The libharu engine's text, shaped and drawn by glyph id.
 *
 * libharu can only show a font's characters through its cmap, which is
 * not what HarfBuzz chooses for Arabic-script joining, Tibetan stacks,
 * combining marks or ligatures (engine_haru_patches.c says more). So a
 * line is shaped by text_shape.c, the same way Pango sets it in the Cairo
 * engine, and its glyphs are shown here with a Type0 font per face whose
 * CIDs are the face's own glyph ids: the operators are written to the page
 * as they are, the font objects made through the patches. The glyphs a
 * document used are known only when it is finished, so that is when each
 * font gets its subset (glyph ids kept), its widths and a ToUnicode map
 * built from the clusters the glyphs stood for. A line whose glyphs do not
 * read back as its characters one by one (combined, ligatures) is also
 * marked with its text as /ActualText, as cairo marks a cluster, so copying
 * gives the text as written; right-to-left runs are left to the reader's
 * own reordering, as cairo leaves them. */
#include "engine_haru.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <harfbuzz/hb-ot.h>
#include <harfbuzz/hb.h>

#include <briefkit/section.h>

#include "engine_haru_patches.h"
#include "byte_buf.h"
#include "cmap_write.h"
#include "errors.h"
#include "utf8.h"

/* The face's font in this document, made on first use; NULL once failed. */
static bk_haru_gfont *gfont(bk_engine_ctx *c, int face)
{
    bk_haru_gfont *g = &c->gfont[face];
    if (g->type0)
        return g;
    hb_face_t *hf = bk__fonts_hb_face(c->fonts, (bk_face)face);
    char ps[64] = "font";
    unsigned len = sizeof ps;
    hb_ot_name_get_utf8(hf, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, ps);
    /* A fixed tag per face: the assembler gives the briefing's one font its
     * own; within a fragment the tag only has to be a tag. */
    char base[96];
    snprintf(base, sizeof base, "BKGLY%c+%s", 'A' + face, ps);
    g->n_glyphs = hb_face_get_glyph_count(hf);
    g->used = calloc(g->n_glyphs + 1, 1);
    g->text = calloc(g->n_glyphs + 1, sizeof *g->text);
    if (!g->used || !g->text) {
        bk__error(&c->err, BK_ENOMEM, NULL, "out of memory drawing text");
        return NULL;
    }
    g->type0 = bk__haru_patch_cid_font_new(c->doc, base);
    if (!g->type0 || bk__haru_failed(c)) {
        if (!bk__haru_failed(c))
            bk__error(&c->err, BK_EPDF, NULL, "libharu could not make a font for %s", ps);
        g->type0 = NULL;
        return NULL;
    }
    snprintf(g->name, sizeof g->name, "BkG%d", face);
    c->n_gfonts++;
    return g;
}

/* Notes what glyph `g` stands for: its cluster's text, on the first glyph
 * of the cluster; the first note of a glyph stands. */
static void note_text(bk_haru_gfont *f, const bk_glyph *g, const char *utf8, int first)
{
    if (f->text[g->gid] || !first || g->cluster_end <= g->cluster)
        return;
    size_t n = g->cluster_end - g->cluster;
    char *t = malloc(n + 1);
    if (!t)
        return; /* only the copied text is poorer */
    memcpy(t, utf8 + g->cluster, n);
    t[n] = '\0';
    f->text[g->gid] = t;
}

/* UTF-8 to UTF-16BE hex, for /ActualText. */
static void put_utf16_hex(bk_buf *b, const char *utf8, size_t len)
{
    const unsigned char *s = (const unsigned char *)utf8;
    for (size_t i = 0; i < len;) {
        long cp = bk__utf8_next(s, len, &i);
        if (cp < 0)
            continue;
        bk__cmap_put_char(b, (uint32_t)cp);
    }
}

int bk__haru_show_glyphs(bk_engine_ctx *c, double x, double baseline, int role, double size,
                         bk_rgb color, const char *utf8, size_t len, const bk_shaped *sh)
{
    if (sh->n == 0)
        return 0;
    int bold = role == BK_FONT_BOLD || role == BK_FONT_FIGURE;
    HPDF_Page_SetRGBFill(c->page, (HPDF_REAL)color.r, (HPDF_REAL)color.g, (HPDF_REAL)color.b);
    if (bold)
        HPDF_Page_SetRGBStroke(c->page, (HPDF_REAL)color.r, (HPDF_REAL)color.g, (HPDF_REAL)color.b);
    if (bk__haru_failed(c))
        return c->err.code ? c->err.code : BK_EPDF;
    bk_buf b = {0};
    /* Not for right-to-left text: a reader puts the glyphs of such a run
     * back in logical order itself, and would reverse /ActualText too. */
    int actual = sh->complex && !sh->rtl;
    if (actual) {
        bk__buf_put(&b, "/Span <</ActualText <FEFF", 25);
        put_utf16_hex(&b, utf8, len);
        bk__buf_put(&b, ">>> BDC\n", 8);
    }
    bk__buf_put(&b, "BT\n", 3);
    int cur_face = -1, open = 0, stroked = 0;
    double pen = x; /* where the next glyph's origin is, in points */
    double at = 0;  /* where the text position is inside the open TJ */
    size_t last_cluster = (size_t)-1;
    for (size_t i = 0; i < sh->n; i++) {
        const bk_glyph *g = &sh->g[i];
        bk_haru_gfont *f = gfont(c, g->face);
        if (!f) {
            free(b.p);
            return c->err.code ? c->err.code : BK_EPDF;
        }
        double xo = g->x_offset * size, yo = g->y_offset * size;
        int moved = xo != 0 || yo != 0;
        if (g->face != cur_face || moved || !open) {
            if (open)
                bk__buf_put(&b, "] TJ\n", 5);
            open = 0;
            if (g->face != cur_face) {
                if (bk__haru_patch_page_font(c->page, f->name, f->type0) != 0) {
                    free(b.p);
                    return bk__error(&c->err, BK_EPDF, NULL, "libharu could not use a font");
                }
                bk__buf_printf(&b, "/%s %.3f Tf\n", f->name, size);
                int fake = bold && g->face != BK_FACE_SANS_BOLD && g->face != BK_FACE_SANS &&
                           g->face != BK_FACE_MONO;
                if (fake && !stroked)
                    bk__buf_printf(&b, "%.3f w 2 Tr\n", size * BK_FAKE_BOLD_STROKE);
                else if (!fake && stroked)
                    bk__buf_put(&b, "0 Tr\n", 5);
                stroked = fake;
                cur_face = g->face;
            }
            bk__buf_printf(&b, "1 0 0 1 %.3f %.3f Tm [", pen + xo, c->page_h - baseline + yo);
            at = pen + xo;
            open = 1;
        }
        hb_font_t *hf = bk__fonts_hb_font(c->fonts, (bk_face)g->face);
        double upem = hb_face_get_upem(bk__fonts_hb_face(c->fonts, (bk_face)g->face));
        double width = hb_font_get_glyph_h_advance(hf, g->gid) / upem; /* the font's W */
        /* The viewer moves by the font's width; shaping wants the
         * glyph's advance (kerning, a mark's zero): the difference is a
         * TJ adjustment, in thousandths of the font size. */
        double want = pen + xo;
        if (want != at)
            bk__buf_printf(&b, "%.1f", (at - want) / size * 1000);
        static const char hex[] = "0123456789ABCDEF";
        char code[6] = {'<',
                        hex[g->gid >> 12 & 15],
                        hex[g->gid >> 8 & 15],
                        hex[g->gid >> 4 & 15],
                        hex[g->gid & 15],
                        '>'};
        bk__buf_put(&b, code, sizeof code);
        at = want + width * size;
        pen += g->x_advance * size;
        if (moved) {
            bk__buf_put(&b, "] TJ\n", 5);
            open = 0;
        }
        f->used[g->gid] = 1;
        note_text(f, g, utf8, g->cluster != last_cluster);
        last_cluster = g->cluster;
    }
    if (open)
        bk__buf_put(&b, "] TJ\n", 5);
    if (stroked)
        bk__buf_put(&b, "0 Tr\n", 5);
    bk__buf_put(&b, "ET\n", 3);
    if (actual)
        bk__buf_put(&b, "EMC\n", 4);
    int rc = 0;
    if (b.failed)
        rc = bk__error(&c->err, BK_ENOMEM, NULL, "out of memory drawing text");
    else if (bk__haru_patch_page_write(c->page, b.p, b.n) != 0)
        rc = bk__error(&c->err, BK_EPDF, NULL, "libharu could not write a page");
    free(b.p);
    return rc;
}

/* bk_cmap_glyph_text over a font's used glyphs and their UTF-8 texts. */
static int gfont_glyph_text(bk_buf *b, const void *ctx, unsigned g)
{
    const bk_haru_gfont *f = ctx;
    if (!f->used[g] || !f->text[g])
        return 0;
    if (b)
        put_utf16_hex(b, f->text[g], strlen(f->text[g]));
    return 1;
}

/* The ToUnicode CMap of a font: each used glyph with the text it stood
 * for. */
static int tounicode(const bk_haru_gfont *f, bk_buf *b)
{
    bk__cmap_write(b, f->n_glyphs, gfont_glyph_text, f);
    return b->failed ? -1 : 0;
}

int bk__haru_glyph_fonts_finish(bk_engine_ctx *c)
{
    for (int face = 0; face < BK_FACE_COUNT_; face++) {
        bk_haru_gfont *f = &c->gfont[face];
        if (!f->type0)
            continue;
        unsigned char *data = NULL;
        size_t len = 0;
        int rc = bk__fonts_subset_glyphs(c->fonts, (bk_face)face, f->used, f->n_glyphs, &data, &len,
                                         &c->err);
        if (rc)
            return rc;
        hb_face_t *hf = bk__fonts_hb_face(c->fonts, (bk_face)face);
        hb_font_t *font = bk__fonts_hb_font(c->fonts, (bk_face)face);
        double scale = 1000.0 / hb_face_get_upem(hf);
        size_t n = 0;
        for (unsigned g = 0; g < f->n_glyphs; g++)
            n += f->used[g];
        unsigned *gids = malloc((n ? n : 1) * sizeof *gids);
        int *widths = malloc((n ? n : 1) * sizeof *widths);
        bk_buf cmap = {0};
        if (!gids || !widths || tounicode(f, &cmap) != 0) {
            free(gids);
            free(widths);
            free(cmap.p);
            free(data);
            return bk__error(&c->err, BK_ENOMEM, NULL, "out of memory finishing fonts");
        }
        size_t k = 0;
        for (unsigned g = 0; g < f->n_glyphs; g++)
            if (f->used[g]) {
                gids[k] = g;
                widths[k++] = (int)(hb_font_get_glyph_h_advance(font, g) * scale + 0.5);
            }
        hb_font_extents_t ext = {0};
        hb_font_get_h_extents(font, &ext);
        bk_haru_cid_font_data d = {
            .file = data,
            .file_len = len,
            .cmap = cmap.p,
            .cmap_len = cmap.n,
            .gids = gids,
            .widths = widths,
            .n = n,
            .bbox = {0, (int)(ext.descender * scale), 1000, (int)(ext.ascender * scale)},
            .ascent = (int)(ext.ascender * scale),
            .descent = (int)(ext.descender * scale),
        };
        rc = bk__haru_patch_cid_font_finish(c->doc, f->type0, &d);
        free(gids);
        free(widths);
        free(cmap.p);
        /* libharu copies stream data as it is written. */
        free(data);
        if (rc != 0 || bk__haru_failed(c))
            return bk__haru_failed(c) && c->err.code
                       ? c->err.code
                       : bk__error(&c->err, BK_EPDF, NULL, "libharu could not finish a font");
    }
    return 0;
}

void bk__haru_glyph_fonts_free(bk_engine_ctx *c)
{
    for (int face = 0; face < BK_FACE_COUNT_; face++) {
        bk_haru_gfont *f = &c->gfont[face];
        for (unsigned g = 0; f->text && g < f->n_glyphs + 1; g++)
            free(f->text[g]);
        free(f->text);
        free(f->used);
        memset(f, 0, sizeof *f);
    }
}
