/* Each of briefkit's fonts embedded once per briefing, with a ToUnicode map.
 *
 * Every fragment arrives with fonts of its own: cairo cuts a subset per
 * document (a simple WinAnsi font for Latin and a CID font for the rest),
 * libharu one per document and encoding, the chrome another set; the sample
 * briefing held DejaVu Sans seven times. Here, once the pages are
 * assembled, every font that is a subset of one of briefkit's faces is
 * replaced by one CID font per face: Identity-H, CID = the glyph's id in
 * briefkit's own face (so a glyph is the same CID whichever engine drew
 * it), a subset that keeps those ids, the widths of the face, and a
 * ToUnicode map built from what each fragment's own font said the glyph
 * stands for (libharu's codes are Unicode; cairo's maps are its own).
 *
 * A fragment's codes are turned into glyph ids of the face through the
 * fragment's embedded font file: the code gives a glyph of that file (its
 * cmap, or the CIDToGIDMap), and that glyph is found again in the face by
 * its outline: first the glyph the face maps the code's character to,
 * else any glyph with the same bytes and advance (a ligature, an Arabic
 * joining form). Text in a font that is not one of briefkit's (a plugin's
 * own), or a glyph found nowhere, is left as it is.
 *
 * Content streams are rewritten token by token (pdf_lex.h): the
 * operand of Tf and the strings of Tj, TJ, ' and " change, everything else
 * is copied. */
#include "font_unify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <harfbuzz/hb-ot.h>
#include <harfbuzz/hb-subset.h>
#include <harfbuzz/hb.h>
#include <zlib.h>

#include "byte_buf.h"
#include "cmap_write.h"
#include "pdf_lex.h"
#include "errors.h"
#include "glyph_match.h"
#include "qpdf_util.h"
#include "tounicode_cmap.h"

#define MAX_SOURCE_FONTS 256
#define MAX_XOBJECT_DEPTH 8

static unsigned u16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* ---- one of briefkit's faces, as the target of the unified font ---- */

typedef struct face_state {
    hb_face_t *face;
    hb_font_t *font;
    char ps_name[64];
    bk_ttf t;
    int t_ok;
    bk_glyph_index *index; /* made when first needed (glyph_match.h) */
    unsigned char *used;   /* a byte per glyph */
    uint32_t **text;       /* per glyph: what it stands for, 0-terminated; NULL: unknown */
    int any;
    qpdf_oh type0; /* the unified font, made before the content refers to it */
    char res_name[16];
} face_state;

/* ---- a font of a fragment ---- */

static const uint16_t win_ansi_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static uint32_t win_ansi(uint32_t c)
{
    return c >= 0x80 && c < 0xA0 ? win_ansi_high[c - 0x80] : c;
}

typedef struct src_font {
    int id;   /* object id of the font dictionary */
    int face; /* briefkit's face, or -1: left alone */
    int wide; /* 2-byte codes (Identity-H) */
    int win_ansi;
    hb_blob_t *blob;
    hb_face_t *hface;
    hb_font_t *hfont;
    bk_ttf t;
    bk_cmap tu;
    unsigned char *cid_to_gid; /* a CIDToGIDMap stream's bytes; NULL: Identity */
    size_t cid_to_gid_len;
    /* Per code: 0 not looked up, -1 none, else face gid + 1; in pages of
     * 256 codes by the high byte, made when a code of the page is shown. */
    int32_t *gid[256];
    int bad; /* a code the pages show has no glyph in the face: left alone */
    size_t n_codes;
} src_font;

typedef struct unify {
    qpdf_data q;
    bk_fonts *fonts;
    bk_error *err;
    face_state face[BK_FACE_COUNT_];
    src_font *src;
    size_t n_src;
    int new_bad; /* this pass met a font with a glyph the face lacks */
    struct pending {
        qpdf_oh stream; /* its content, rewritten */
        bk_buf data;
    } * pend;
    size_t n_pend, cap_pend;
    struct pending_res {
        qpdf_oh res; /* resources that now need the unified fonts */
        unsigned faces;
    } * pres;
    size_t n_pres, cap_pres;
    int *seen_streams; /* content streams rewritten, by object id */
    size_t n_seen, cap_seen;
    int failed;
} unify;

static void src_free(src_font *s)
{
    bk__ttf_close(&s->t);
    if (s->hfont)
        hb_font_destroy(s->hfont);
    if (s->hface)
        hb_face_destroy(s->hface);
    hb_blob_destroy(s->blob);
    bk__cmap_free(&s->tu);
    free(s->cid_to_gid);
    for (int i = 0; i < 256; i++)
        free(s->gid[i]);
}

