/* The fonts every briefing uses, checked once and shared by both engines.
 *
 * Each file in fonts/ is read into a HarfBuzz face and kept open for the life
 * of the bk_fonts: has_glyph asks its hb_font, and hb-subset cuts it down for
 * libharu without touching the disk again. The checks are the ones libharu
 * does not make for itself (it dies with SIGFPE on unitsPerEm = 0, cannot
 * embed CFF outlines, and silently drops a font whose tables run past the end
 * of the file), so they run before any engine sees a file.
 *
 * Pango gets a private fontconfig configuration holding only these files, so
 * what the host has installed never leaks into a briefing. Scanning the files
 * for it (the CJK collection's character set above all) and initialising
 * fontconfig cost more than drawing a short section, so render.c prepares
 * both once, before section children fork, and the children inherit them;
 * the Pango font map itself is made in the process that draws, because
 * Pango runs fontconfig work in threads of its own and a thread does not
 * survive fork(). The first call must come before the bk_fonts is shared
 * between threads. */
#include "fonts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <harfbuzz/hb-subset.h>
#include <harfbuzz/hb-ot.h>
#include <harfbuzz/hb.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <briefkit/blocks.h>

#include "font_roles.h"
#include "errors.h"
#include "glyph_subset.h"
#include "paths.h"

/* Each face's file, in the order tried: the build's copies without hinting
 * (fonts/CMakeLists.txt) make the Chinese face a single-face .ttf; the
 * Debian original, a collection, is what BRIEFKIT_FONT_DIR may hold. */
static const char *const face_files[BK_FACE_BASE_COUNT_][2] = {
    {"DejaVuSans.ttf", NULL},
    {"DejaVuSans-Bold.ttf", NULL},
    {"DejaVuSansMono.ttf", NULL},
    {"wqy-microhei.ttf", "wqy-microhei.ttc"},
    {"NotoSansArabic-Regular.ttf", NULL},
    {"NotoSerifTibetan-Regular.ttf", NULL},
    {"NotoSansMongolian-Regular.ttf", NULL},
    {"HanaMinA.ttf", NULL},
    {"HanaMinB.ttf", NULL},
};

/* The chains of font_chain.c as Pango families. Bold and figure text use
 * the same families as body text: the caller asks Pango for the bold
 * weight, as it would for any family. */
#define FALLBACK_FAMILIES                                                                          \
    "WenQuanYi Micro Hei, Noto Sans Arabic, Noto Serif Tibetan, Noto Sans Mongolian, HanaMinA, "   \
    "HanaMinB"
static const char sans_families[] = "DejaVu Sans, " FALLBACK_FAMILIES;
static const char mono_families[] = "DejaVu Sans Mono, DejaVu Sans, " FALLBACK_FAMILIES;

/* The shipped face of each style role (fonts/README.md says why each):
 * title AR PL UMing, heading WenQuanYi Micro Hei (the CJK face itself),
 * kai AR PL UKai, body AR PL UMing, latin Liberation Serif. NULL: the
 * base CJK face. */
static const char *const role_files[BK_ROLE_COUNT_] = {"uming.ttf", NULL, "ukai.ttf", "uming.ttf",
                                                       "LiberationSerif-Regular.ttf"};

struct bk_fonts {
    char *dir;
    char *path[BK_FACE_COUNT_];
    int index[BK_FACE_COUNT_];
    int roles;                           /* role faces in use */
    bk_face role_face[BK_ROLE_COUNT_];   /* the face each role draws with */
    char *role_family[BK_ROLE_COUNT_];   /* Pango family lists by style role */
    char *font_family[BK_FONT_MONO + 1]; /* Pango family lists by BK_FONT_* role */
    hb_face_t *face[BK_FACE_COUNT_];
    hb_font_t *font[BK_FACE_COUNT_];
    char family[BK_FACE_COUNT_][64]; /* for messages */
    FcConfig *fc;
    uint32_t in_fc;  /* faces given to fc, 1 << bk_face each */
    uint32_t wanted; /* faces a text needs (bk__fonts_pango_need) */
    PangoFontMap *map;
};

/* Faces fontconfig scans only when a text needs them (bk__fonts_pango_need):
 * the fallbacks beyond Latin and Chinese, which most briefings never use. */
