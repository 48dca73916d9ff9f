/* Shaping a line of text into glyphs (text_shape.h says what and why).
 *
 * FriBidi runs only when the text holds a right-to-left character, and a
 * run's glyphs come straight from hb_shape, so a line of Latin or Chinese
 * costs one HarfBuzz call per font it uses. */
#include "text_shape.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <fribidi.h>
#include <harfbuzz/hb.h>

#include "errors.h"
#include "utf8.h"
#include "font_chain.h"

/* One character of the text. */
typedef struct ch {
    uint32_t cp;
    size_t at, end; /* its bytes */
    int face;
    hb_script_t script;
    FriBidiLevel level;
} ch;

typedef struct run {
    size_t from, to; /* characters */
    int face;
    hb_script_t script;
    FriBidiLevel level;
} run;

static int is_rtl_cp(uint32_t cp)
{
    return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
           (cp >= 0xFE70 && cp <= 0xFEFF) || (cp >= 0x10800 && cp <= 0x10FFF) ||
           (cp >= 0x1E800 && cp <= 0x1EFFF) || cp == 0x200F || cp == 0x202B || cp == 0x202E ||
           cp == 0x2067;
}

static int is_mark(hb_unicode_funcs_t *uf, uint32_t cp)
{
    hb_unicode_general_category_t gc = hb_unicode_general_category(uf, cp);
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

/* The face of each character: the chain's for the language, except that a
 * mark or a joiner stays on its base's face when that face has it, so
 * HarfBuzz can place it; a character no face has takes the role's first
 * face (.notdef). */
static void choose_faces(const bk_fonts *fonts, int role, const char *lang, hb_unicode_funcs_t *uf,
                         ch *c, size_t n)
{
    bk_face chain[BK_FONT_CHAIN_MAX];
    bk__font_chain(fonts, role, chain);
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = c[i].cp;
        if (i > 0 && (is_mark(uf, cp) || bk__font_chain_ignorable(cp)) &&
            (bk__font_chain_ignorable(cp) || bk__fonts_has_glyph(fonts, c[i - 1].face, cp))) {
            c[i].face = c[i - 1].face;
            continue;
        }
        int face = bk__font_chain_face_in(fonts, role, lang, cp);
        c[i].face = face >= 0 ? face : (int)chain[0];
    }
}

/* Common and inherited characters (spaces, digits, punctuation, marks)
 * take the script of what precedes them, or else of what follows. */
static void choose_scripts(hb_unicode_funcs_t *uf, ch *c, size_t n)
{
    hb_script_t last = HB_SCRIPT_INVALID;
    for (size_t i = 0; i < n; i++) {
        hb_script_t s = hb_unicode_script(uf, c[i].cp);
        if (s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN)
            s = last;
        c[i].script = s;
        if (s != HB_SCRIPT_INVALID)
            last = s;
    }
    hb_script_t next = HB_SCRIPT_COMMON;
    for (size_t i = n; i-- > 0;) {
        if (c[i].script == HB_SCRIPT_INVALID)
            c[i].script = next;
        else
            next = c[i].script;
    }
}

static int levels(ch *c, size_t n, int dir)
{
    int rtl = dir == BK_DIR_RTL;
    for (size_t i = 0; i < n && !rtl; i++)
        rtl = is_rtl_cp(c[i].cp);
    if (!rtl) {
        for (size_t i = 0; i < n; i++)
            c[i].level = 0;
        return 0;
    }
    FriBidiChar *s = malloc(n * sizeof *s);
    FriBidiCharType *types = malloc(n * sizeof *types);
    FriBidiBracketType *brackets = malloc(n * sizeof *brackets);
    FriBidiLevel *lv = malloc(n * sizeof *lv);
    int rc = -1;
    if (s && types && brackets && lv) {
        for (size_t i = 0; i < n; i++)
            s[i] = c[i].cp;
        fribidi_get_bidi_types(s, (FriBidiStrIndex)n, types);
        fribidi_get_bracket_types(s, (FriBidiStrIndex)n, types, brackets);
        FriBidiParType base = dir == BK_DIR_RTL   ? FRIBIDI_PAR_RTL
                              : dir == BK_DIR_LTR ? FRIBIDI_PAR_LTR
                                                  : FRIBIDI_PAR_ON;
        if (fribidi_get_par_embedding_levels_ex(types, brackets, (FriBidiStrIndex)n, &base, lv)) {
            for (size_t i = 0; i < n; i++)
                c[i].level = lv[i];
            rc = 0;
        }
    }
    free(s);
    free(types);
    free(brackets);
    free(lv);
    return rc;
}

