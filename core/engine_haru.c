/* The libharu engine: one HPDF_Doc per section, or per group of sections
 * that then share its fonts (bk__section_render_group), with text in
 * briefkit's own fonts, Chinese falling back to the CJK face run by run.
 *
 * The Latin faces are simple TrueType fonts in WinAnsiEncoding, drawn with
 * text converted to CP1252: a Type0/Identity-H font costs libharu a walk
 * over all 65,536 codes when it is made and a 128 KB CIDToGIDMap to deflate
 * when it is saved, several times the cost of drawing a whole section. A
 * character outside CP1252 that a Latin face has (an arrow) is drawn with a
 * Type0 font of the same face, made only when a section draws one, so every
 * glyph and width stays the face's own. Only the CJK face is always Type0.
 *
 * libharu embeds a TrueType font's whole glyph table, which for the 5 MB CJK
 * face costs ~300 KB per fragment, so each face is first cut down with
 * hb-subset to the characters the section was announced to draw (plus ASCII)
 * and handed to libharu through a memfd (libharu has no loader from memory),
 * then read back from memory when the document is saved.
 * A face is loaded the first time a run needs it, so a section without
 * Chinese never carries the CJK font. A character drawn that the subset lacks
 * is recorded rather than failed: the caller renders the section again with
 * it added (haru_missing).
 *
 * A batch sets the fonts up once for all its jobs: a prototype document,
 * made in the parent before it forks, which a job's child takes over instead
 * of starting its own when the characters match (haru_proto_new).
 *
 * libharu reports errors through a callback and then carries on; the callback
 * here only records the first error, every entry point refuses to draw after
 * one, and finish() turns it into a bk_error. Several libharu failures return
 * NULL without calling the callback, so results are checked as well. Last,
 * libharu silently writes a font it could not read without embedding it, so
 * finish() counts the embedded font files in the output. */
#define _GNU_SOURCE /* memfd_create, memmem, fmemopen */
#include "engine_haru.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <linebreak.h>

#include <briefkit/section.h>

#include "deflate_cache.h"
#include "errors.h"
#include "write_all.h"

struct bk_engine_ctx {
    bk_fonts *fonts;
    const bk_theme *theme;
    char lang[8];
    double page_w, page_h;
    uint32_t *cps; /* sorted, unique: what the subsets hold */
    size_t n_cps;
    uint32_t *missing; /* sorted, unique */
    size_t n_missing, cap_missing;
    HPDF_Doc doc;
    HPDF_Page page;
    const char *name[BK_FACE_COUNT_]; /* libharu's name for each loaded face */
    HPDF_Font font[BK_FACE_COUNT_];   /* Latin faces: WinAnsi; CJK: Type0 UTF-8 */
    HPDF_Font wide[BK_FACE_COUNT_];   /* Latin faces as Type0 UTF-8, on demand */
    int n_loaded;
    unsigned char *font_data[BK_FACE_COUNT_]; /* each loaded face's subset, libharu reads it */
    HPDF_STATUS hpdf_error, hpdf_detail;      /* the first libharu error */
    bk_error err;                             /* the first error of our own */
};

static void HPDF_STDCALL on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    bk_engine_ctx *c = user;
    if (c->hpdf_error == 0) {
        c->hpdf_error = error_no;
        c->hpdf_detail = detail_no;
    }
}

static int failed(const bk_engine_ctx *c)
{
    return c->hpdf_error != 0 || c->err.code != 0;
}

/* Copies the first failure (ours or libharu's) into `err`. */
static int report(const bk_engine_ctx *c, bk_error *err)
{
    if (c->err.code != 0) {
        if (err)
            *err = c->err;
        return c->err.code;
    }
    return bk__error(err, BK_EPDF, NULL, "libharu failed: error 0x%04X (detail %u)",
                     (unsigned)c->hpdf_error, (unsigned)c->hpdf_detail);
}

/* Decodes one strict UTF-8 character at s[*i]; returns -1 for a malformed
 * one (then *i moves past its first byte). */