static int face_of_name(unify *u, const char *base)
{
    const char *name = base && base[0] == '/' ? base + 1 : base;
    if (!name)
        return -1;
    const char *plus = strchr(name, '+');
    if (plus && plus - name == 6)
        name = plus + 1;
    size_t n = strcspn(name, ",");
    for (int f = 0; f < BK_FACE_COUNT_; f++)
        if (u->face[f].face && strlen(u->face[f].ps_name) == n &&
            strncmp(u->face[f].ps_name, name, n) == 0)
            return f;
    return -1;
}

static unsigned char *stream_bytes(qpdf_data q, qpdf_oh s, size_t *len)
{
    unsigned char *data = NULL;
    QPDF_BOOL filtered = QPDF_FALSE;
    *len = 0;
    if (!qpdf_oh_is_stream(q, s) ||
        qpdf_oh_get_stream_data(q, s, qpdf_dl_generalized, &filtered, &data, len) != QPDF_SUCCESS ||
        !filtered) {
        free(data);
        *len = 0;
        return NULL;
    }
    return data;
}

/* Readies face `f` on its first font: its tables, what the pages use of
 * it, and its unified font (made empty, filled by build_font), so a
 * briefing pays only for the faces it shows. -1 when it cannot be read. */
static int face_ready(unify *u, face_state *fs)
{
    if (fs->used)
        return 0;
    if (!fs->t_ok && (fs->t_ok = bk__ttf_open(&fs->t, fs->face) == 0) == 0)
        return -1;
    fs->used = calloc(fs->t.n_glyphs + 1, 1);
    fs->text = calloc(fs->t.n_glyphs + 1, sizeof *fs->text);
    if (!fs->used || !fs->text) {
        free(fs->used);
        free(fs->text);
        fs->used = NULL;
        fs->text = NULL;
        return -1;
    }
    fs->type0 = qpdf_make_indirect_object(u->q, qpdf_oh_new_dictionary(u->q));
    return 0;
}

/* Reads a fragment's font; src->face stays -1 when it is not a subset of
 * one of briefkit's faces that can be read. */
static void src_open(unify *u, src_font *s, qpdf_oh font)
{
    qpdf_data q = u->q;
    s->face = -1;
    s->id = qpdf_oh_get_object_id(q, font);
    int face = face_of_name(u, qpdf_oh_get_name(q, qpdf_oh_get_key(q, font, "/BaseFont")));
    if (face < 0 || face_ready(u, &u->face[face]) != 0)
        return;
    qpdf_oh desc_font = font;
    if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, font, "/Subtype"), "/Type0")) {
        if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, font, "/Encoding"), "/Identity-H"))
            return;
        s->wide = 1;
        desc_font = qpdf_oh_get_array_item(q, qpdf_oh_get_key(q, font, "/DescendantFonts"), 0);
        qpdf_oh map = qpdf_oh_get_key(q, desc_font, "/CIDToGIDMap");
        if (qpdf_oh_is_stream(q, map)) {
            s->cid_to_gid = stream_bytes(q, map, &s->cid_to_gid_len);
            if (!s->cid_to_gid)
                return;
        } else if (!qpdf_oh_is_null(q, map) && !qpdf_oh_is_name_and_equals(q, map, "/Identity")) {
            return; /* absent means Identity */
        }
    } else if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, font, "/Subtype"), "/TrueType")) {
        qpdf_oh enc = qpdf_oh_get_key(q, font, "/Encoding");
        if (qpdf_oh_is_name_and_equals(q, enc, "/WinAnsiEncoding"))
            s->win_ansi = 1;
        else if (!qpdf_oh_is_null(q, enc))
            return;
    } else {
        return;
    }
    qpdf_oh file =
        qpdf_oh_get_key(q, qpdf_oh_get_key(q, desc_font, "/FontDescriptor"), "/FontFile2");
    size_t len = 0;
    unsigned char *data = stream_bytes(q, file, &len);
    if (!data)
        return;
    s->blob =
        hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_WRITABLE, data, free);
    s->hface = hb_face_create(s->blob, 0);
    s->hfont = hb_font_create(s->hface);
    if (bk__ttf_open(&s->t, s->hface) != 0)
        return;
    size_t tl = 0;
    unsigned char *tu = stream_bytes(q, qpdf_oh_get_key(q, font, "/ToUnicode"), &tl);
    if (tu)
        bk__cmap_parse(&s->tu, (const char *)tu, tl);
    free(tu);
    s->n_codes = s->wide ? 0x10000 : 0x100;
    s->face = face;
}