static const uint32_t scanned_on_demand = 1u << BK_FACE_ARABIC | 1u << BK_FACE_TIBETAN |
                                          1u << BK_FACE_MONGOLIAN | 1u << BK_FACE_CJK_EXT_A |
                                          1u << BK_FACE_CJK_EXT_B;

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + 1 + strlen(name) + 1;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int unusable(bk_error *err, const char *path, const char *why)
{
    bk_loc loc = {path, 0, 0};
    return bk__error(err, BK_EFONT, &loc, "not a usable TrueType font (%s)", why);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* HarfBuzz clamps a table that runs past the end of the file instead of
 * refusing it, and libharu then writes the font without embedding it, so the
 * table directory is checked against the file size here. */
static int check_table_directory(const char *data, size_t size, unsigned index, const char **why)
{
    const unsigned char *d = (const unsigned char *)data;
    size_t sfnt = 0;
    if (size >= 12 && memcmp(d, "ttcf", 4) == 0) {
        uint32_t nfonts = be32(d + 8);
        if (index >= nfonts || 12 + 4 * (size_t)nfonts > size) {
            *why = "collection header is cut short";
            return -1;
        }
        sfnt = be32(d + 12 + 4 * (size_t)index);
    }
    if (sfnt > size || size - sfnt < 12) {
        *why = "table directory is cut short";
        return -1;
    }
    uint32_t version = be32(d + sfnt);
    if (version != 0x00010000u && version != 0x74727565u /* 'true' */ &&
        version != 0x4f54544fu /* 'OTTO' */) {
        *why = "not a TrueType or OpenType file";
        return -1;
    }
    size_t ntables = (size_t)d[sfnt + 4] << 8 | d[sfnt + 5];
    if ((size - sfnt - 12) / 16 < ntables) {
        *why = "table directory is cut short";
        return -1;
    }
    for (size_t i = 0; i < ntables; i++) {
        const unsigned char *rec = d + sfnt + 12 + 16 * i;
        uint64_t end = (uint64_t)be32(rec + 8) + be32(rec + 12);
        if (end > size) {
            *why = "file is truncated: a table runs past its end";
            return -1;
        }
    }
    return 0;
}

static int table_length(hb_face_t *face, hb_tag_t tag, const unsigned char **data)
{
    hb_blob_t *b = hb_face_reference_table(face, tag);
    unsigned len = 0;
    const char *p = hb_blob_get_data(b, &len);
    if (data)
        *data = (const unsigned char *)p;
    hb_blob_destroy(b); /* the face keeps the table alive */
    return (int)len;
}

/* Checks `path` (owned by f from here on) and opens face `index` of it as `which`. */
static int open_file(bk_fonts *f, bk_face which, char *path, int index, bk_error *err)
{
    struct stat st;
    f->path[which] = path;
    f->index[which] = index;
    if (stat(path, &st) != 0) {
        bk_loc loc = {path, 0, 0};
        return bk__error(err, BK_EFONT, &loc, "cannot read font: %s", strerror(errno));
    }
    if (!S_ISREG(st.st_mode))
        return unusable(err, path, "not a regular file");
    if (st.st_size == 0)
        return unusable(err, path, "the file is empty");

    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        bk_loc loc = {path, 0, 0};
        return bk__error(err, BK_EFONT, &loc, "cannot read font file");
    }
    unsigned size = 0;
    const char *data = hb_blob_get_data(blob, &size);
    const char *why = NULL;
    if (check_table_directory(data, size, (unsigned)index, &why) != 0) {
        hb_blob_destroy(blob);
        return unusable(err, path, why);
    }
    f->face[which] = hb_face_create(blob, (unsigned)index);
    hb_blob_destroy(blob); /* the face holds its own reference */
    hb_face_t *face = f->face[which];

    const unsigned char *head = NULL;
    /* hb_face_get_upem() turns a bad unitsPerEm into 1000, so read it raw. */
    if (table_length(face, HB_TAG('h', 'e', 'a', 'd'), &head) < 54)
        return unusable(err, path, "no 'head' table");
    if (((unsigned)head[18] << 8 | head[19]) == 0)
        return unusable(err, path, "unitsPerEm is 0");
    if (hb_face_get_glyph_count(face) == 0)
        return unusable(err, path, "it has no glyphs");
    if (table_length(face, HB_TAG('g', 'l', 'y', 'f'), NULL) == 0)
        return unusable(err, path, "no 'glyf' table: libharu needs TrueType outlines, not CFF");
    /* A PDF that embeds a font its licence keeps from being embedded is a
     * document the office may not send; libharu would only refuse it with
     * a hex code. OS/2 fsType: 0x0002 restricted, 0x0200 bitmaps only. */
    const unsigned char *os2 = NULL;
    if (table_length(face, HB_TAG('O', 'S', '/', '2'), &os2) >= 10) {
        unsigned fs_type = (unsigned)os2[8] << 8 | os2[9];
        if ((fs_type & 0x000f) == 0x0002)
            return unusable(err, path,
                            "its licence forbids embedding it in a document (OS/2 fsType "
                            "0x0002, restricted): use a font that may be embedded");
        if (fs_type & 0x0200)
            return unusable(err, path,
                            "its licence allows embedding its bitmaps only (OS/2 fsType "
                            "0x0200), not the outlines a PDF needs");
    }

    f->font[which] = hb_font_create(face);
    if (!f->font[which] || f->font[which] == hb_font_get_empty())
        return unusable(err, path, "HarfBuzz cannot make a font of it");
    unsigned flen = sizeof f->family[which];
    if (hb_ot_name_get_utf8(face, HB_OT_NAME_ID_FONT_FAMILY, hb_language_from_string("en", -1),
                            &flen, f->family[which]) == 0)
        snprintf(f->family[which], sizeof f->family[which], "%s", path);
    return 0;
}

