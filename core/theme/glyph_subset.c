/* A TrueType font cut down to some of its glyphs, glyph ids kept.
 *
 * For a CID font whose CIDs are the face's own glyph ids (what the libharu
 * engine draws and what the assembler embeds once per briefing) the font
 * file needs only the outlines of the glyphs shown; a PDF reader reads no
 * cmap, layout or name table of it. hb-subset can do this, but it first
 * maps the whole cmap of the face (30,000 entries for WenQuanYi, twice that
 * for HanaMin) at every call, which cost more than drawing the briefing. So
 * the few tables a reader needs are written here: glyf with the glyphs
 * asked for (and the components of composite ones), loca over every glyph
 * id up to the last one kept, hmtx with the other glyphs' advances zeroed,
 * and head, hhea, maxp (cut to those ids), OS/2 and a names-free post. */
#include "glyph_subset.h"

#include <stdlib.h>
#include <string.h>

#include <harfbuzz/hb.h>

#define MAX_COMPONENT_DEPTH 8

static unsigned u16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

typedef struct tab {
    hb_tag_t tag;
    hb_blob_t *blob;
    const unsigned char *data;
    unsigned len;
} tab;

static void tab_get(tab *t, hb_face_t *face, hb_tag_t tag)
{
    t->tag = tag;
    t->blob = hb_face_reference_table(face, tag);
    t->data = (const unsigned char *)hb_blob_get_data(t->blob, &t->len);
}

/* Glyph `g`'s bytes [*a, *b) in glyf, from loca. */
static int glyph_range(const tab *loca, int long_loca, const tab *glyf, unsigned g, size_t *a,
                       size_t *b)
{
    if (long_loca) {
        if ((size_t)(g + 2) * 4 > loca->len)
            return -1;
        *a = u32(loca->data + g * 4);
        *b = u32(loca->data + g * 4 + 4);
    } else {
        if ((size_t)(g + 2) * 2 > loca->len)
            return -1;
        *a = (size_t)u16(loca->data + g * 2) * 2;
        *b = (size_t)u16(loca->data + g * 2 + 2) * 2;
    }
    return *b >= *a && *b <= glyf->len ? 0 : -1;
}

/* Marks the components of composite glyph `g`, and theirs. */
static void mark_components(unsigned char *keep, unsigned n, const tab *loca, int long_loca,
                            const tab *glyf, unsigned g, int depth)
{
    size_t a, b;
    if (depth > MAX_COMPONENT_DEPTH || glyph_range(loca, long_loca, glyf, g, &a, &b) != 0 ||
        b - a < 10 || !(glyf->data[a] & 0x80))
        return;
    size_t at = a + 10;
    for (;;) {
        if (at + 4 > b)
            return;
        unsigned flags = u16(glyf->data + at), comp = u16(glyf->data + at + 2);
        if (comp < n && !keep[comp]) {
            keep[comp] = 1;
            mark_components(keep, n, loca, long_loca, glyf, comp, depth + 1);
        }
        at += 4 + ((flags & 0x0001) ? 4 : 2) +
              ((flags & 0x0008)   ? 2
               : (flags & 0x0040) ? 4
               : (flags & 0x0080) ? 8
                                  : 0);
        if (!(flags & 0x0020))
            return;
    }
}

static uint32_t checksum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t whole = len & ~(size_t)3;
    for (size_t i = 0; i < whole; i += 4)
        sum += (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 | (uint32_t)p[i + 2] << 8 | p[i + 3];
    if (whole < len) {
        unsigned char w[4] = {0};
        memcpy(w, p + whole, len - whole);
        sum += u32(w);
    }
    return sum;
}