static src_font *src_get(unify *u, qpdf_oh font)
{
    int id = qpdf_oh_get_object_id(u->q, font);
    for (size_t i = 0; i < u->n_src; i++)
        if (u->src[i].id == id && id != 0)
            return &u->src[i];
    if (u->n_src == MAX_SOURCE_FONTS)
        return NULL;
    src_font *s = &u->src[u->n_src++];
    memset(s, 0, sizeof *s);
    src_open(u, s, font);
    return s;
}

static void note_text(face_state *f, unsigned gid, uint32_t *text)
{
    if (!f->text[gid] && text && text[0]) {
        f->text[gid] = text;
        return;
    }
    free(text);
}

/* The face's glyph for `code` of `s`, noted as used with what it stands
 * for; -1 when it cannot be found. */
static long src_glyph(unify *u, src_font *s, uint32_t code)
{
    if (code >= s->n_codes)
        return -1;
    int32_t **page = &s->gid[code >> 8];
    if (!*page && !(*page = calloc(256, sizeof **page)))
        return -1;
    int32_t *memo = &(*page)[code & 255];
    if (*memo)
        return *memo < 0 ? -1 : *memo - 1;
    face_state *f = &u->face[s->face];
    uint32_t *text = bk__cmap_lookup(&s->tu, code);
    if (!text && s->win_ansi) {
        text = calloc(2, sizeof *text);
        if (text)
            text[0] = win_ansi(code);
    }
    hb_codepoint_t sg = 0;
    int have = 0;
    if (s->wide) {
        if (!s->cid_to_gid) {
            sg = code;
            have = 1;
        } else if ((size_t)code * 2 + 1 < s->cid_to_gid_len) {
            sg = u16(s->cid_to_gid + (size_t)code * 2);
            have = 1;
        }
    } else {
        have = (s->win_ansi && hb_font_get_nominal_glyph(s->hfont, win_ansi(code), &sg)) ||
               hb_font_get_nominal_glyph(s->hfont, code, &sg) ||
               hb_font_get_nominal_glyph(s->hfont, 0xF000 + code, &sg);
    }
    long g = have ? bk__glyph_match(&f->t, f->font, &f->index, &s->t, (unsigned)sg, text) : -1;
    *memo = g < 0 ? -1 : (int32_t)g + 1;
    if (g >= 0)
        note_text(f, (unsigned)g, text);
    else
        free(text);
    return g;
}

/* ---- content streams ---- */

/* Writes string token `t` of font `f` as the unified font's glyph ids and
 * marks them used; a code with no glyph in the face marks `f` bad. */
static int recode(unify *u, src_font *f, const char *s, const bk_lex_token *t, bk_buf *out)
{
    size_t cap = t->end - t->start;
    unsigned char stack[512];
    unsigned char *bytes = cap <= sizeof stack ? stack : malloc(cap);
    if (!bytes)
        return -1;
    size_t n = bk__lex_string_bytes(s, t, bytes);
    static const char hex[] = "0123456789ABCDEF";
    char tmp[4];
    bk__buf_put(out, "<", 1);
    for (size_t i = 0; i < n; i += f->wide ? 2 : 1) {
        uint32_t code =
            f->wide ? (i + 1 < n ? (uint32_t)bytes[i] << 8 | bytes[i + 1] : 0) : bytes[i];
        long g = src_glyph(u, f, code);
        if (g < 0) {
            /* The pass is done again without this font (bk__font_unify). */
            f->bad = 1;
            u->new_bad = 1;
            g = 0;
        }
        u->face[f->face].used[g] = 1;
        u->face[f->face].any = 1;
        tmp[0] = hex[g >> 12 & 15];
        tmp[1] = hex[g >> 8 & 15];
        tmp[2] = hex[g >> 4 & 15];
        tmp[3] = hex[g & 15];
        bk__buf_put(out, tmp, 4);
    }
    bk__buf_put(out, ">", 1);
    if (bytes != stack)
        free(bytes);
    return 0;
}

