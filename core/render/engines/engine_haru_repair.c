/* The libharu engine's repairs at assembly (bk_engine_class.repair): what
 * libharu 2.3.0 (Debian 12) writes wrong or slowly in a Type0 font, fixed
 * on the assembled document's pages that came from a libharu fragment.
 *
 * - The ToUnicode map of a font in libharu's UTF-8 encoder maps nothing,
 *   so poppler warns and guesses: it is replaced by the right map, one
 *   stream shared by every such font of the briefing.
 * - The CIDToGIDMap of a font a plugin made through libharu itself is
 *   written raw: it is deflated here. (The engine's own fonts, drawn by
 *   glyph id, map CIDs to glyphs by /Identity.)
 *
 * The fonts of one fragment share their ToUnicode stream, and the fragments
 * of a group share their fonts, so each stream is checked once per
 * assembly: that is the state kept from one fragment to the next. */
#include "engine_haru.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deflate_cache.h"
#include "errors.h"
#include "qpdf_util.h"

struct bk_engine_repair {
    bk_deflate_cache *deflated; /* the assembly's */
    qpdf_oh fixed_tounicode;    /* the shared corrected CMap, 0 until needed */
    struct seen_tu {
        int id, broken;
    } * seen; /* ToUnicode streams already checked, by object id */
    size_t n_seen, cap_seen;
};

/* libharu 2.3.0's UTF-8 encoder writes each character's UCS-2 code as the
 * CID, but its /ToUnicode stream is a CID CMap ("begincidrange <0000>
 * <FFFF> 0") that maps nothing, so poppler warns and falls back to
 * guessing. The right map for those fonts is the identity from code to
 * Unicode: one bfrange per high byte (a range may not cross one, and at
 * most 100 go in a block), skipping the surrogate block. */
static char *ucs2_cmap(size_t *out_len)
{
    static const char head[] = "/CIDInit /ProcSet findresource begin\n"
                               "12 dict begin\n"
                               "begincmap\n"
                               "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 "
                               ">> def\n"
                               "/CMapName /Adobe-Identity-UCS def\n"
                               "/CMapType 2 def\n"
                               "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    static const char foot[] = "endcmap\n"
                               "CMapName currentdict /CMap defineresource pop\n"
                               "end\nend\n";
    int highs[256], n = 0;
    for (int h = 0; h < 256; h++)
        if (h < 0xD8 || h > 0xDF)
            highs[n++] = h;
    size_t cap = sizeof head + sizeof foot + (size_t)n * 24 + 8 * 32;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    size_t len = (size_t)snprintf(buf, cap, "%s", head);
    for (int i = 0; i < n; i += 100) {
        int block = n - i < 100 ? n - i : 100;
        len += (size_t)snprintf(buf + len, cap - len, "%d beginbfrange\n", block);
        for (int j = i; j < i + block; j++)
            len += (size_t)snprintf(buf + len, cap - len, "<%02X00> <%02XFF> <%02X00>\n", highs[j],
                                    highs[j], highs[j]);
        len += (size_t)snprintf(buf + len, cap - len, "endbfrange\n");
    }
    len += (size_t)snprintf(buf + len, cap - len, "%s", foot);
    *out_len = len;
    return buf;
}

static int ucs2_cmap_stream(bk_deflate_cache *deflated, qpdf_data out, qpdf_oh *out_stream,
                            bk_error *err)
{
    size_t len = 0;
    char *buf = ucs2_cmap(&len);
    if (!buf)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory fixing a font's text map");
    *out_stream = qpdf_oh_new_stream(out);
    int rc =
        bk__qpdf_set_deflated(out, *out_stream, (const unsigned char *)buf, len, deflated, err);
    free(buf);
    return rc < 0 ? rc : bk__qpdf_check(out, "cannot write a font's text map", err);
}

int bk__haru_repair_prepare(bk_deflate_cache *deflated, bk_error *err)
{
    size_t len = 0;
    char *buf = ucs2_cmap(&len);
    unsigned char *z = NULL;
    size_t zlen = 0;
    /* Kept by the cache for the repairs to come; this copy is not needed. */
    int ok = buf && bk__deflate(deflated, (const unsigned char *)buf, len, &z, &zlen) == 0;
    free(z);
    free(buf);
    return ok ? 0 : bk__error(err, BK_ENOMEM, NULL, "out of memory compressing a font's text map");
}

/* A Type0 font's CIDToGIDMap stream as libharu left it, raw (a font a
 * plugin made through libharu itself): deflated here. */
