/* Reading a ToUnicode CMap (PDF 32000-1, 9.10.3): its bfchar and bfrange
 * entries, ranges kept as ranges (libharu's repaired map is 256 of them
 * over every code). Enough for the maps cairo and briefkit write; a map
 * that says something else maps fewer codes, never wrong ones. And writing
 * one: a bfchar entry for each glyph the unified fonts use (font_unify.c). */
#define _GNU_SOURCE /* memmem */
#include "tounicode_cmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_lex.h"

void bk__cmap_free(bk_cmap *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->e[i].dst);
        if (m->e[i].each)
            for (uint32_t k = 0; k <= m->e[i].hi - m->e[i].lo; k++)
                free(m->e[i].each[k]);
        free(m->e[i].each);
    }
    free(m->e);
    memset(m, 0, sizeof *m);
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t' || *p == '\f'))
        p++;
    return p;
}

/* Reads "<hex>" at p: its bytes into buf (at most cap), their count. */
static const char *read_hex(const char *p, const char *end, unsigned char *buf, size_t cap,
                            size_t *n)
{
    *n = 0;
    p = skip_ws(p, end);
    if (p >= end || *p != '<')
        return NULL;
    p++;
    const char *close = memchr(p, '>', (size_t)(end - p));
    if (!close)
        close = end;
    *n = bk__lex_hex_bytes(p, 0, (size_t)(close - p), buf, cap);
    return close < end ? close + 1 : NULL;
}

static uint32_t be_code(const unsigned char *b, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n && i < 4; i++)
        v = v << 8 | b[i];
    return v;
}

/* UTF-16BE bytes to a 0-terminated UTF-32 string. */
static uint32_t *utf16_to_32(const unsigned char *b, size_t n)
{
    uint32_t *out = malloc((n / 2 + 1) * sizeof *out);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        uint32_t u = (uint32_t)b[i] << 8 | b[i + 1];
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
            uint32_t lo = (uint32_t)b[i + 2] << 8 | b[i + 3];
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        out[k++] = u;
    }
    out[k] = 0;
    return out;
}

static bk_cmap_entry *cmap_add(bk_cmap *m)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        bk_cmap_entry *e = realloc(m->e, cap * sizeof *e);
        if (!e)
            return NULL;
        m->e = e;
        m->cap = cap;
    }
    bk_cmap_entry *e = &m->e[m->n++];
    memset(e, 0, sizeof *e);
    return e;
}

void bk__cmap_parse(bk_cmap *m, const char *s, size_t len)
{
    const char *end = s + len, *p = s;
    unsigned char a[8], b[8], d[64];
    size_t na, nb, nd;
    while (p < end) {
        const char *bf = memmem(p, (size_t)(end - p), "beginbf", 7);
        if (!bf || bf + 12 > end)
            return;
        int range = memcmp(bf + 7, "range", 5) == 0;
        p = bf + (range ? 12 : 11);
        const char *stop =
            memmem(p, (size_t)(end - p), range ? "endbfrange" : "endbfchar", range ? 10 : 9);
        if (!stop)
            stop = end;
        while ((p = skip_ws(p, stop)) < stop && *p == '<') {
            if (!(p = read_hex(p, stop, a, sizeof a, &na)))
                break;
            if (range && !(p = read_hex(p, stop, b, sizeof b, &nb)))
                break;
            bk_cmap_entry *e = cmap_add(m);
            if (!e)
                return;
            e->lo = be_code(a, na);
            e->hi = range ? be_code(b, nb) : e->lo;
            if (e->hi < e->lo || e->hi - e->lo > 0xFFFF)
                e->hi = e->lo;
            p = skip_ws(p, stop);
            if (range && p < stop && *p == '[') {
                p++;
                e->each = calloc(e->hi - e->lo + 1, sizeof *e->each);
                for (uint32_t k = 0; e->each && k <= e->hi - e->lo; k++) {
                    const char *q = read_hex(p, stop, d, sizeof d, &nd);
                    if (!q)
                        break;
                    p = q;
                    e->each[k] = utf16_to_32(d, nd);
                }
                p = skip_ws(p, stop);
                if (p < stop && *p == ']')
                    p++;
                continue;
            }
            if (!(p = read_hex(p, stop, d, sizeof d, &nd)))
                break;
            e->dst = utf16_to_32(d, nd);
        }
        p = stop;
    }
}

/* What `code` stands for: a malloc'd 0-terminated string, or NULL. */
uint32_t *bk__cmap_lookup(const bk_cmap *m, uint32_t code)
{
    for (size_t i = m->n; i-- > 0;) {
        const bk_cmap_entry *e = &m->e[i];
        if (code < e->lo || code > e->hi)
            continue;
        const uint32_t *src = e->each ? e->each[code - e->lo] : e->dst;
        if (!src)
            return NULL;
        size_t n = 0;
        while (src[n])
            n++;
        uint32_t *out = malloc((n + 1) * sizeof *out);
        if (!out)
            return NULL;
        memcpy(out, src, (n + 1) * sizeof *out);
        if (!e->each && n > 0)
            out[n - 1] += code - e->lo;
        return out;
    }
    return NULL;
}