static src_font *font_named(unify *u, qpdf_oh fonts, const char *s, const bk_lex_token *t)
{
    if (!fonts || t->type != BK_LEX_NAME)
        return NULL;
    char name[128];
    size_t len = t->end - t->start;
    if (len >= sizeof name)
        return NULL;
    memcpy(name, s + t->start, len);
    name[len] = '\0';
    qpdf_oh font = qpdf_oh_get_key(u->q, fonts, name);
    if (!qpdf_oh_is_dictionary(u->q, font))
        return NULL;
    src_font *f = src_get(u, font);
    return f && f->face >= 0 && !f->bad ? f : NULL;
}

#define MAX_OPERANDS 4096
#define MAX_GSTATE 64

/* Rewrites one content stream's text into the unified fonts; *used gets
 * the faces it now draws with. *changed is 0 when nothing was rewritten. */
static int rewrite(unify *u, qpdf_oh fonts, const char *s, size_t n, bk_buf *out, int *changed,
                   unsigned *used, src_font **cur)
{
    bk_lex_token *ops = malloc(MAX_OPERANDS * sizeof *ops);
    if (!ops)
        return -1;
    src_font *stack[MAX_GSTATE];
    int sp = 0;
    size_t nops = 0, copied = 0, i = 0;
    int depth = 0;
    *changed = 0;
    for (;;) {
        bk_lex_token t = bk__lex_next(s, n, &i, depth);
        if (t.type == BK_LEX_NONE)
            break;
        if (t.type == BK_LEX_ARRAY_OPEN)
            depth++;
        else if (t.type == BK_LEX_ARRAY_CLOSE && depth > 0)
            depth--;
        if (t.type != BK_LEX_OP) {
            if (nops < MAX_OPERANDS)
                ops[nops++] = t;
            continue;
        }
        size_t oplen = t.end - t.start;
        const char *op = s + t.start;
        if (oplen == 2 && memcmp(op, "ID", 2) == 0) {
            bk__lex_skip_inline_image(s, n, &i);
        } else if (oplen == 1 && op[0] == 'q') {
            if (sp < MAX_GSTATE)
                stack[sp++] = *cur;
        } else if (oplen == 1 && op[0] == 'Q') {
            if (sp > 0)
                *cur = stack[--sp];
        } else if (oplen == 2 && memcmp(op, "Tf", 2) == 0 && nops >= 2) {
            bk_lex_token *name = &ops[nops - 2];
            *cur = font_named(u, fonts, s, name);
            if (*cur) {
                face_state *f = &u->face[(*cur)->face];
                bk__buf_put(out, s + copied, name->start - copied);
                bk__buf_put(out, f->res_name, strlen(f->res_name));
                copied = name->end;
                *used |= 1u << (*cur)->face;
                *changed = 1;
            }
        } else if (*cur &&
                   ((oplen == 2 && (memcmp(op, "Tj", 2) == 0 || memcmp(op, "TJ", 2) == 0)) ||
                    (oplen == 1 && (op[0] == '\'' || op[0] == '"')))) {
            int array = op[1] == 'J';
            for (size_t k = 0; k < nops; k++) {
                bk_lex_token *a = &ops[k];
                if ((a->type != BK_LEX_STRING && a->type != BK_LEX_HEX) ||
                    (array ? a->depth < 1 : 0))
                    continue;
                if (!array && k + 1 != nops)
                    continue;
                bk__buf_put(out, s + copied, a->start - copied);
                recode(u, *cur, s, a, out);
                copied = a->end;
                *changed = 1;
            }
        }
        nops = 0;
    }
    bk__buf_put(out, s + copied, n - copied);
    free(ops);
    return out && out->failed ? -1 : 0;
}

static int seen_stream(unify *u, int id)
{
    for (size_t i = 0; i < u->n_seen; i++)
        if (u->seen_streams[i] == id)
            return 1;
    if (u->n_seen == u->cap_seen) {
        size_t cap = u->cap_seen ? 2 * u->cap_seen : 64;
        int *p = realloc(u->seen_streams, cap * sizeof *p);
        if (!p)
            return 0;
        u->seen_streams = p;
        u->cap_seen = cap;
    }
    u->seen_streams[u->n_seen++] = id;
    return 0;
}

/* Adds the unified fonts of `used` faces to a /Resources dictionary. */
static void add_fonts(unify *u, qpdf_oh res, unsigned used)
{
    qpdf_data q = u->q;
    qpdf_oh fonts = qpdf_oh_get_key(q, res, "/Font");
    if (!qpdf_oh_is_dictionary(q, fonts)) {
        fonts = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, res, "/Font", fonts);
    }
    for (int f = 0; f < BK_FACE_COUNT_; f++)
        if (used & (1u << f))
            qpdf_oh_replace_key(q, fonts, u->face[f].res_name, u->face[f].type0);
}

