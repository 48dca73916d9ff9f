/* Internal: what the files of the libharu engine share; nothing outside the
 * engine includes it. The rest of the core reaches the engine through
 * bk__engine_haru (engine.h).
 *
 *   engine_haru.c          a document: pages, rectangles, lines, saving,
 *                          the class
 *   engine_haru_fonts.c    faces, their subsets and libharu fonts; text cut
 *                          into runs of one font
 *   engine_haru_text.c     measuring, drawing and breaking text
 *   engine_haru_proto.c    a document prepared before a fork
 *   engine_haru_repair.c   repairs to its fragments at assembly
 *   engine_haru_patches.c  the only reaches into libharu's own structures */
#ifndef BK_ENGINE_HARU_H
#define BK_ENGINE_HARU_H

#include <hpdf.h>

#include "engine.h"
#include "engine_haru_patches.h"


struct bk_engine_ctx {
    bk_fonts *fonts;
    bk_deflate_cache *deflated; /* the setup's, for the CIDToGIDMaps */
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

/* ---- engine_haru.c ---- */

/* 1 once the document has failed (libharu's error or ours). */
int bk__haru_failed(const bk_engine_ctx *c);
/* Copies the first failure (ours or libharu's) into `err`; returns its code. */
int bk__haru_report(const bk_engine_ctx *c, bk_error *err);
/* A document with no pages and no fonts yet, for the characters of `s`. */
int bk__haru_doc_new(const bk_engine_setup *s, bk_engine_ctx **out, bk_error *err);
/* Sets c->cps to the characters every subset holds: those of `s`, plus
 * printable ASCII. -1 when out of memory. */
int bk__haru_codepoints(bk_engine_ctx *c, const bk_engine_setup *s);
void bk__haru_destroy(bk_engine_ctx *c);

/* ---- engine_haru_fonts.c ---- */

/* Decodes one strict UTF-8 character at s[*i]; returns -1 for a malformed
 * one (then *i moves past its first byte). */
long bk__haru_next_cp(const unsigned char *s, size_t len, size_t *i);
int bk__haru_cmp_u32(const void *a, const void *b);
/* Windows-1252's code for `cp`, or 0 where it has none. */
unsigned char bk__haru_cp1252(uint32_t cp);
/* The Latin face of a font role (BK_FONT_*). */
bk_face bk__haru_latin_face(const bk_fonts *f, int font);
/* A face's font, made on first use: `wide` asks for the Type0 font of a
 * Latin face. NULL once the document has failed. */
HPDF_Font bk__haru_font(bk_engine_ctx *c, bk_face face, int wide);
/* Walks `utf8` as runs of one font each, calling `fn` with each run's bytes
 * in that font's encoding (CP1252 or UTF-8; malformed UTF-8 dropped),
 * NUL-terminated, as libharu wants them. */
typedef void (*bk_haru_run_fn)(bk_engine_ctx *c, HPDF_Font font, const char *run, size_t len,
                               void *arg);
void bk__haru_for_each_run(bk_engine_ctx *c, int role, const char *utf8, size_t len,
                           bk_haru_run_fn fn, void *arg);

/* ---- engine_haru_text.c: bk_engine_ops' text operations ---- */

double bk__haru_text_width(bk_engine_ctx *c, int font, double size, const char *utf8, size_t len);
int bk__haru_draw_text(bk_engine_ctx *c, double x, double y, int font, double size, bk_rgb color,
                       const char *utf8, size_t len);
int bk__haru_break_lines(bk_engine_ctx *c, int font, double size, double width, const char *utf8,
                         bk_line **lines, size_t *n, bk_error *err);

/* ---- engine_haru_proto.c: bk_engine_class' warm, proto_new, proto_free ---- */

int bk__haru_warm(bk_fonts *fonts, const uint32_t *cps, size_t n_cps, bk_error *err);

int bk__haru_proto_new(bk_fonts *fonts, const uint32_t *cps, size_t n_cps,
                       bk_deflate_cache *deflated, bk_engine_proto **out, bk_error *err);
void bk__haru_proto_free(bk_engine_proto *p);
/* The prototype's document for `fresh` (a probe holding fonts and cps),
 * when this process may take it; NULL: make a document of its own. */
bk_engine_ctx *bk__haru_proto_take(bk_engine_proto *p, const bk_engine_ctx *fresh);

/* ---- engine_haru_repair.c: bk_engine_class' repair hooks ---- */

int bk__haru_repair(bk_engine_repair **r, qpdf_data out, const qpdf_oh *pages, size_t n,
                    bk_deflate_cache *deflated, bk_error *err);
void bk__haru_repair_free(bk_engine_repair *r);
int bk__haru_repair_prepare(bk_deflate_cache *deflated, bk_error *err);

#endif
