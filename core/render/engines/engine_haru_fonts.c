/* The libharu engine's fonts: briefkit's faces, cut down and handed to
 * libharu, and text cut into runs of one font each.
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
 * it added (bk_engine_class.missing). */
#define _GNU_SOURCE /* memfd_create */
#include "engine_haru.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <briefkit/section.h>

#include "engine_haru_patches.h"
#include "errors.h"
#include "write_all.h"

/* Decodes one strict UTF-8 character at s[*i]; returns -1 for a malformed
 * one (then *i moves past its first byte). */
long bk__haru_next_cp(const unsigned char *s, size_t len, size_t *i)
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

int bk__haru_cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int in_set(const uint32_t *set, size_t n, uint32_t cp)
{
    return bsearch(&cp, set, n, sizeof cp, bk__haru_cmp_u32) != NULL;
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

bk_face bk__haru_latin_face(const bk_fonts *f, int font)
{
    bk_face latin, cjk;
    bk__fonts_faces_for(f, font, &latin, &cjk);
    return latin;
}

/* The face that draws `cp` for a role: its Latin face if that has the glyph,
 * else the role's CJK face (a document style's, fonts.h), else the base CJK
 * face if that has it, else the Latin face's .notdef. Missing from the
 * subset (but in the font) means the caller must render again. */
static bk_face face_for(bk_engine_ctx *c, bk_face latin, bk_face cjk, uint32_t cp)
{
    bk_face face = latin;
    int have = bk__fonts_has_glyph(c->fonts, latin, cp);
    if (!have && cjk != BK_FACE_CJK && bk__fonts_has_glyph(c->fonts, cjk, cp)) {
        face = cjk;
        have = 1;
    }
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
    /* A tag per face keeps a document's bytes independent of the order its
     * faces were first drawn in, so a prototype document (which loads them
     * up front) writes what a document of its own would. */
    bk__haru_patch_font_tag(c->doc, (int)face);
    /* libharu opens its own stream on the file and keeps it for embedding,
     * so our descriptor can go once the font is loaded. */
    const char *name = HPDF_LoadTTFontFromFile(c->doc, path, HPDF_TRUE);
    close(fd);
    int index = 0;
    const char *file = bk__fonts_file(c->fonts, face, &index);
    bk_loc loc = {file, 0, 0};
    if (!name || bk__haru_failed(c)) {
        free(data);
        return bk__error(&c->err, BK_EFONT, &loc, "libharu could not load the font (error 0x%04X)",
                         (unsigned)c->hpdf_error);
    }
    c->name[face] = name;
    c->n_loaded++;
    /* The glyphs are read again at save: from memory, not the file. */
    const char *why = NULL;
    if (bk__haru_patch_font_from_memory(c->doc, name, data, len, &why) != 0) {
        free(data);
        return bk__error(&c->err, BK_ENOMEM, &loc, "cannot hand a font to libharu: %s", why);
    }
    c->font_data[face] = data;
    return 0;
}

static HPDF_Font make_font(bk_engine_ctx *c, bk_face face, const char *encoding)
{
    if (load_face(c, face) != 0)
        return NULL;
    HPDF_Font font = HPDF_GetFont(c->doc, c->name[face], encoding);
    /* A Type0 font's glyph map is deflated once, now, not at every save. */
    if (font && !bk__haru_failed(c) && strcmp(encoding, "UTF-8") == 0 &&
        bk__haru_patch_deflate_cid_map(c->doc, font, c->deflated, &c->hpdf_error) != 0) {
        if (!bk__haru_failed(c))
            bk__error(&c->err, BK_ENOMEM, NULL, "out of memory compressing a font's glyph map");
        return NULL;
    }
    if (!font || bk__haru_failed(c)) {
        int index = 0;
        bk_loc loc = {bk__fonts_file(c->fonts, face, &index), 0, 0};
        bk__error(&c->err, BK_EFONT, &loc, "libharu could not use the font with %s (error 0x%04X)",
                  encoding, (unsigned)c->hpdf_error);
        return NULL;
    }
    return font;
}

/* A run's font: `wide` asks for the Type0 font of a Latin face. */
HPDF_Font bk__haru_font(bk_engine_ctx *c, bk_face face, int wide)
{
    if (bk__haru_failed(c))
        return NULL;
    if (face >= BK_FACE_CJK || !wide) {
        if (!c->font[face])
            c->font[face] = make_font(c, face, face >= BK_FACE_CJK ? "UTF-8" : "WinAnsiEncoding");
        return bk__haru_failed(c) ? NULL : c->font[face];
    }
    if (!c->wide[face])
        c->wide[face] = make_font(c, face, "UTF-8");
    return bk__haru_failed(c) ? NULL : c->wide[face];
}

/* Windows-1252's code for `cp`, or 0 where it has none. 0xA0 and 0xAD are
 * left out: PDF's WinAnsiEncoding calls them space and hyphen, so text
 * extraction would not give back the no-break space and soft hyphen. */
unsigned char bk__haru_cp1252(uint32_t cp)
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

void bk__haru_for_each_run(bk_engine_ctx *c, int role, const char *utf8, size_t len,
                           bk_haru_run_fn fn, void *arg)
{
    const unsigned char *s = (const unsigned char *)utf8;
    bk_face latin, cjk;
    bk__fonts_faces_for(c->fonts, role, &latin, &cjk);
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
    while (i < len && !bk__haru_failed(c)) {
        size_t at = i;
        long cp = bk__haru_next_cp(s, len, &i);
        if (cp < 0)
            continue;
        bk_face face = face_for(c, latin, cjk, (uint32_t)cp);
        unsigned char ansi = face >= BK_FACE_CJK ? 0 : bk__haru_cp1252((uint32_t)cp);
        int wide = face < BK_FACE_CJK && ansi == 0;
        if ((face != run_face || wide != run_wide) && n > 0) {
            buf[n] = '\0';
            HPDF_Font font = bk__haru_font(c, run_face, run_wide);
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
    if (n > 0 && !bk__haru_failed(c)) {
        buf[n] = '\0';
        HPDF_Font font = bk__haru_font(c, run_face, run_wide);
        if (font)
            fn(c, font, buf, n, arg);
    }
    if (buf != stack)
        free(buf);
}