/* Rewrites one content stream into u->pend (written by commit()). */
static int rewrite_stream(unify *u, qpdf_oh stream, qpdf_oh fonts, unsigned *used, src_font **cur)
{
    int id = qpdf_oh_get_object_id(u->q, stream);
    if (id && seen_stream(u, id))
        return 0;
    size_t len = 0;
    unsigned char *data = stream_bytes(u->q, stream, &len);
    if (!data)
        return 0;
    bk_buf out = {0};
    int changed = 0;
    int rc = rewrite(u, fonts, (const char *)data, len, &out, &changed, used, cur);
    free(data);
    if (rc == 0 && changed) {
        if (u->n_pend == u->cap_pend) {
            size_t cap = u->cap_pend ? 2 * u->cap_pend : 32;
            struct pending *p = realloc(u->pend, cap * sizeof *p);
            if (!p)
                rc = -1;
            else {
                u->pend = p;
                u->cap_pend = cap;
            }
        }
        if (rc == 0) {
            u->pend[u->n_pend++] = (struct pending){stream, out};
            return 0;
        }
    }
    free(out.p);
    return rc < 0 ? bk__error(u->err, BK_ENOMEM, NULL, "out of memory embedding fonts once") : 0;
}

/* What the assembly makes anew at every render (pages' text, the fonts)
 * is deflated fast: level 1 costs a fifth of the default, for a few per
 * cent more bytes. */
static int set_fast_deflated(unify *u, qpdf_oh stream, const void *data, size_t len)
{
    uLongf zlen = compressBound((uLong)len);
    unsigned char *z = malloc(zlen);
    if (!z || compress2(z, &zlen, (const Bytef *)data, (uLong)len, Z_BEST_SPEED) != Z_OK) {
        free(z);
        return bk__error(u->err, BK_ENOMEM, NULL, "out of memory compressing a page");
    }
    qpdf_oh_replace_stream_data(u->q, stream, z, zlen, qpdf_oh_new_name(u->q, "/FlateDecode"),
                                qpdf_oh_new_null(u->q));
    free(z);
    return bk__qpdf_check(u->q, "cannot write a page's text", u->err);
}

static int set_content(unify *u, qpdf_oh stream, const bk_buf *data)
{
    return set_fast_deflated(u, stream, data->p, data->n);
}

static void drop_pending(unify *u)
{
    for (size_t i = 0; i < u->n_pend; i++)
        free(u->pend[i].data.p);
    u->n_pend = 0;
    u->n_pres = 0;
}

static int do_resources_xobjects(unify *u, qpdf_oh res, int depth);

/* A page's or form's content (one stream or an array of them) with its
 * resources. */
static int do_content(unify *u, qpdf_oh contents, qpdf_oh res, int depth)
{
    qpdf_data q = u->q;
    qpdf_oh fonts = qpdf_oh_get_key_if_dict(q, res, "/Font");
    if (!qpdf_oh_is_dictionary(q, fonts))
        fonts = 0;
    unsigned used = 0;
    src_font *cur = NULL;
    int rc = 0;
    if (qpdf_oh_is_array(q, contents)) {
        int n = qpdf_oh_get_array_n_items(q, contents);
        for (int i = 0; i < n && rc == 0; i++)
            rc = rewrite_stream(u, qpdf_oh_get_array_item(q, contents, i), fonts, &used, &cur);
    } else if (qpdf_oh_is_stream(q, contents)) {
        rc = rewrite_stream(u, contents, fonts, &used, &cur);
    }
    if (rc == 0 && used && qpdf_oh_is_dictionary(q, res)) {
        if (u->n_pres == u->cap_pres) {
            size_t cap = u->cap_pres ? 2 * u->cap_pres : 32;
            struct pending_res *p = realloc(u->pres, cap * sizeof *p);
            if (!p)
                return bk__error(u->err, BK_ENOMEM, NULL, "out of memory embedding fonts once");
            u->pres = p;
            u->cap_pres = cap;
        }
        u->pres[u->n_pres++] = (struct pending_res){res, used};
    }
    if (rc == 0)
        rc = do_resources_xobjects(u, res, depth);
    return rc < 0 ? rc : bk__qpdf_check(q, "cannot embed the fonts once", u->err);
}