static long next_cp(const unsigned char *s, size_t len, size_t *i)
{
    size_t p = *i;
    unsigned char b = s[p];
    uint32_t cp;
    size_t n;
    if (b < 0x80) {
        *i = p + 1;
        return b == 0 ? -1 : b;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        cp = b & 0x1F;
        n = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
        cp = b & 0x0F;
        n = 2;
    } else if (b >= 0xF0 && b <= 0xF4) {
        cp = b & 0x07;
        n = 3;
    } else {
        *i = p + 1;
        return -1;
    }
    if (len - p <= n) {
        *i = p + 1;
        return -1;
    }
    for (size_t k = 1; k <= n; k++) {
        if ((s[p + k] & 0xC0) != 0x80) {
            *i = p + 1;
            return -1;
        }
        cp = cp << 6 | (s[p + k] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        *i = p + 1;
        return -1;
    }
    *i = p + 1 + n;
    return (long)cp;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int in_set(const uint32_t *set, size_t n, uint32_t cp)
{
    return bsearch(&cp, set, n, sizeof cp, cmp_u32) != NULL;
}

static void note_missing(bk_engine_ctx *c, uint32_t cp)
{
    size_t lo = 0, hi = c->n_missing;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->missing[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < c->n_missing && c->missing[lo] == cp)
        return;
    if (c->n_missing == c->cap_missing) {
        size_t cap = c->cap_missing ? 2 * c->cap_missing : 16;
        uint32_t *m = realloc(c->missing, cap * sizeof *m);
        if (!m) {
            if (c->err.code == 0)
                bk__error(&c->err, BK_ENOMEM, NULL, "out of memory noting missing characters");
            return;
        }
        c->missing = m;
        c->cap_missing = cap;
    }
    memmove(c->missing + lo + 1, c->missing + lo, (c->n_missing - lo) * sizeof *c->missing);
    c->missing[lo] = cp;
    c->n_missing++;
}

static bk_face latin_face(int font)
{
    switch (font) {
    case BK_FONT_BOLD:
    case BK_FONT_FIGURE:
        return BK_FACE_SANS_BOLD;
    case BK_FONT_MONO:
        return BK_FACE_MONO;
    default:
        return BK_FACE_SANS;
    }
}

/* The face that draws `cp` for a role: its Latin face if that has the glyph,
 * else the CJK face if that has it, else the Latin face's .notdef. Missing
 * from the subset (but in the font) means the caller must render again. */
static bk_face face_for(bk_engine_ctx *c, bk_face latin, uint32_t cp)
{
    bk_face face = latin;
    int have = bk__fonts_has_glyph(c->fonts, latin, cp);
    if (!have && bk__fonts_has_glyph(c->fonts, BK_FACE_CJK, cp)) {
        face = BK_FACE_CJK;
        have = 1;
    }
    if (have && !in_set(c->cps, c->n_cps, cp))
        note_missing(c, cp);
    return face;
}

/* Hands a face's subset to libharu once per document; its fonts in either
 * encoding then share one embedded font file. */
static int load_face(bk_engine_ctx *c, bk_face face)
{
    if (c->name[face])
        return 0;
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = bk__fonts_subset(c->fonts, face, c->cps, c->n_cps, &data, &len, &c->err);
    if (rc != 0)
        return rc;
    int fd = memfd_create("briefkit-font", MFD_CLOEXEC);
    if (fd < 0) {
        free(data);
        return bk__error(&c->err, BK_EIO, NULL, "cannot hand a font to libharu: memfd: %s",
                         strerror(errno));
    }
    if (bk__write_all(fd, data, len) < 0) {
        int e = errno;
        free(data);
        close(fd);
        return bk__error(&c->err, BK_EIO, NULL, "cannot hand a font to libharu: %s", strerror(e));
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    /* libharu tags an embedded font by counting the fonts loaded before it
     * (HPDFAA, HPDFAB, ...) and steps the tag before use; a tag per face
     * instead keeps a document's bytes independent of the order its faces
     * were first drawn in, so a prototype document (which loads them up
     * front) writes what a document of its own would. */
    memcpy(c->doc->ttfont_tag, "HPDFA", 5);
    c->doc->ttfont_tag[5] = (HPDF_BYTE)('A' + (int)face - 1);
    /* libharu opens its own stream on the file and keeps it for embedding,
     * so our descriptor can go once the font is loaded. */
    const char *name = HPDF_LoadTTFontFromFile(c->doc, path, HPDF_TRUE);
    close(fd);
    int index = 0;
    const char *file = bk__fonts_file(c->fonts, face, &index);
    bk_loc loc = {file, 0, 0};
    if (!name || failed(c)) {
        free(data);
        return bk__error(&c->err, BK_EFONT, &loc, "libharu could not load the font (error 0x%04X)",
                         (unsigned)c->hpdf_error);
    }
    c->name[face] = name;
    c->n_loaded++;
    /* libharu keeps its stream on the file to read the glyphs again when it
     * saves: a seek and a read per glyph, and a file position a prototype's
     * forked takers would share. Reading the same bytes from memory costs
     * no system calls, and each taker's copy of the stream is its own. */
    HPDF_FontDef def = HPDF_GetFontDef(c->doc, name);
    HPDF_TTFontDefAttr attr = def ? def->attr : NULL;
    FILE *fp = attr && attr->stream ? attr->stream->attr : NULL;
    FILE *mem = fp ? fmemopen(data, len, "rb") : NULL;
    if (!mem) {
        free(data);
        return bk__error(&c->err, BK_ENOMEM, &loc, "cannot hand a font to libharu: %s",
                         fp ? strerror(errno) : "libharu keeps no stream on it");
    }
    fclose(fp);
    attr->stream->attr = mem;
    c->font_data[face] = data;
    return 0;
}

/* ---- CIDToGIDMaps ----
 *
 * libharu gives every Type0 font a CIDToGIDMap of 128 KB, mostly zeros,
 * and at every save copies it byte by byte and deflates it: most of the
 * cost of saving a section, for a map that is the same in every briefing
 * with the same characters. So the map is deflated once, when the font is
 * made (through deflate_cache.h: a batch's parent makes the prototype's,
 * so its jobs find them done), stored deflated, and marked BK_DEFLATED;
 * the save writes it as it is and the engine's repair at assembly, seeing
 * the mark, names its filter (engine_haru_repair.c). */

static int is_font(const void *obj)
{
    const HPDF_Obj_Header *h = obj;
    return (h->obj_class & 0xFF00) == HPDF_OSUBCLASS_FONT;
}

/* Stores Type0 font `font`'s CIDToGIDMap deflated; -1 on failure. */
static int deflate_cid_map(bk_engine_ctx *c, HPDF_Font font)
{
    HPDF_FontAttr attr = font->attr;
    HPDF_Stream st = attr && attr->map_stream ? attr->map_stream->stream : NULL;
    HPDF_UINT size = st ? HPDF_Stream_Size(st) : 0;
    if (size == 0)
        return 0;
    unsigned char *raw = malloc(size), *z = NULL;
    size_t zlen = 0;
    int ok = raw && HPDF_Stream_Seek(st, 0, HPDF_SEEK_SET) == HPDF_OK &&
             HPDF_Stream_Read(st, raw, &size) == HPDF_OK;
    /* Reading to the end reports HPDF_STREAM_EOF; it is no failure. */
    if (c->hpdf_error == HPDF_STREAM_EOF) {
        c->hpdf_error = 0;
        HPDF_ResetError(c->doc);
    }
    ok = ok && bk__deflate(raw, size, &z, &zlen) == 0;
    free(raw);
    if (ok) {
        HPDF_MemStream_FreeData(st);
        ok = HPDF_Stream_Write(st, z, (HPDF_UINT)zlen) == HPDF_OK &&
             HPDF_Dict_AddBoolean(attr->map_stream, BK_HARU_DEFLATED_KEY, HPDF_TRUE) == HPDF_OK;
    }
    free(z);
    if (!ok && !failed(c))
        bk__error(&c->err, BK_ENOMEM, NULL, "out of memory compressing a font's glyph map");
    return ok ? 0 : -1;
}

/* Makes every font's descriptor and font file now, as the save would when
 * it reached the font, in the same order (so the same objects), then takes
 * the deflate off the Type0 fonts' own streams: a font file takes its
 * filter when it is made, the CIDToGIDMap at every save. A Type0 font a
 * plugin made itself keeps a raw map, which the assembler deflates. */
static int raw_cid_maps(bk_engine_ctx *c)
{
    HPDF_List entries = c->doc->xref->entries;
    for (HPDF_UINT i = 0; i < entries->count; i++) {
        HPDF_XrefEntry e = HPDF_List_ItemAt(entries, i);
        HPDF_Dict font = e ? e->obj : NULL;
        if (!font || !is_font(font) || !font->before_write_fn)
            continue;
        if (font->before_write_fn(font) != HPDF_OK || failed(c))
            return -1;
        HPDF_FontAttr attr = font->attr;
        if (attr && attr->map_stream)
            font->filter = HPDF_STREAM_FILTER_NONE;
    }
    return 0;
}

static HPDF_Font make_font(bk_engine_ctx *c, bk_face face, const char *encoding)
{
    if (load_face(c, face) != 0)
        return NULL;
    HPDF_Font font = HPDF_GetFont(c->doc, c->name[face], encoding);
    if (font && !failed(c) && strcmp(encoding, "UTF-8") == 0 && deflate_cid_map(c, font) != 0)
        return NULL;
    if (!font || failed(c)) {
        int index = 0;
        bk_loc loc = {bk__fonts_file(c->fonts, face, &index), 0, 0};
        bk__error(&c->err, BK_EFONT, &loc, "libharu could not use the font with %s (error 0x%04X)",
                  encoding, (unsigned)c->hpdf_error);
        return NULL;
    }
    return font;
}

/* A run's font: `wide` asks for the Type0 font of a Latin face. */
static HPDF_Font get_font(bk_engine_ctx *c, bk_face face, int wide)
{
    if (failed(c))
        return NULL;
    if (face == BK_FACE_CJK || !wide) {
        if (!c->font[face])
            c->font[face] = make_font(c, face, face == BK_FACE_CJK ? "UTF-8" : "WinAnsiEncoding");
        return failed(c) ? NULL : c->font[face];
    }
    if (!c->wide[face])
        c->wide[face] = make_font(c, face, "UTF-8");
    return failed(c) ? NULL : c->wide[face];
}

/* Windows-1252's code for `cp`, or 0 where it has none. 0xA0 and 0xAD are
 * left out: PDF's WinAnsiEncoding calls them space and hyphen, so text
 * extraction would not give back the no-break space and soft hyphen. */
static unsigned char cp1252_of(uint32_t cp)
{
    static const uint16_t high[32] = {
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
    };
    if ((cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA1 && cp <= 0xFF && cp != 0xAD))
        return (unsigned char)cp;
    for (int k = 0; k < 32; k++)
        if (cp == high[k] && cp != 0)
            return (unsigned char)(0x80 + k);
    return 0;
}

/* Walks `utf8` as runs of one font each, calling `fn` with each run's bytes
 * in that font's encoding (CP1252 or UTF-8; malformed UTF-8 dropped),
 * NUL-terminated, as libharu wants them. */
typedef void (*run_fn)(bk_engine_ctx *c, HPDF_Font font, const char *run, size_t len, void *arg);

static void for_each_run(bk_engine_ctx *c, int role, const char *utf8, size_t len, run_fn fn,
                         void *arg)
{
    const unsigned char *s = (const unsigned char *)utf8;
    bk_face latin = latin_face(role);
    char stack[256];
    char *buf = len < sizeof stack ? stack : malloc(len + 1);
    if (!buf) {
        if (c->err.code == 0)
            bk__error(&c->err, BK_ENOMEM, NULL, "out of memory drawing text");
        return;
    }
    size_t n = 0, i = 0;
    bk_face run_face = latin;
    int run_wide = 0;
    while (i < len && !failed(c)) {
        size_t at = i;
        long cp = next_cp(s, len, &i);
        if (cp < 0)
            continue;
        bk_face face = face_for(c, latin, (uint32_t)cp);
        unsigned char ansi = face == BK_FACE_CJK ? 0 : cp1252_of((uint32_t)cp);
        int wide = face != BK_FACE_CJK && ansi == 0;
        if ((face != run_face || wide != run_wide) && n > 0) {
            buf[n] = '\0';
            HPDF_Font font = get_font(c, run_face, run_wide);
            if (font)
                fn(c, font, buf, n, arg);
            n = 0;
        }
        run_face = face;
        run_wide = wide;
        if (ansi) {
            buf[n++] = (char)ansi;
        } else {
            memcpy(buf + n, utf8 + at, i - at);
            n += i - at;
        }
    }
    if (n > 0 && !failed(c)) {
        buf[n] = '\0';
        HPDF_Font font = get_font(c, run_face, run_wide);
        if (font)
            fn(c, font, buf, n, arg);
    }
    if (buf != stack)
        free(buf);
}

static double run_width(HPDF_Font font, const char *run, size_t len)
{
    HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)run, (HPDF_UINT)len);
    return tw.width;
}

static void add_width(bk_engine_ctx *c, HPDF_Font font, const char *run, size_t len, void *arg)
{
    (void)c;
    *(double *)arg += run_width(font, run, len);
}

static double haru_text_width(bk_engine_ctx *c, int font, double size, const char *utf8, size_t len)
{
    double w = 0;
    for_each_run(c, font, utf8, len, add_width, &w);
    return failed(c) ? 0 : w * size / 1000.0;
}

struct draw_state {
    double x, y, size;
    int bold;
};

/* WenQuanYi has no bold face. Pango emboldens it synthetically in the cairo
 * engine; here the glyphs are filled and stroked with a thin outline of the
 * same colour, so Chinese in bold roles matches in both engines. */
#define FAKE_BOLD_STROKE 0.035 /* of the font size */

static void show_run(bk_engine_ctx *c, HPDF_Font font, const char *run, size_t len, void *arg)
{
    struct draw_state *d = arg;
    int fake_bold = d->bold && font == c->font[BK_FACE_CJK];
    HPDF_Page_SetFontAndSize(c->page, font, (HPDF_REAL)d->size);
    if (fake_bold) {
        HPDF_Page_SetTextRenderingMode(c->page, HPDF_FILL_THEN_STROKE);
        HPDF_Page_SetLineWidth(c->page, (HPDF_REAL)(d->size * FAKE_BOLD_STROKE));
    }
    HPDF_Page_TextOut(c->page, (HPDF_REAL)d->x, (HPDF_REAL)d->y, run);
    if (fake_bold)
        HPDF_Page_SetTextRenderingMode(c->page, HPDF_FILL);
    d->x += run_width(font, run, len) * d->size / 1000.0;
}

static int haru_draw_text(bk_engine_ctx *c, double x, double y, int font, double size, bk_rgb color,
                          const char *utf8, size_t len)
{
    if (failed(c))
        return c->err.code ? c->err.code : BK_EPDF;
    if (!c->page)
        return bk__error(&c->err, BK_EINVAL, NULL, "text drawn before the first page");
    /* The role's Latin face sets the baseline for every run, so a line that
     * mixes scripts stays on one baseline; its ascent-to-descent box is
     * centred in the line box, as the Cairo engine does with Pango's. */
    double ascent, descent;
    bk__fonts_v_metrics(c->fonts, latin_face(font), &ascent, &descent);
    double baseline =
        y + (bk__theme_line_h(c->theme, size) - (ascent + descent) * size) / 2 + ascent * size;
    struct draw_state d = {x, c->page_h - baseline, size,
                           font == BK_FONT_BOLD || font == BK_FONT_FIGURE};
    HPDF_Page_SetRGBFill(c->page, (HPDF_REAL)color.r, (HPDF_REAL)color.g, (HPDF_REAL)color.b);
    if (d.bold)
        HPDF_Page_SetRGBStroke(c->page, (HPDF_REAL)color.r, (HPDF_REAL)color.g, (HPDF_REAL)color.b);
    HPDF_Page_BeginText(c->page);
    for_each_run(c, font, utf8, len, show_run, &d);
    HPDF_Page_EndText(c->page);
    if (failed(c))
        return c->err.code ? c->err.code : BK_EPDF;
    return 0;
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000;
}

static int is_newline(uint32_t cp)
{
    return cp == '\n' || cp == 0x2028 || cp == 0x2029;
}

static pthread_once_t linebreak_once = PTHREAD_ONCE_INIT;

/* One character of the text being broken. */
struct bk_char {
    size_t start, end;
    double width;
    uint32_t cp;
    char brk; /* libunibreak's verdict on a break after it */
};

static int push_line(bk_line **lines, size_t *n, size_t *cap, const struct bk_char *ch, size_t from,
                     size_t to, size_t text_pos)
{
    /* Trailing spaces and the newline hang past the line's end. */
    while (to > from && is_space(ch[to - 1].cp))
        to--;
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 8;
        bk_line *l = realloc(*lines, nc * sizeof *l);
        if (!l)
            return -1;
        *lines = l;
        *cap = nc;
    }
    bk_line *l = &(*lines)[(*n)++];
    l->start = from < to ? ch[from].start : text_pos;
    l->len = from < to ? ch[to - 1].end - ch[from].start : 0;
    l->width = 0;
    for (size_t k = from; k < to; k++)
        l->width += ch[k].width;
    return 0;
}