static int open_face(bk_fonts *f, bk_face which, const char *dir, bk_error *err)
{
    struct stat st;
    char *path = join_path(dir, face_files[which][0]);
    if (path && stat(path, &st) != 0 && face_files[which][1]) {
        char *other = join_path(dir, face_files[which][1]);
        if (other && stat(other, &st) == 0) {
            free(path);
            path = other;
        } else
            free(other);
    }
    if (!path)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory opening fonts");
    return open_file(f, which, path, 0, err);
}

int bk__fonts_open(const char *dir, bk_fonts **out, bk_error *err)
{
    *out = NULL;
    if (!dir)
        dir = bk__paths_font_dir();
    if (!dir)
        return bk__error(err, BK_EFONT, NULL,
                         "no font folder: set BRIEFKIT_FONT_DIR to briefkit's fonts/ folder");
    bk_fonts *f = calloc(1, sizeof *f);
    if (!f || !(f->dir = strdup(dir))) {
        free(f);
        return bk__error(err, BK_ENOMEM, NULL, "out of memory opening fonts");
    }
    for (int i = 0; i < BK_FACE_BASE_COUNT_; i++) {
        int rc = open_face(f, (bk_face)i, dir, err);
        if (rc != 0) {
            bk__fonts_free(f);
            return rc;
        }
    }
    *out = f;
    return 0;
}

void bk__fonts_free(bk_fonts *f)
{
    if (!f)
        return;
    if (f->map) {
        /* Pango 1.50 keeps the reference set_config took when the map is
         * finalized; dropping the config first releases it. */
        pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), NULL);
        g_object_unref(f->map);
    }
    /* Never FcFini(): it tears down fontconfig for the whole process. */
    if (f->fc)
        FcConfigDestroy(f->fc);
    for (int i = 0; i < BK_FACE_COUNT_; i++) {
        if (f->font[i])
            hb_font_destroy(f->font[i]);
        if (f->face[i])
            hb_face_destroy(f->face[i]);
        free(f->path[i]);
    }
    for (int r = 0; r < BK_ROLE_COUNT_; r++)
        free(f->role_family[r]);
    for (int r = 0; r <= BK_FONT_MONO; r++)
        free(f->font_family[r]);
    free(f->dir);
    free(f);
}

const char *bk__fonts_file(const bk_fonts *f, bk_face face, int *index)
{
    if (index)
        *index = 0;
    if ((unsigned)face >= BK_FACE_COUNT_)
        return NULL;
    if (index)
        *index = f->index[face];
    return f->path[face];
}