static int do_resources_xobjects(unify *u, qpdf_oh res, int depth)
{
    qpdf_data q = u->q;
    qpdf_oh xobjs = qpdf_oh_get_key_if_dict(q, res, "/XObject");
    if (depth >= MAX_XOBJECT_DEPTH || !qpdf_oh_is_dictionary(q, xobjs))
        return 0;
    int rc = 0;
    qpdf_oh_begin_dict_key_iter(q, xobjs);
    qpdf_oh forms[64];
    int n = 0;
    while (qpdf_oh_dict_more_keys(q) && n < 64) {
        qpdf_oh x = qpdf_oh_get_key(q, xobjs, qpdf_oh_dict_next_key(q));
        if (qpdf_oh_is_stream(q, x) &&
            qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, qpdf_oh_get_dict(q, x), "/Subtype"),
                                       "/Form"))
            forms[n++] = x;
    }
    for (int i = 0; i < n && rc == 0; i++) {
        qpdf_oh d = qpdf_oh_get_dict(q, forms[i]);
        qpdf_oh r = qpdf_oh_get_key(q, d, "/Resources");
        rc = do_content(u, forms[i], qpdf_oh_is_dictionary(q, r) ? r : res, depth + 1);
    }
    return rc;
}

/* ---- the unified fonts ---- */

static void subset_tag(const face_state *f, unsigned n_glyphs, char tag[7])
{
    uint64_t h = 1469598103934665603ull;
    for (unsigned g = 0; g < n_glyphs; g++)
        if (f->used[g])
            h = (h ^ g) * 1099511628211ull;
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = '\0';
}

/* bk_cmap_glyph_text over a face's used glyphs and their UTF-32 texts. */
static int face_glyph_text(bk_buf *b, const void *ctx, unsigned g)
{
    const face_state *f = ctx;
    if (!f->used[g] || !f->text[g])
        return 0;
    for (const uint32_t *c = f->text[g]; b && *c; c++)
        bk__cmap_put_char(b, *c);
    return 1;
}

static int tounicode(unify *u, face_state *f, qpdf_oh *out)
{
    bk_buf b = {0};
    bk__cmap_write(&b, f->t.n_glyphs, face_glyph_text, f);
    if (b.failed) {
        free(b.p);
        return bk__error(u->err, BK_ENOMEM, NULL, "out of memory embedding fonts once");
    }
    *out = qpdf_oh_new_stream(u->q);
    int rc = bk__qpdf_set_deflated(u->q, *out, (const unsigned char *)b.p, b.n, NULL, u->err);
    free(b.p);
    return rc;
}

static qpdf_oh num(qpdf_data q, long v)
{
    return qpdf_oh_new_integer(q, v);
}

/* Fills the unified Type0 font of face `f` (made empty before the content
 * referred to it): subset, descriptor, widths and ToUnicode. */