static int haru_break_lines(bk_engine_ctx *c, int font, double size, double width, const char *utf8,
                            bk_line **lines, size_t *n, bk_error *err)
{
    *lines = NULL;
    *n = 0;
    if (failed(c))
        return report(c, err);
    pthread_once(&linebreak_once, init_linebreak);
    size_t len = strlen(utf8);
    char *brks = malloc(len ? len : 1);
    struct bk_char *ch = calloc(len ? len : 1, sizeof *ch);
    bk_line *out = NULL;
    size_t nout = 0, cap = 0;
    int rc = 0;
    if (!brks || !ch) {
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory breaking lines");
        goto done;
    }
    set_linebreaks_utf8((const utf8_t *)utf8, len, c->lang, brks);

    /* Widths per character: libharu has no kerning, so a line's width is
     * the sum of its characters'. */
    size_t nch = 0;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        long cp = next_cp((const unsigned char *)utf8, len, &i);
        struct bk_char *k = &ch[nch++];
        k->start = at;
        k->end = i;
        k->cp = cp < 0 ? 0xFFFD : (uint32_t)cp;
        k->brk = brks[i - 1];
        k->width = 0;
        if (cp >= 0 && !is_newline(k->cp) && k->cp != '\r')
            for_each_run(c, font, utf8 + at, i - at, add_width, &k->width);
        k->width *= size / 1000.0;
    }
    if (failed(c)) {
        rc = report(c, err);
        goto done;
    }

    size_t from = 0;    /* first character of the current line */
    size_t last_ok = 0; /* a break is allowed after ch[last_ok - 1]; 0: none yet */
    double w = 0;       /* width of ch[from..k) */
    int ended_by_newline = 0;
    for (size_t k = 0; k < nch;) {
        if (!is_space(ch[k].cp) && k > from && w + ch[k].width > width) {
            /* Break at the last opportunity, or inside the word if there is
             * none: a word wider than the line is cut anywhere. */
            size_t to = last_ok > from ? last_ok : k;
            if (push_line(&out, &nout, &cap, ch, from, to, ch[from].start) != 0) {
                rc = bk__error(err, BK_ENOMEM, NULL, "out of memory breaking lines");
                goto done;
            }
            from = k = to;
            last_ok = 0;
            w = 0;
            continue;
        }
        w += ch[k].width;
        if (ch[k].brk == LINEBREAK_MUSTBREAK && k + 1 < nch) {
            if (push_line(&out, &nout, &cap, ch, from, k + 1, ch[from].start) != 0) {
                rc = bk__error(err, BK_ENOMEM, NULL, "out of memory breaking lines");
                goto done;
            }
            from = k + 1;
            last_ok = 0;
            w = 0;
        } else if (ch[k].brk == LINEBREAK_ALLOWBREAK) {
            last_ok = k + 1;
        }
        k++;
    }
    /* The last line; "" and a text ending in a newline end with an empty
     * line, as Pango lays them out. */
    ended_by_newline = nch > 0 && is_newline(ch[nch - 1].cp);
    if (push_line(&out, &nout, &cap, ch, from, nch, from < nch ? ch[from].start : len) != 0 ||
        (ended_by_newline && push_line(&out, &nout, &cap, ch, nch, nch, len) != 0)) {
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory breaking lines");
        goto done;
    }
    *lines = out;
    *n = nout;
    out = NULL;
