/* Finding a glyph of one of briefkit's faces again in a font cut down
 * from it by another writer (cairo renumbers the glyphs it keeps,
 * hb-subset too): a glyph is the same when its outline and advance are,
 * a composite's components compared in turn, hinting and padding aside.
 * The glyph the face maps the text's first character to is tried first,
 * then the same glyph id, and only then every glyph of the face, through
 * an index of them made on first need (a ligature, an Arabic joining
 * form). */
#include "glyph_match.h"

#include <stdlib.h>
#include <string.h>

#define MAX_COMPOSITE_DEPTH 8

static unsigned u16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static const unsigned char *table(hb_face_t *face, hb_tag_t tag, hb_blob_t **b, unsigned *len)
{
    *b = hb_face_reference_table(face, tag);
    return (const unsigned char *)hb_blob_get_data(*b, len);
}

int bk__ttf_open(bk_ttf *t, hb_face_t *face)
{
    memset(t, 0, sizeof *t);
    hb_blob_t *hb, *hh;
    unsigned hl, hhl;
    const unsigned char *head = table(face, HB_TAG('h', 'e', 'a', 'd'), &hb, &hl);
    const unsigned char *hhea = table(face, HB_TAG('h', 'h', 'e', 'a'), &hh, &hhl);
    int ok = hl >= 54 && hhl >= 36;
    if (ok) {
        t->long_loca = u16(head + 50) != 0;
        t->n_hmetrics = u16(hhea + 34);
    }
    hb_blob_destroy(hb);
    hb_blob_destroy(hh);
    t->n_glyphs = hb_face_get_glyph_count(face);
    t->glyf = table(face, HB_TAG('g', 'l', 'y', 'f'), &t->glyf_b, &t->glyf_len);
    t->loca = table(face, HB_TAG('l', 'o', 'c', 'a'), &t->loca_b, &t->loca_len);
    t->hmtx = table(face, HB_TAG('h', 'm', 't', 'x'), &t->hmtx_b, &t->hmtx_len);
    return ok && t->glyf_len && t->loca_len && t->n_hmetrics ? 0 : -1;
}

void bk__ttf_close(bk_ttf *t)
{
    hb_blob_destroy(t->glyf_b);
    hb_blob_destroy(t->loca_b);
    hb_blob_destroy(t->hmtx_b);
    memset(t, 0, sizeof *t);
}

/* A glyph's bytes as loca gives them, padding included; len 0 for an
 * empty glyph. */
static const unsigned char *glyph_bytes(const bk_ttf *t, unsigned gid, unsigned *len)
{
    *len = 0;
    if (gid >= t->n_glyphs)
        return NULL;
    size_t a, b;
    if (t->long_loca) {
        if ((gid + 2) * 4 > t->loca_len)
            return NULL;
        a = u32(t->loca + gid * 4);
        b = u32(t->loca + gid * 4 + 4);
    } else {
        if ((gid + 2) * 2 > t->loca_len)
            return NULL;
        a = (size_t)u16(t->loca + gid * 2) * 2;
        b = (size_t)u16(t->loca + gid * 2 + 2) * 2;
    }
    if (b <= a || b > t->glyf_len)
        return NULL;
    *len = (unsigned)(b - a);
    return t->glyf + a;
}

unsigned bk__ttf_advance(const bk_ttf *t, unsigned gid)
{
    unsigned i = gid < t->n_hmetrics ? gid : t->n_hmetrics - 1;
    return (i + 1) * 4 <= t->hmtx_len ? u16(t->hmtx + i * 4) : 0;
}

/* Walks a composite glyph's components: *at is the offset of the next
 * one (10 for the first); returns its glyph index and sets *args_at and
 * *end to its bytes after the index, or -1 after the last. */
static long next_component(const unsigned char *g, unsigned len, unsigned *at, unsigned *more)
{
    if (!*more || *at + 4 > len)
        return -1;
    unsigned flags = u16(g + *at);
    long gid = (long)u16(g + *at + 2);
    unsigned size = 4 + ((flags & 0x0001) ? 4 : 2);
    if (flags & 0x0008)
        size += 2;
    else if (flags & 0x0040)
        size += 4;
    else if (flags & 0x0080)
        size += 8;
    if (*at + size > len)
        return -1;
    *at += size;
    *more = (flags & 0x0020) != 0;
    return gid;
}

/* A simple glyph's bytes without its hinting: [0, *a) the header and
 * contour ends, [*b, *end) the flags and points, padding left off. A font
 * with hinting and its copy without must match. -1 when it is cut short. */
static int simple_parts(const unsigned char *g, unsigned len, unsigned *a, unsigned *b,
                        unsigned *end)
{
    unsigned contours = u16(g);
    *a = 10 + 2 * contours;
    if (*a + 2 > len)
        return -1;
    *b = *a + 2 + u16(g + *a);
    if (*b > len)
        return -1;
    while (len > *b && g[len - 1] == 0)
        len--;
    *end = len;
    return 0;
}

/* 1 when glyph `s` of `st` draws what glyph `o` of `ot` draws: the same
 * outline and advance, a composite's components compared in turn. */