static int build_font(unify *u, face_state *f)
{
    qpdf_data q = u->q;
    unsigned char *data = NULL;
    size_t dlen = 0;
    int rc = bk__fonts_subset_glyphs(u->fonts, (bk_face)(f - u->face), f->used, f->t.n_glyphs,
                                     &data, &dlen, u->err);
    if (rc < 0)
        return rc;
    qpdf_oh file = qpdf_oh_new_stream(q);
    rc = set_fast_deflated(u, file, data, dlen);
    free(data);
    if (rc < 0)
        return rc;

    char tag[7], base[96];
    subset_tag(f, f->t.n_glyphs, tag);
    snprintf(base, sizeof base, "/%s+%s", tag, f->ps_name);
    unsigned upem = hb_face_get_upem(f->face);
    hb_font_extents_t ext = {0};
    hb_font_get_h_extents(f->font, &ext);
    double scale = 1000.0 / (upem ? upem : 1000);

    qpdf_oh desc = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
    qpdf_oh_replace_key(q, desc, "/Type", qpdf_oh_new_name(q, "/FontDescriptor"));
    qpdf_oh_replace_key(q, desc, "/FontName", qpdf_oh_new_name(q, base));
    qpdf_oh_replace_key(q, desc, "/Flags", num(q, 4));
    hb_blob_t *hb;
    unsigned hl;
    hb = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
    const unsigned char *head = (const unsigned char *)hb_blob_get_data(hb, &hl);
    qpdf_oh bbox = qpdf_oh_new_array(q);
    for (int i = 0; i < 4; i++)
        qpdf_oh_append_item(q, bbox,
                            num(q, hl >= 44 ? (long)((int16_t)u16(head + 36 + 2 * i) * scale) : 0));
    hb_blob_destroy(hb);
    qpdf_oh_replace_key(q, desc, "/FontBBox", bbox);
    qpdf_oh_replace_key(q, desc, "/ItalicAngle", num(q, 0));
    qpdf_oh_replace_key(q, desc, "/Ascent", num(q, (long)(ext.ascender * scale)));
    qpdf_oh_replace_key(q, desc, "/Descent", num(q, (long)(ext.descender * scale)));
    qpdf_oh_replace_key(q, desc, "/CapHeight", num(q, (long)(ext.ascender * scale)));
    qpdf_oh_replace_key(q, desc, "/StemV", num(q, 80));
    qpdf_oh_replace_key(q, desc, "/FontFile2", file);

    qpdf_oh widths = qpdf_oh_new_array(q);
    for (unsigned g = 0; g < f->t.n_glyphs;) {
        if (!f->used[g]) {
            g++;
            continue;
        }
        qpdf_oh run = qpdf_oh_new_array(q);
        qpdf_oh_append_item(q, widths, num(q, g));
        for (; g < f->t.n_glyphs && f->used[g]; g++)
            qpdf_oh_append_item(q, run, num(q, (long)(bk__ttf_advance(&f->t, g) * scale + 0.5)));
        qpdf_oh_append_item(q, widths, run);
    }
    qpdf_oh info = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, info, "/Registry", qpdf_oh_new_string(q, "Adobe"));
    qpdf_oh_replace_key(q, info, "/Ordering", qpdf_oh_new_string(q, "Identity"));
    qpdf_oh_replace_key(q, info, "/Supplement", num(q, 0));
    qpdf_oh cid = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
    qpdf_oh_replace_key(q, cid, "/Type", qpdf_oh_new_name(q, "/Font"));
    qpdf_oh_replace_key(q, cid, "/Subtype", qpdf_oh_new_name(q, "/CIDFontType2"));
    qpdf_oh_replace_key(q, cid, "/BaseFont", qpdf_oh_new_name(q, base));
    qpdf_oh_replace_key(q, cid, "/CIDSystemInfo", info);
    qpdf_oh_replace_key(q, cid, "/FontDescriptor", desc);
    qpdf_oh_replace_key(q, cid, "/DW", num(q, 1000));
    qpdf_oh_replace_key(q, cid, "/W", widths);
    qpdf_oh_replace_key(q, cid, "/CIDToGIDMap", qpdf_oh_new_name(q, "/Identity"));

    qpdf_oh tu = 0;
    if ((rc = tounicode(u, f, &tu)) < 0)
        return rc;
    qpdf_oh descendants = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, descendants, cid);
    qpdf_oh t0 = f->type0;
    qpdf_oh_replace_key(q, t0, "/Type", qpdf_oh_new_name(q, "/Font"));
    qpdf_oh_replace_key(q, t0, "/Subtype", qpdf_oh_new_name(q, "/Type0"));
    qpdf_oh_replace_key(q, t0, "/BaseFont", qpdf_oh_new_name(q, base));
    qpdf_oh_replace_key(q, t0, "/Encoding", qpdf_oh_new_name(q, "/Identity-H"));
    qpdf_oh_replace_key(q, t0, "/DescendantFonts", descendants);
    qpdf_oh_replace_key(q, t0, "/ToUnicode", tu);
    return bk__qpdf_check(q, "cannot embed the fonts once", u->err);
}

/* Drops from each font dictionary of the pages (and their forms) the
 * fonts now unused: those of briefkit's faces, replaced above. */