done:
    free(out);
    free(brks);
    free(ch);
    return rc;
}

static int haru_page_begin(bk_engine_ctx *c, bk_error *err)
{
    if (failed(c))
        return report(c, err);
    HPDF_Page page = HPDF_AddPage(c->doc);
    if (!page || failed(c))
        return failed(c) ? report(c, err)
                         : bk__error(err, BK_EPDF, NULL, "libharu could not add a page");
    HPDF_Page_SetWidth(page, (HPDF_REAL)c->page_w);
    HPDF_Page_SetHeight(page, (HPDF_REAL)c->page_h);
    if (failed(c))
        return report(c, err);
    c->page = page;
    return 0;
}

static void haru_fill_rect(bk_engine_ctx *c, double x, double y, double w, double h, bk_rgb color)
{
    if (failed(c))
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
    if (failed(c))
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
    if (failed(c))
        return report(c, err);
    if (raw_cid_maps(c) != 0)
        return report(c, err);
    if (HPDF_SaveToStream(c->doc) != HPDF_OK || failed(c))
        return report(c, err);
    HPDF_UINT32 size = HPDF_GetStreamSize(c->doc);
    if (size == 0 || HPDF_ResetStream(c->doc) != HPDF_OK || failed(c))
        return failed(c) ? report(c, err)
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
    if (got != size || failed(c)) {
        free(buf);
        return failed(c) ? report(c, err)
                         : bk__error(err, BK_EPDF, NULL, "libharu's PDF stream ended early");
    }
    size_t embedded = count_of(buf, size, "/FontFile2");
    if (embedded != (size_t)c->n_loaded) {
        free(buf);
        return bk__error(err, BK_EFONT, NULL,
                         "libharu embedded %zu of the %d fonts it loaded; the PDF would "
                         "depend on the reader's fonts",
                         embedded, c->n_loaded);
    }
    *pdf = buf;
    *len = size;
    return 0;
}