static int finish_cid_map(bk_deflate_cache *deflated, qpdf_data out, qpdf_oh font, bk_error *err)
{
    qpdf_oh cid = qpdf_oh_get_array_item(out, qpdf_oh_get_key(out, font, "/DescendantFonts"), 0);
    qpdf_oh map = qpdf_oh_get_key(out, cid, "/CIDToGIDMap");
    if (!qpdf_oh_is_stream(out, map))
        return bk__qpdf_check(out, "cannot read a font's glyph map", err);
    qpdf_oh dict = qpdf_oh_get_dict(out, map);
    if (!qpdf_oh_is_null(out, qpdf_oh_get_key(out, dict, "/Filter")))
        return bk__qpdf_check(out, "cannot read a font's glyph map", err);
    unsigned char *data = NULL;
    size_t len = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    int rc =
        bk__qpdf_code(out, qpdf_oh_get_stream_data(out, map, qpdf_dl_none, &filtered, &data, &len),
                      "cannot read a font's glyph map", err);
    if (rc == 0)
        rc = bk__qpdf_set_deflated(out, map, data, len, deflated, err);
    free(data);
    return rc < 0 ? rc : bk__qpdf_check(out, "cannot write a font's glyph map", err);
}

static int contains(const unsigned char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0)
            return 1;
    return 0;
}

/* Whether `tu` is the ToUnicode map of libharu's UTF-8 encoder; each
 * stream is decoded once per assembly. */
static int is_libharu_utf8_tounicode(bk_engine_repair *r, qpdf_data out, qpdf_oh tu, int *broken,
                                     bk_error *err)
{
    *broken = 0;
    int id = qpdf_oh_get_object_id(out, tu);
    for (size_t i = 0; i < r->n_seen; i++)
        if (r->seen[i].id == id) {
            *broken = r->seen[i].broken;
            return 0;
        }
    if (r->n_seen == r->cap_seen) {
        size_t cap = r->cap_seen ? r->cap_seen * 2 : 16;
        struct seen_tu *p = realloc(r->seen, cap * sizeof *p);
        if (!p)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory checking fonts");
        r->seen = p;
        r->cap_seen = cap;
    }
    unsigned char *data = NULL;
    size_t len = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    int rc = bk__qpdf_code(
        out, qpdf_oh_get_stream_data(out, tu, qpdf_dl_generalized, &filtered, &data, &len),
        "cannot read a font's text map", err);
    if (rc == 0 && filtered)
        *broken = contains(data, len, "begincidrange") && contains(data, len, "/CMapName /UTF-8");
    free(data);
    r->seen[r->n_seen].id = id;
    r->seen[r->n_seen++].broken = *broken;
    return rc;
}

static int fix_page_fonts(bk_engine_repair *r, qpdf_data out, qpdf_oh page, bk_error *err)
{
    qpdf_oh fonts = qpdf_oh_get_key_if_dict(out, qpdf_oh_get_key(out, page, "/Resources"), "/Font");
    if (!qpdf_oh_is_dictionary(out, fonts))
        return bk__qpdf_check(out, "cannot read a page's fonts", err);
    char(*keys)[128] = NULL;
    size_t n = 0, cap = 0;
    qpdf_oh_begin_dict_key_iter(out, fonts);
    while (qpdf_oh_dict_more_keys(out)) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            void *p = realloc(keys, cap * sizeof *keys);
            if (!p) {
                free(keys);
                return bk__error(err, BK_ENOMEM, NULL, "out of memory checking fonts");
            }
            keys = p;
        }
        snprintf(keys[n++], sizeof *keys, "%s", qpdf_oh_dict_next_key(out));
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        qpdf_oh font = qpdf_oh_get_key(out, fonts, keys[i]);
        qpdf_oh tu = qpdf_oh_get_key(out, font, "/ToUnicode");
        if (!qpdf_oh_is_name_and_equals(out, qpdf_oh_get_key(out, font, "/Subtype"), "/Type0"))
            continue;
        if ((rc = finish_cid_map(r->deflated, out, font, err)) < 0)
            break;
        if (!qpdf_oh_is_name_and_equals(out, qpdf_oh_get_key(out, font, "/Encoding"),
                                        "/Identity-H") ||
            !qpdf_oh_is_stream(out, tu))
            continue;
        int broken;
        if ((rc = is_libharu_utf8_tounicode(r, out, tu, &broken, err)) < 0 || !broken)
            continue;
        if (!r->fixed_tounicode &&
            (rc = ucs2_cmap_stream(r->deflated, out, &r->fixed_tounicode, err)) < 0)
            break;
        qpdf_oh_replace_key(out, font, "/ToUnicode", r->fixed_tounicode);
        rc = bk__qpdf_check(out, "cannot fix a font's text map", err);
    }
    free(keys);
    return rc;
}

int bk__haru_repair(bk_engine_repair **r, qpdf_data out, const qpdf_oh *pages, size_t n,
                    bk_deflate_cache *deflated, bk_error *err)
{
    if (!*r && !(*r = calloc(1, sizeof **r)))
        return bk__error(err, BK_ENOMEM, NULL, "out of memory checking fonts");
    (*r)->deflated = deflated;
    for (size_t i = 0; i < n; i++) {
        int rc = fix_page_fonts(*r, out, pages[i], err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

void bk__haru_repair_free(bk_engine_repair *r)
{
    if (!r)
        return;
    free(r->seen);
    free(r);
}
