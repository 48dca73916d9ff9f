/* Internal: the fonts every briefing uses, from briefkit's own fonts/ folder
 * so output never depends on what the host has installed.
 *
 * Faces by role: body (DejaVu Sans), bold (DejaVu Sans Bold), mono (DejaVu
 * Sans Mono) and the CJK fallback (WenQuanYi Micro Hei, a TrueType-outline
 * TTC that libharu can embed). Every file is checked with HarfBuzz before any
 * engine sees it (libharu dies on unitsPerEm = 0). For Pango the set is a
 * private fontconfig configuration holding only these files. For libharu,
 * which embeds a font's whole glyph table, each face is first cut down with
 * hb-subset to the characters a section can draw. */
#ifndef BK_FONTS_H
#define BK_FONTS_H

#include <stddef.h>
#include <stdint.h>

#include <briefkit/error.h>

typedef struct bk_fonts bk_fonts;

/* Faces; a role maps to a Latin face and falls back on the others in the
 * order of font_chain.c. */
typedef enum bk_face {
    BK_FACE_SANS = 0,
    BK_FACE_SANS_BOLD = 1,
    BK_FACE_MONO = 2,
    BK_FACE_CJK = 3,
    BK_FACE_ARABIC = 4, /* Arabic script beyond DejaVu Sans's */
    BK_FACE_TIBETAN = 5,
    BK_FACE_MONGOLIAN = 6,
    BK_FACE_CJK_EXT_A = 7,   /* CJK Extension A and what WenQuanYi lacks */
    BK_FACE_CJK_EXT_B = 8,   /* CJK Extensions B and later */
    BK_FACE_BASE_COUNT_ = 9, /* the faces every briefing opens */
    /* A document style's faces by role (doc_style.h), from BK_FACE_ROLE0 +
     * role; opened by bk__fonts_use_roles. */
    BK_FACE_ROLE0 = 9,
    BK_FACE_COUNT_ = 14
} bk_face;

struct bk_font_choice;

/* Opens the faces of a style's font roles: each choice's file, or the
 * shipped default for the role where it names none. A file that cannot be
 * used is an error naming the role, the file and why; where the choice
 * allows a fallback, `warn` gets that message and the default is used.
 * Calling it again with the same files costs nothing. */
int bk__fonts_use_roles(bk_fonts *f, const struct bk_font_choice *choices,
                        void (*warn)(void *ctx, const char *message), void *warn_ctx,
                        bk_error *err);
/* What bk__fonts_use_roles would say of `choices`, for `validate`: the
 * files a template or --font names are opened and checked, then closed. */
int bk__fonts_check_roles(const struct bk_font_choice *choices,
                          void (*warn)(void *ctx, const char *message), void *warn_ctx,
                          bk_error *err);
/* 1 when the style's role faces are in use. */
int bk__fonts_roles_active(const bk_fonts *f);
/* Back to the report look's faces (a batch env serves both kinds of
 * template); the role faces stay open for the next briefing that wants them. */
void bk__fonts_no_roles(bk_fonts *f);
/* The core's own font beyond the SDK's BK_FONT_* roles: second-level
 * headings in 楷体 in the jianbao and gongwen styles (blocks.c). Plugins
 * cannot ask for it (host_table.c keeps them to BK_FONT_*). */
#define BK__FONT_KAI 4

/* The faces that draw a BK_FONT_* role (or BK__FONT_KAI): *latin first, then *cjk, then
 * BK_FACE_CJK. Without role faces: the Latin face and BK_FACE_CJK. */
void bk__fonts_faces_for(const bk_fonts *f, int font, bk_face *latin, bk_face *cjk);
/* The Pango family list of a style role (doc_style.h's bk_font_role). */
const char *bk__fonts_role_family(const bk_fonts *f, int role);

/* Opens and checks the font set in `dir` (NULL: bk__paths_font_dir()). */
int bk__fonts_open(const char *dir, bk_fonts **out, bk_error *err);
void bk__fonts_free(bk_fonts *f);

/* Path of a face's file and its index inside a collection (NULL for a
 * role face not opened). */
const char *bk__fonts_file(const bk_fonts *f, bk_face face, int *index);
/* The face's HarfBuzz face and font (hb_face_t *, hb_font_t *), owned by
 * `f`, for the modules that read a face's tables themselves. */
struct hb_face_t *bk__fonts_hb_face(const bk_fonts *f, bk_face face);
struct hb_font_t *bk__fonts_hb_font(const bk_fonts *f, bk_face face);
/* The face's family name, as its name table gives it ("DejaVu Sans"). */
const char *bk__fonts_family(const bk_fonts *f, bk_face face);
/* 1 when `face` has a glyph for `cp`. */
int bk__fonts_has_glyph(const bk_fonts *f, bk_face face, uint32_t cp);
/* The Pango family list for a bk_font role, e.g. "DejaVu Sans, WenQuanYi Micro Hei". */
const char *bk__fonts_pango_family(const bk_fonts *f, int role);
/* Initialises fontconfig and scans briefkit's fonts into the private
 * configuration the Pango font map uses; no threads are started, so a
 * process can call it and fork. 0, or -1 when fontconfig fails. */
int bk__fonts_prepare_pango(bk_fonts *f);
/* Makes the faces among `faces` (1 << bk_face each) that Pango has not
 * been given yet known to it: the largest (HanaMin, 53 MB, whose scan costs
 * more than a briefing) are left out of bk__fonts_prepare_pango until a
 * text needs them. */
void bk__fonts_pango_need(bk_fonts *f, uint32_t faces);
/* A PangoFontMap (as void *: callers include pangocairo) that sees only
 * briefkit's fonts. Owned by `f`. */
void *bk__fonts_pango_map(bk_fonts *f);
/* A TrueType file of `face` holding the glyphs marked in used[0..n) (a byte
 * per glyph id) and .notdef, with their glyph ids kept (the others empty)
 * and only the tables a PDF reader needs (glyph_subset.c): for a font whose
 * CIDs are the face's glyph ids. *data is malloc'd, the caller frees it. */
int bk__fonts_subset_glyphs(bk_fonts *f, bk_face face, const unsigned char *used, size_t n,
                            unsigned char **data, size_t *len, bk_error *err);

/* The face's ascent and descent above and below the baseline, both positive,
 * as fractions of the em; for engines that place a baseline themselves. */
void bk__fonts_v_metrics(const bk_fonts *f, bk_face face, double *ascent, double *descent);

#endif