static void haru_destroy(bk_engine_ctx *c)
{
    if (!c)
        return;
    if (c->doc)
        HPDF_Free(c->doc); /* closes the streams on font_data */
    for (int f = 0; f < BK_FACE_COUNT_; f++)
        free(c->font_data[f]);
    free(c->cps);
    free(c->missing);
    free(c);
}

static const bk_engine_ops haru_ops = {
    .name = "haru",
    .page_begin = haru_page_begin,
    .text_width = haru_text_width,
    .break_lines = haru_break_lines,
    .draw_text = haru_draw_text,
    .fill_rect = haru_fill_rect,
    .stroke_line = haru_stroke_line,
    .native = haru_native,
    .finish = haru_finish,
    .destroy = haru_destroy,
};

/* The characters every subset holds: the section's, plus printable ASCII
 * so numbers and labels never need a second render. */
static int make_codepoints(bk_engine_ctx *c, const bk_engine_setup *s)
{
    size_t n = s->n_codepoints + 95;
    c->cps = malloc(n * sizeof *c->cps);
    if (!c->cps)
        return -1;
    size_t k = 0;
    for (uint32_t cp = 0x20; cp <= 0x7E; cp++)
        c->cps[k++] = cp;
    for (size_t i = 0; i < s->n_codepoints; i++)
        c->cps[k++] = s->codepoints[i];
    qsort(c->cps, k, sizeof *c->cps, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || c->cps[u - 1] != c->cps[i])
            c->cps[u++] = c->cps[i];
    c->n_cps = u;
    return 0;
}