static int same_glyph(const bk_ttf *st, unsigned s, const bk_ttf *ot, unsigned o, int depth)
{
    if (depth > MAX_COMPOSITE_DEPTH || bk__ttf_advance(st, s) != bk__ttf_advance(ot, o))
        return 0;
    unsigned sl, ol;
    const unsigned char *sg = glyph_bytes(st, s, &sl), *og = glyph_bytes(ot, o, &ol);
    if (sl == 0 || ol == 0)
        return sl == ol;
    if (sl < 10 || (sg[0] & 0x80) == 0) { /* numberOfContours >= 0: simple */
        unsigned sa, sb, se, oa, ob, oe;
        if (ol < 10 || simple_parts(sg, sl, &sa, &sb, &se) != 0 ||
            simple_parts(og, ol, &oa, &ob, &oe) != 0)
            return 0;
        return sa == oa && se - sb == oe - ob && memcmp(sg, og, sa) == 0 &&
               memcmp(sg + sb, og + ob, se - sb) == 0;
    }
    if (ol < 10)
        return 0;
    if (memcmp(sg, og, 10) != 0)
        return 0;
    unsigned sa = 10, oa = 10, sm = 1, om = 1;
    for (;;) {
        unsigned s_from = sa, o_from = oa;
        long sc = next_component(sg, sl, &sa, &sm), oc = next_component(og, ol, &oa, &om);
        if (sc < 0 || oc < 0) {
            if (sc != oc)
                return 0;
            break;
        }
        /* Flags alike but for WE_HAVE_INSTRUCTIONS (0x0100): hinting. */
        if (sa - s_from != oa - o_from || (sg[s_from] | 1) != (og[o_from] | 1) ||
            sg[s_from + 1] != og[o_from + 1] ||
            memcmp(sg + s_from + 4, og + o_from + 4, sa - s_from - 4) != 0 ||
            !same_glyph(st, (unsigned)sc, ot, (unsigned)oc, depth + 1))
            return 0;
    }
    return 1; /* what follows the components is hinting and padding */
}

/* A key for a glyph that does not depend on the ids its components have,
 * nor on the padding after it. */
static uint64_t glyph_key(const bk_ttf *t, unsigned gid)
{
    unsigned len;
    const unsigned char *g = glyph_bytes(t, gid, &len);
    uint64_t h = 1469598103934665603ull ^ bk__ttf_advance(t, gid);
    if (len >= 10 && (g[0] & 0x80)) {
        unsigned at = 10, more = 1, from = at;
        for (unsigned i = 0; i < 10; i++)
            h = (h ^ g[i]) * 1099511628211ull;
        while (next_component(g, len, &at, &more) >= 0) {
            for (unsigned i = from; i < at; i++)
                if (i != from + 2 && i != from + 3)
                    h = (h ^ (i == from ? g[i] | 1 : g[i])) * 1099511628211ull;
            from = at;
        }
        return h;
    }
    unsigned a, b, end;
    if (len < 10 || simple_parts(g, len, &a, &b, &end) != 0)
        return h;
    for (unsigned i = 0; i < end; i++)
        if (i < a || i >= b)
            h = (h ^ g[i]) * 1099511628211ull;
    return h;
}

typedef struct key_gid {
    uint64_t key;
    unsigned gid;
} key_gid;

struct bk_glyph_index {
    key_gid *keys; /* every glyph by glyph_key, sorted */
    size_t n;
};

static int cmp_key(const void *a, const void *b)
{
    const key_gid *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key ? 1 : (x->gid > y->gid) - (x->gid < y->gid);
}

static bk_glyph_index *index_of(const bk_ttf *t)
{
    bk_glyph_index *ix = calloc(1, sizeof *ix);
    if (!ix || !(ix->keys = malloc((t->n_glyphs ? t->n_glyphs : 1) * sizeof *ix->keys))) {
        free(ix);
        return NULL;
    }
    for (unsigned g = 0; g < t->n_glyphs; g++)
        ix->keys[g] = (key_gid){glyph_key(t, g), g};
    ix->n = t->n_glyphs;
    qsort(ix->keys, ix->n, sizeof *ix->keys, cmp_key);
    return ix;
}

void bk__glyph_index_free(bk_glyph_index *ix)
{
    if (ix)
        free(ix->keys);
    free(ix);
}

long bk__glyph_match(const bk_ttf *face, hb_font_t *font, bk_glyph_index **ix, const bk_ttf *st,
                     unsigned sg, const uint32_t *text)
{
    hb_codepoint_t g;
    if (text && text[0] && hb_font_get_nominal_glyph(font, text[0], &g) &&
        same_glyph(st, sg, face, g, 0))
        return (long)g;
    /* A font that kept the face's glyph ids (the libharu engine's). */
    if (same_glyph(st, sg, face, sg, 0))
        return (long)sg;
    if (sg == 0)
        return 0;
    if (!*ix && !(*ix = index_of(face)))
        return -1;
    uint64_t key = glyph_key(st, sg);
    size_t lo = 0, hi = (*ix)->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((*ix)->keys[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < (*ix)->n && (*ix)->keys[lo].key == key; lo++)
        if (same_glyph(st, sg, face, (*ix)->keys[lo].gid, 0))
            return (long)(*ix)->keys[lo].gid;
    return -1;
}