hb_face_t *bk__fonts_hb_face(const bk_fonts *f, bk_face face)
{
    return (unsigned)face < BK_FACE_COUNT_ ? f->face[face] : NULL;
}

hb_font_t *bk__fonts_hb_font(const bk_fonts *f, bk_face face)
{
    return (unsigned)face < BK_FACE_COUNT_ ? f->font[face] : NULL;
}

const char *bk__fonts_family(const bk_fonts *f, bk_face face)
{
    return (unsigned)face < BK_FACE_COUNT_ ? f->family[face] : "";
}

int bk__fonts_has_glyph(const bk_fonts *f, bk_face face, uint32_t cp)
{
    if ((unsigned)face >= BK_FACE_COUNT_ || !f->font[face])
        return 0;
    hb_codepoint_t gid;
    return hb_font_get_nominal_glyph(f->font[face], cp, &gid) && gid != 0;
}

void bk__fonts_v_metrics(const bk_fonts *f, bk_face face, double *ascent, double *descent)
{
    hb_font_extents_t ext = {0};
    /* Without hhea or OS/2 metrics, assume a typical Latin split. */
    if ((unsigned)face >= BK_FACE_COUNT_ || !f->font[face] ||
        !hb_font_get_h_extents(f->font[face], &ext)) {
        *ascent = 0.8;
        *descent = 0.2;
        return;
    }
    double upem = hb_face_get_upem(f->face[face]);
    *ascent = ext.ascender / upem;
    *descent = -ext.descender / upem;
}

const char *bk__fonts_pango_family(const bk_fonts *f, int role)
{
    if (f->roles && role == BK__FONT_KAI)
        return f->role_family[BK_ROLE_KAI];
    if (f->roles && role >= BK_FONT_BODY && role <= BK_FONT_MONO && f->font_family[role])
        return f->font_family[role];
    return role == BK_FONT_MONO ? mono_families : sans_families;
}

int bk__fonts_prepare_pango(bk_fonts *f)
{
    if (f->fc)
        return 0;
    FcConfig *fc = FcConfigCreate();
    if (!fc)
        return -1;
    for (int i = 0; i < BK_FACE_COUNT_; i++) {
        if (!f->path[i] || ((scanned_on_demand & ~f->wanted) & (1u << i)))
            continue;
        if (!FcConfigAppFontAddFile(fc, (const FcChar8 *)f->path[i])) {
            FcConfigDestroy(fc);
            return -1;
        }
        f->in_fc |= 1u << i;
    }
    /* Pango initialises fontconfig in a thread of its own and cairo asks for
     * fontconfig's defaults; with no current configuration both would load
     * the system's (its files and every installed font, a tenth of a small
     * render) although briefkit never uses it. Ours becomes the current one,
     * made once, before any child forks. */
    if (!FcConfigSetCurrent(fc)) {
        FcConfigDestroy(fc);
        return -1;
    }
    f->fc = fc;
    return 0;
}

void bk__fonts_pango_need(bk_fonts *f, uint32_t faces)
{
    f->wanted |= faces;
    uint32_t add = faces & ~f->in_fc & ((1u << BK_FACE_COUNT_) - 1);
    if (!add || !f->fc) /* bk__fonts_prepare_pango adds the wanted */
        return;
    for (int i = 0; i < BK_FACE_COUNT_; i++)
        if ((add & (1u << i)) && FcConfigAppFontAddFile(f->fc, (const FcChar8 *)f->path[i]))
            f->in_fc |= 1u << i;
    /* A map made already forgets what it found, and looks again. */
    if (f->map)
        pango_fc_font_map_config_changed(PANGO_FC_FONT_MAP(f->map));
}

void *bk__fonts_pango_map(bk_fonts *f)
{
    if (f->map)
        return f->map;
    if (bk__fonts_prepare_pango(f) != 0)
        return NULL;
    PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!map)
        return NULL;
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), f->fc);
    f->map = map;
    return map;
}

/* ---- a style's faces by role ---- */