/* A document with no pages and no fonts yet, for the characters of `s`. */
static int doc_new(const bk_engine_setup *s, bk_engine_ctx **out, bk_error *err)
{
    *out = NULL;
    bk_engine_ctx *c = calloc(1, sizeof *c);
    if (!c || make_codepoints(c, s) != 0) {
        haru_destroy(c);
        return bk__error(err, BK_ENOMEM, NULL, "out of memory starting a libharu document");
    }
    c->fonts = s->fonts;
    c->doc = HPDF_New(on_hpdf_error, c);
    if (!c->doc) {
        haru_destroy(c);
        return bk__error(err, BK_ENOMEM, NULL, "libharu could not start a document");
    }
    /* No CreationDate is set: libharu writes none unless asked, and the
     * assembler writes the briefing's dates, so output stays reproducible. */
    if (HPDF_SetCompressionMode(c->doc, HPDF_COMP_ALL) != HPDF_OK ||
        HPDF_UseUTFEncodings(c->doc) != HPDF_OK || failed(c)) {
        int rc = report(c, err);
        haru_destroy(c);
        return rc;
    }
    *out = c;
    return 0;
}

/* ---- a prototype document, made before a fork ---- */

struct bk_engine_proto {
    bk_engine_ctx *c; /* NULL once taken */
    pid_t maker;
};