static void drop_replaced(unify *u, qpdf_oh res, int depth)
{
    qpdf_data q = u->q;
    qpdf_oh fonts = qpdf_oh_get_key_if_dict(q, res, "/Font");
    if (qpdf_oh_is_dictionary(q, fonts)) {
        char keys[64][64];
        int n = 0;
        qpdf_oh_begin_dict_key_iter(q, fonts);
        while (qpdf_oh_dict_more_keys(q) && n < 64)
            snprintf(keys[n++], sizeof keys[0], "%s", qpdf_oh_dict_next_key(q));
        for (int i = 0; i < n; i++) {
            qpdf_oh font = qpdf_oh_get_key(q, fonts, keys[i]);
            int id = qpdf_oh_get_object_id(q, font);
            for (size_t k = 0; k < u->n_src; k++)
                if (u->src[k].id == id && u->src[k].face >= 0 && !u->src[k].bad)
                    qpdf_oh_remove_key(q, fonts, keys[i]);
        }
    }
    qpdf_oh xobjs = qpdf_oh_get_key_if_dict(q, res, "/XObject");
    if (depth >= MAX_XOBJECT_DEPTH || !qpdf_oh_is_dictionary(q, xobjs))
        return;
    qpdf_oh forms[64];
    int n = 0;
    qpdf_oh_begin_dict_key_iter(q, xobjs);
    while (qpdf_oh_dict_more_keys(q) && n < 64) {
        qpdf_oh x = qpdf_oh_get_key(q, xobjs, qpdf_oh_dict_next_key(q));
        if (qpdf_oh_is_stream(q, x))
            forms[n++] = x;
    }
    for (int i = 0; i < n; i++) {
        qpdf_oh r = qpdf_oh_get_key(q, qpdf_oh_get_dict(q, forms[i]), "/Resources");
        if (qpdf_oh_is_dictionary(q, r))
            drop_replaced(u, r, depth + 1);
    }
}

int bk__font_unify(qpdf_data q, bk_fonts *fonts, bk_error *err)
{
    unify u = {.q = q, .fonts = fonts, .err = err};
    int rc = 0;
    u.src = calloc(MAX_SOURCE_FONTS, sizeof *u.src);
    if (!u.src)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory embedding fonts once");
    for (int f = 0; f < BK_FACE_COUNT_ && rc == 0; f++) {
        face_state *fs = &u.face[f];
        fs->face = bk__fonts_hb_face(fonts, (bk_face)f);
        fs->font = bk__fonts_hb_font(fonts, (bk_face)f);
        unsigned len = sizeof fs->ps_name;
        if (!fs->face || !hb_ot_name_get_utf8(fs->face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
                                              HB_LANGUAGE_INVALID, &len, fs->ps_name)) {
            fs->face = NULL;
            continue;
        }
        snprintf(fs->res_name, sizeof fs->res_name, "/BkFont%d", f);
    }
    /* The pages are rewritten in memory; a pass that meets a font with a
     * glyph the face lacks (marked bad: left alone) is done again without
     * it, so nothing is written until every font's text is known good. */
    int n_pages = rc == 0 ? qpdf_get_num_pages(q) : 0;
    do {
        u.new_bad = 0;
        u.n_seen = 0;
        drop_pending(&u);
        for (int f = 0; f < BK_FACE_COUNT_; f++)
            if (u.face[f].used)
                memset(u.face[f].used, 0, u.face[f].t.n_glyphs + 1);
        for (int p = 0; p < n_pages && rc == 0; p++) {
            qpdf_oh page = qpdf_get_page_n(q, (size_t)p);
            rc = do_content(&u, qpdf_oh_get_key(q, page, "/Contents"),
                            qpdf_oh_get_key(q, page, "/Resources"), 0);
        }
    } while (rc == 0 && u.new_bad);
    for (size_t i = 0; i < u.n_pend && rc == 0; i++)
        rc = set_content(&u, u.pend[i].stream, &u.pend[i].data);
    for (size_t i = 0; i < u.n_pres && rc == 0; i++)
        add_fonts(&u, u.pres[i].res, u.pres[i].faces);
    drop_pending(&u);
    free(u.pend);
    free(u.pres);
    for (int f = 0; f < BK_FACE_COUNT_ && rc == 0; f++)
        if (u.face[f].used && u.face[f].any)
            rc = build_font(&u, &u.face[f]);
    for (int p = 0; p < n_pages && rc == 0; p++)
        drop_replaced(&u, qpdf_oh_get_key(q, qpdf_get_page_n(q, (size_t)p), "/Resources"), 0);
    if (rc == 0)
        rc = bk__qpdf_check(q, "cannot embed the fonts once", err);
    for (size_t i = 0; i < u.n_src; i++)
        src_free(&u.src[i]);
    free(u.src);
    for (int f = 0; f < BK_FACE_COUNT_; f++) {
        face_state *fs = &u.face[f];
        for (unsigned g = 0; fs->text && g < fs->t.n_glyphs + 1; g++)
            free(fs->text[g]);
        bk__ttf_close(&fs->t);
        bk__glyph_index_free(fs->index);
        free(fs->text);
        free(fs->used);
    }
    free(u.seen_streams);
    return rc;
}