/* The face's English family name, as fontconfig and Pango know it. */
static char *family_name(hb_face_t *face)
{
    char name[256];
    unsigned len = sizeof name;
    hb_language_t en = hb_language_from_string("en", -1);
    if (hb_ot_name_get_utf8(face, HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY, en, &len, name) == 0) {
        len = sizeof name;
        if (hb_ot_name_get_utf8(face, HB_OT_NAME_ID_FONT_FAMILY, en, &len, name) == 0) {
            len = sizeof name;
            if (hb_ot_name_get_utf8(face, HB_OT_NAME_ID_FONT_FAMILY, HB_LANGUAGE_INVALID, &len,
                                    name) == 0)
                return strdup("sans-serif");
        }
    }
    return strdup(name);
}

static void drop_face(bk_fonts *f, bk_face which)
{
    if (f->font[which])
        hb_font_destroy(f->font[which]);
    if (f->face[which])
        hb_face_destroy(f->face[which]);
    free(f->path[which]);
    f->font[which] = NULL;
    f->face[which] = NULL;
    f->path[which] = NULL;
    f->index[which] = 0;
}

/* Opens role `r` from `file` (NULL: the shipped default) into its face slot. */
static int open_role(bk_fonts *f, int r, const char *file, int index, bk_error *err)
{
    bk_face which = (bk_face)(BK_FACE_ROLE0 + r);
    char *path = file ? strdup(file) : role_files[r] ? join_path(f->dir, role_files[r]) : NULL;
    if (!file && !role_files[r]) {
        drop_face(f, which);
        f->role_face[r] = BK_FACE_CJK;
        return 0;
    }
    if (!path)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory opening fonts");
    /* The same file as another role's: share its face, so it is embedded once. */
    for (int o = 0; o < r; o++) {
        bk_face other = f->role_face[o];
        if (f->path[other] && strcmp(f->path[other], path) == 0 && f->index[other] == index) {
            free(path);
            drop_face(f, which);
            f->role_face[r] = other;
            return 0;
        }
    }
    if (f->path[which] && strcmp(f->path[which], path) == 0 && f->index[which] == index) {
        free(path);
        f->role_face[r] = which;
        return 0;
    }
    drop_face(f, which);
    int rc = open_file(f, which, path, index, err);
    if (rc) {
        drop_face(f, which);
        return rc;
    }
    if (f->fc && !FcConfigAppFontAddFile(f->fc, (const FcChar8 *)f->path[which])) {
        drop_face(f, which);
        bk_loc loc = {file, 0, 0};
        return bk__error(err, BK_EFONT, &loc, "fontconfig cannot read the font");
    }
    f->role_face[r] = which;
    return 0;
}

static char *families(const bk_fonts *f, bk_face first, bk_face second)
{
    char *a = family_name(f->face[first]);
    char *b = family_name(f->face[second]);
    char *out = NULL;
    if (a && b) {
        /* Then the fallbacks of font_chain.c, as the libharu engine has them. */
        size_t n = strlen(a) + strlen(b) + sizeof ", , DejaVu Sans, " FALLBACK_FAMILIES;
        if ((out = malloc(n)))
            snprintf(out, n, "%s, %s, DejaVu Sans, " FALLBACK_FAMILIES, a, b);
    }
    free(a);
    free(b);
    return out;
}