/* The faces a prototype loads: those of headings, body text and Chinese,
 * and the Latin ones also as Type0 fonts when the characters hold any they
 * draw that way (arrows, the minus sign: nearly always). A section that
 * draws none of one still carries it in its fragment; the assembler copies
 * only the fonts its pages use. */
static const bk_face proto_faces[] = {BK_FACE_SANS, BK_FACE_SANS_BOLD, BK_FACE_CJK};

static int needs_wide(const bk_engine_ctx *c, bk_face face)
{
    for (size_t i = 0; i < c->n_cps; i++)
        if (!cp1252_of(c->cps[i]) && c->cps[i] >= 0x80 &&
            bk__fonts_has_glyph(c->fonts, face, c->cps[i]))
            return 1;
    return 0;
}

static void haru_proto_free(bk_engine_proto *p);

static int haru_proto_new(bk_fonts *fonts, const uint32_t *cps, size_t n_cps, bk_engine_proto **out,
                          bk_error *err)
{
    *out = NULL;
    bk_engine_proto *p = calloc(1, sizeof *p);
    if (!p)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory preparing a libharu document");
    bk_engine_setup s = {.fonts = fonts, .codepoints = cps, .n_codepoints = n_cps};
    int rc = doc_new(&s, &p->c, err);
    for (size_t i = 0; rc == 0 && i < sizeof proto_faces / sizeof proto_faces[0]; i++)
        if (!get_font(p->c, proto_faces[i], 0) ||
            (proto_faces[i] != BK_FACE_CJK && needs_wide(p->c, proto_faces[i]) &&
             !get_font(p->c, proto_faces[i], 1)))
            rc = report(p->c, err);
    if (rc) {
        haru_proto_free(p);
        return rc;
    }
    p->maker = getpid();
    *out = p;
    return 0;
}