static int push(bk_shaped *out, const bk_glyph *g)
{
    if (out->n == out->cap) {
        size_t cap = out->cap ? 2 * out->cap : 32;
        bk_glyph *p = realloc(out->g, cap * sizeof *p);
        if (!p)
            return -1;
        out->g = p;
        out->cap = cap;
    }
    out->g[out->n++] = *g;
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Shapes run `r` of the text and appends its glyphs (in visual order). */
static int shape_run(const bk_fonts *fonts, const char *lang, const char *utf8, size_t len,
                     const ch *c, const run *r, hb_buffer_t *buf, bk_shaped *out)
{
    hb_font_t *font = bk__fonts_hb_font(fonts, (bk_face)r->face);
    hb_face_t *face = bk__fonts_hb_face(fonts, (bk_face)r->face);
    size_t from = c[r->from].at, to = c[r->to - 1].end;
    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf8(buf, utf8, (int)len, (unsigned)from, (int)(to - from));
    int rtl = r->level & 1;
    hb_buffer_set_direction(buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, r->script);
    hb_buffer_set_language(buf, lang ? hb_language_from_string(lang, -1) : HB_LANGUAGE_INVALID);
    hb_buffer_set_flags(buf, (from == 0 ? HB_BUFFER_FLAG_BOT : 0) |
                                 (to == len ? HB_BUFFER_FLAG_EOT : 0));
    hb_shape(font, buf, NULL, 0);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    double upem = hb_face_get_upem(face);
    /* Where each cluster ends: the next cluster's start, in logical order. */
    uint32_t *starts = malloc((n ? n : 1) * sizeof *starts);
    if (!starts)
        return -1;
    for (unsigned i = 0; i < n; i++)
        starts[i] = info[i].cluster;
    qsort(starts, n, sizeof *starts, cmp_u32);
    for (unsigned i = 0; i < n; i++) {
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (starts[mid] <= info[i].cluster)
                lo = mid + 1;
            else
                hi = mid;
        }
        bk_glyph g = {
            .face = r->face,
            .gid = info[i].codepoint,
            .x_advance = pos[i].x_advance / upem,
            .x_offset = pos[i].x_offset / upem,
            .y_offset = pos[i].y_offset / upem,
            .cluster = info[i].cluster,
            .cluster_end = lo < n ? starts[lo] : to,
            .rtl = rtl,
        };
        if ((i > 0 && info[i - 1].cluster == info[i].cluster) ||
            (i + 1 < n && info[i + 1].cluster == info[i].cluster))
            out->complex = 1;
        else {
            size_t k = g.cluster;
            if (k < len) {
                bk__utf8_next((const unsigned char *)utf8, len, &k);
                if (k != g.cluster_end)
                    out->complex = 1;
            }
        }
        out->width += g.x_advance;
        out->rtl |= rtl;
        if (push(out, &g) != 0) {
            free(starts);
            return -1;
        }
    }
    free(starts);
    return 0;
}

/* Unicode's rule L2: from the highest level down to the lowest odd one,
 * every sequence of runs at that level or above is reversed. */
static void reorder(run *r, size_t n)
{
    /* int: FriBidiLevel is a signed char, where no "none yet" fits. */
    int max = 0, min_odd = INT_MAX;
    for (size_t i = 0; i < n; i++) {
        if (r[i].level > max)
            max = r[i].level;
        if ((r[i].level & 1) && r[i].level < min_odd)
            min_odd = r[i].level;
    }
    for (int lev = max; lev >= min_odd && lev > 0; lev--) {
        for (size_t i = 0; i < n;) {
            if (r[i].level < lev) {
                i++;
                continue;
            }
            size_t j = i;
            while (j < n && r[j].level >= lev)
                j++;
            for (size_t a = i, b = j - 1; a < b; a++, b--) {
                run t = r[a];
                r[a] = r[b];
                r[b] = t;
            }
            i = j;
        }
    }
}

int bk__shape_paragraph_dir(const char *utf8, size_t len)
{
    const unsigned char *s = (const unsigned char *)utf8;
    for (size_t i = 0; i < len;) {
        long cp = bk__utf8_next(s, len, &i);
        if (cp < 0)
            continue;
        FriBidiCharType t = fribidi_get_bidi_type((FriBidiChar)cp);
        if (FRIBIDI_IS_LETTER(t))
            return FRIBIDI_IS_RTL(t) ? BK_DIR_RTL : BK_DIR_LTR;
    }
    return BK_DIR_LTR;
}

int bk__shape(const bk_fonts *fonts, int role, const char *lang, int dir, const char *utf8,
              size_t len, bk_shaped *out, bk_error *err)
{
    out->n = 0;
    out->width = 0;
    out->complex = 0;
    out->rtl = 0;
    if (len == 0)
        return 0;
    ch stack_ch[64];
    run stack_run[16];
    ch *c = len <= 64 ? stack_ch : malloc(len * sizeof *c);
    run *runs = NULL;
    hb_buffer_t *buf = NULL;
    int rc = 0;
    if (!c)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory shaping text");
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        long cp = bk__utf8_next((const unsigned char *)utf8, len, &i);
        if (cp < 0)
            continue;
        c[n++] = (ch){.cp = (uint32_t)cp, .at = at, .end = i};
    }
    if (n == 0)
        goto done;
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    choose_faces(fonts, role, lang, uf, c, n);
    choose_scripts(uf, c, n);
    if (levels(c, n, dir) != 0) {
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory ordering text");
        goto done;
    }
    size_t nruns = 0;
    for (size_t i = 0; i < n; i++)
        nruns += i == 0 || c[i].face != c[i - 1].face || c[i].script != c[i - 1].script ||
                 c[i].level != c[i - 1].level;
    runs = nruns <= 16 ? stack_run : malloc(nruns * sizeof *runs);
    buf = hb_buffer_create();
    if (!runs || !hb_buffer_allocation_successful(buf)) {
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory shaping text");
        goto done;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || c[i].face != c[i - 1].face || c[i].script != c[i - 1].script ||
            c[i].level != c[i - 1].level)
            runs[k++] = (run){i, i + 1, c[i].face, c[i].script, c[i].level};
        else
            runs[k - 1].to = i + 1;
    }
    reorder(runs, nruns);
    for (size_t r = 0; r < nruns && rc == 0; r++)
        if (shape_run(fonts, lang, utf8, len, c, &runs[r], buf, out) != 0)
            rc = bk__error(err, BK_ENOMEM, NULL, "out of memory shaping text");
done:
    hb_buffer_destroy(buf);
    if (runs != stack_run)
        free(runs);
    if (c != stack_ch)
        free(c);
    return rc;
}

void bk__shaped_free(bk_shaped *s)
{
    free(s->g);
    memset(s, 0, sizeof *s);
}