int bk__fonts_use_roles(bk_fonts *f, const bk_font_choice *choices,
                        void (*warn)(void *ctx, const char *message), void *warn_ctx, bk_error *err)
{
    for (int r = 0; r < BK_ROLE_COUNT_; r++) {
        const bk_font_choice *c = &choices[r];
        bk_error why = {0};
        int rc = open_role(f, r, c->file, c->index, &why);
        if (rc == 0)
            continue;
        const char *role = bk__font_role_name(r);
        const char *file = c->file ? c->file : role_files[r];
        if (rc != BK_ENOMEM && c->file && c->fallback) {
            char msg[2048];
            snprintf(msg, sizeof msg,
                     "font for role %s: %.600s: %.1000s; using briefkit's own %s font instead",
                     role, file, why.msg, role);
            if (warn)
                warn(warn_ctx, msg);
            if ((rc = open_role(f, r, NULL, 0, &why)) == 0)
                continue;
        }
        const bk_loc *loc = c->where.file ? &c->where : NULL;
        return bk__error(err, rc, loc, "font for role %s: %.600s: %.1000s", role, file, why.msg);
    }
    const bk_face *rf = f->role_face;
    f->roles = 1;
    char *lists[BK_ROLE_COUNT_] = {0};
    for (int r = 0; r < BK_ROLE_COUNT_; r++)
        lists[r] = families(f, rf[BK_ROLE_LATIN], r == BK_ROLE_LATIN ? rf[BK_ROLE_BODY] : rf[r]);
    char *fonts[BK_FONT_MONO + 1] = {
        families(f, rf[BK_ROLE_LATIN], rf[BK_ROLE_BODY]),
        families(f, BK_FACE_SANS, rf[BK_ROLE_HEADING]),
        families(f, BK_FACE_SANS, rf[BK_ROLE_HEADING]),
        families(f, BK_FACE_MONO, rf[BK_ROLE_BODY]),
    };
    for (int r = 0; r < BK_ROLE_COUNT_; r++) {
        free(f->role_family[r]);
        f->role_family[r] = lists[r];
    }
    for (int r = 0; r <= BK_FONT_MONO; r++) {
        free(f->font_family[r]);
        f->font_family[r] = fonts[r];
    }
    if (f->map)
        pango_fc_font_map_config_changed(PANGO_FC_FONT_MAP(f->map));
    return 0;
}

int bk__fonts_roles_active(const bk_fonts *f)
{
    return f->roles;
}

int bk__fonts_check_roles(const bk_font_choice *choices,
                          void (*warn)(void *ctx, const char *message), void *warn_ctx,
                          bk_error *err)
{
    int named = 0;
    for (int r = 0; r < BK_ROLE_COUNT_; r++)
        named |= choices[r].file != NULL;
    if (!named)
        return 0; /* the shipped faces are checked where they are opened */
    bk_fonts *f = NULL;
    int rc = bk__fonts_open(NULL, &f, err);
    if (!rc)
        rc = bk__fonts_use_roles(f, choices, warn, warn_ctx, err);
    bk__fonts_free(f);
    return rc;
}

void bk__fonts_no_roles(bk_fonts *f)
{
    f->roles = 0;
}

void bk__fonts_faces_for(const bk_fonts *f, int font, bk_face *latin, bk_face *cjk)
{
    *cjk = BK_FACE_CJK;
    switch (font) {
    case BK_FONT_BOLD:
    case BK_FONT_FIGURE:
        *latin = BK_FACE_SANS_BOLD;
        if (f->roles)
            *cjk = f->role_face[BK_ROLE_HEADING];
        break;
    case BK_FONT_MONO:
        *latin = BK_FACE_MONO;
        if (f->roles)
            *cjk = f->role_face[BK_ROLE_BODY];
        break;
    case BK__FONT_KAI:
        *latin = f->roles ? f->role_face[BK_ROLE_LATIN] : BK_FACE_SANS_BOLD;
        *cjk = f->roles ? f->role_face[BK_ROLE_KAI] : BK_FACE_CJK;
        break;
    default:
        *latin = f->roles ? f->role_face[BK_ROLE_LATIN] : BK_FACE_SANS;
        if (f->roles)
            *cjk = f->role_face[BK_ROLE_BODY];
        break;
    }
}

const char *bk__fonts_role_family(const bk_fonts *f, int role)
{
    if (f->roles && role >= 0 && role < BK_ROLE_COUNT_ && f->role_family[role])
        return f->role_family[role];
    return sans_families;
}
int bk__fonts_subset_glyphs(bk_fonts *f, bk_face face, const unsigned char *used, size_t n,
                            unsigned char **data, size_t *len, bk_error *err)
{
    *data = NULL;
    *len = 0;
    if ((unsigned)face >= BK_FACE_COUNT_)
        return bk__error(err, BK_EINVAL, NULL, "no font face %d", (int)face);
    if (bk__glyph_subset(f->face[face], used, n, data, len) != 0) {
        bk_loc loc = {f->path[face], 0, 0};
        return bk__error(err, BK_EFONT, &loc, "cannot cut the font down to its glyphs");
    }
    return 0;
}