int bk__glyph_subset(hb_face_t *face, const unsigned char *used, size_t n_used, unsigned char **out,
                     size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    enum { HEAD, HHEA, MAXP, HMTX, LOCA, GLYF, OS2, POST, N_TABS };
    tab t[N_TABS];
    tab_get(&t[HEAD], face, HB_TAG('h', 'e', 'a', 'd'));
    tab_get(&t[HHEA], face, HB_TAG('h', 'h', 'e', 'a'));
    tab_get(&t[MAXP], face, HB_TAG('m', 'a', 'x', 'p'));
    tab_get(&t[HMTX], face, HB_TAG('h', 'm', 't', 'x'));
    tab_get(&t[LOCA], face, HB_TAG('l', 'o', 'c', 'a'));
    tab_get(&t[GLYF], face, HB_TAG('g', 'l', 'y', 'f'));
    tab_get(&t[OS2], face, HB_TAG('O', 'S', '/', '2'));
    tab_get(&t[POST], face, HB_TAG('p', 'o', 's', 't'));
    int rc = -1;
    unsigned char *keep = NULL, *glyf = NULL, *loca = NULL, *hmtx = NULL, *file = NULL;
    unsigned n = hb_face_get_glyph_count(face);
    if (t[HEAD].len < 54 || t[HHEA].len < 36 || t[MAXP].len < 6 || !t[LOCA].len || !t[GLYF].len ||
        n == 0)
        goto done;
    int long_loca = u16(t[HEAD].data + 50) != 0;
    unsigned n_hmetrics = u16(t[HHEA].data + 34);
    if (n_hmetrics == 0 || (size_t)n_hmetrics * 4 > t[HMTX].len)
        goto done;

    keep = calloc(n, 1);
    if (!keep)
        goto done;
    keep[0] = 1; /* .notdef: the box a missing glyph shows */
    for (size_t g = 0; g < n_used && g < n; g++)
        if (used[g])
            keep[g] = 1;
    for (unsigned g = 0; g < n; g++)
        if (keep[g] == 1)
            mark_components(keep, n, &t[LOCA], long_loca, &t[GLYF], g, 0);

    /* The font ends at the last glyph kept: a Latin subset of a face with
     * thousands of glyphs needs only the first few hundred ids. */
    unsigned last = 0;
    for (unsigned g = 0; g < n; g++)
        if (keep[g])
            last = g;
    unsigned m = last + 1;
    unsigned nh = n_hmetrics < m ? n_hmetrics : m;
    size_t glyf_len = 0, a, b;
    for (unsigned g = 0; g < m; g++)
        if (keep[g] && glyph_range(&t[LOCA], long_loca, &t[GLYF], g, &a, &b) == 0)
            glyf_len += (b - a + 3) & ~(size_t)3;
    size_t hmtx_len = (size_t)nh * 4 + (size_t)(m - nh) * 2;
    glyf = malloc(glyf_len ? glyf_len : 1);
    loca = malloc(((size_t)m + 1) * 4);
    hmtx = calloc(1, hmtx_len);
    if (!glyf || !loca || !hmtx)
        goto done;
    size_t at = 0;
    for (unsigned g = 0; g < m; g++) {
        put32(loca + (size_t)g * 4, (uint32_t)at);
        if (keep[g] && glyph_range(&t[LOCA], long_loca, &t[GLYF], g, &a, &b) == 0) {
            size_t len = b - a, padded = (len + 3) & ~(size_t)3;
            memcpy(glyf + at, t[GLYF].data + a, len);
            memset(glyf + at + len, 0, padded - len);
            at += padded;
        }
    }
    put32(loca + (size_t)m * 4, (uint32_t)at);
    /* Metrics of the glyphs kept; the others' stay zero, which compresses
     * to little. A glyph past the long metrics takes the last one's
     * advance, as the format says, so the last long one is always set. */
    for (unsigned g = 0; g < m; g++) {
        if (!keep[g] && g != nh - 1)
            continue;
        if (g < nh)
            memcpy(hmtx + (size_t)g * 4, t[HMTX].data + (size_t)g * 4, 4);
        else if ((size_t)n_hmetrics * 4 + (size_t)(g - n_hmetrics) * 2 + 2 <= t[HMTX].len)
            memcpy(hmtx + (size_t)nh * 4 + (size_t)(g - nh) * 2,
                   t[HMTX].data + (size_t)n_hmetrics * 4 + (size_t)(g - n_hmetrics) * 2, 2);
    }

    unsigned char head[54], post[32] = {0}, hhea[36], maxp[32] = {0};
    memcpy(head, t[HEAD].data, 54);
    put32(head + 8, 0);  /* checkSumAdjustment: left at 0 */
    put16(head + 50, 1); /* long loca */
    memcpy(hhea, t[HHEA].data, 36);
    put16(hhea + 34, nh);
    size_t maxp_len = t[MAXP].len < sizeof maxp ? t[MAXP].len : sizeof maxp;
    memcpy(maxp, t[MAXP].data, maxp_len);
    put16(maxp + 4, m);
    if (t[POST].len >= 32)
        memcpy(post, t[POST].data, 32);
    put32(post, 0x00030000); /* no glyph names */

    /* Tables in tag order, as the format asks. */
    struct out_tab {
        hb_tag_t tag;
        const unsigned char *data;
        size_t len;
    } o[] = {
        {HB_TAG('O', 'S', '/', '2'), t[OS2].data, t[OS2].len},
        {HB_TAG('g', 'l', 'y', 'f'), glyf, at},
        {HB_TAG('h', 'e', 'a', 'd'), head, sizeof head},
        {HB_TAG('h', 'h', 'e', 'a'), hhea, sizeof hhea},
        {HB_TAG('h', 'm', 't', 'x'), hmtx, hmtx_len},
        {HB_TAG('l', 'o', 'c', 'a'), loca, ((size_t)m + 1) * 4},
        {HB_TAG('m', 'a', 'x', 'p'), maxp, maxp_len},
        {HB_TAG('p', 'o', 's', 't'), post, sizeof post},
    };
    size_t n_tabs = 0, total = 0;
    for (size_t i = 0; i < sizeof o / sizeof *o; i++)
        if (o[i].len) {
            o[n_tabs++] = o[i];
            total += (o[i].len + 3) & ~(size_t)3;
        }
    size_t dir = 12 + 16 * n_tabs;
    file = malloc(dir + total);
    if (!file)
        goto done;
    memset(file, 0, dir);
    unsigned es = 0;
    while ((2u << es) <= n_tabs)
        es++;
    put32(file, 0x00010000);
    put16(file + 4, (unsigned)n_tabs);
    put16(file + 6, 16u << es);
    put16(file + 8, es);
    put16(file + 10, (unsigned)(n_tabs * 16 - (16u << es)));
    size_t off = dir;
    for (size_t i = 0; i < n_tabs; i++) {
        unsigned char *rec = file + 12 + 16 * i;
        memcpy(file + off, o[i].data, o[i].len);
        memset(file + off + o[i].len, 0, ((o[i].len + 3) & ~(size_t)3) - o[i].len);
        put32(rec, o[i].tag);
        put32(rec + 4, checksum(o[i].data, o[i].len));
        put32(rec + 8, (uint32_t)off);
        put32(rec + 12, (uint32_t)o[i].len);
        off += (o[i].len + 3) & ~(size_t)3;
    }
    *out = file;
    *out_len = dir + total;
    file = NULL;
    rc = 0;
done:
    for (int i = 0; i < N_TABS; i++)
        hb_blob_destroy(t[i].blob);
    free(keep);
    free(glyf);
    free(loca);
    free(hmtx);
    free(file);
    return rc;
}