static void haru_proto_free(bk_engine_proto *p)
{
    if (!p)
        return;
    haru_destroy(p->c);
    free(p);
}

static int same_codepoints(const bk_engine_ctx *a, const bk_engine_ctx *b)
{
    return a->n_cps == b->n_cps && memcmp(a->cps, b->cps, a->n_cps * sizeof *a->cps) == 0;
}

/* The prototype's document for `fresh`, when this process may take it:
 * not its maker, not taken before, the same fonts and the same characters
 * (so the output is what a document of its own would give). NULL: make a
 * document of its own. */
static bk_engine_ctx *take_proto(bk_engine_proto *p, const bk_engine_ctx *fresh)
{
    if (!p || !p->c || p->maker == getpid() || p->c->fonts != fresh->fonts ||
        !same_codepoints(p->c, fresh) || failed(p->c))
        return NULL;
    bk_engine_ctx *c = p->c;
    p->c = NULL; /* never offered again in this process */
    return c;
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
    if (s->proto) {
        bk_engine_ctx probe = {.fonts = s->fonts};
        if (make_codepoints(&probe, s) != 0)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory starting a libharu document");
        c = take_proto(s->proto, &probe);
        free(probe.cps);
    }
    if (!c) {
        int rc = doc_new(s, &c, err);
        if (rc)
            return rc;
    }
    c->theme = s->theme;
    c->page_w = s->page_w;
    c->page_h = s->page_h;
    snprintf(c->lang, sizeof c->lang, "%s", s->lang && strcmp(s->lang, "zh") == 0 ? "zh" : "en");
    *ops = &haru_ops;
    *out = c;
    return 0;
}

static size_t haru_missing(bk_engine_ctx *c, const uint32_t **cps)
{
    *cps = c->missing;
    return c->n_missing;
}

static int haru_pages(const bk_engine_ctx *c)
{
    /* libharu has no public count; HPDF_GetPageByIndex past the end reports
     * an error through the handler, which would fail the document. */
    return c->doc && c->doc->page_list ? (int)c->doc->page_list->count : 0;
}

const bk_engine_class bk__engine_haru = {
    .name = "haru",
    .flag = BK_ENGINE_HARU,
    .create = bk__engine_haru_new,
    .missing = haru_missing,
    .shares_document = 1,
    .pages = haru_pages,
    .proto_new = haru_proto_new,
    .proto_free = haru_proto_free,
    .repair = bk__haru_repair,
    .repair_free = bk__haru_repair_free,
    .repair_prepare = bk__haru_repair_prepare,
};
