/* The 版记's lines (banji.h): what they say and where they break.
 *
 * GB/T 9704-2012 7.4: 抄送 (here 报, 送 and 发, as briefings address
 * superiors, peers and subordinates) one em in from the left, a full-width
 * colon, names separated by "，" and closed with "。", a broken line
 * continuing under the first name; 印发机关 one em in from the left and
 * 印发日期 one em in from the right; a thick rule above the first line and
 * below the last, thin rules between. "共印N份" is the 简报 habit (the 2012
 * standard dropped it from 公文), set flush right on its own line. */
#include "banji.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Ems of one UTF-8 character starting at s, and its length in bytes. */
static double char_ems(const unsigned char *s, size_t *len)
{
    if (s[0] < 0x80) {
        *len = 1;
        return 0.5;
    }
    size_t n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : 4;
    for (size_t i = 1; i < n; i++)
        if (!s[i]) {
            n = i;
            break;
        }
    *len = n;
    unsigned cp = n == 2 ? (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F)
                  : n == 3
                      ? (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F)
                      : 0x20000;
    return cp >= 0x2E80 ? 1.0 : 0.5;
}

typedef struct lines_out {
    bk_banji_line *v;
    size_t n, cap;
    int failed;
} lines_out;

static void push(lines_out *o, const char *text, size_t len, double indent, int right, int rule)
{
    if (o->failed)
        return;
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 8;
        bk_banji_line *v = realloc(o->v, cap * sizeof *v);
        if (!v) {
            o->failed = 1;
            return;
        }
        o->v = v;
        o->cap = cap;
    }
    char *t = malloc(len + 1);
    if (!t) {
        o->failed = 1;
        return;
    }
    memcpy(t, text, len);
    t[len] = '\0';
    o->v[o->n++] = (bk_banji_line){t, indent, right, rule};
}

/* "报：甲，乙。" broken into lines of at most `ems`, continuing under the first name. */
static void list_lines(lines_out *o, const char *label, const char *const *names, size_t n,
                       double ems)
{
    size_t cap = strlen(label) + 8;
    for (size_t i = 0; i < n; i++)
        cap += strlen(names[i]) + 4;
    char *all = malloc(cap);
    if (!all) {
        o->failed = 1;
        return;
    }
    size_t len = (size_t)snprintf(all, cap, "%s：", label);
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(all + len, cap - len, "%s%s", names[i], i + 1 < n ? "，" : "。");
    double hang = (double)strlen(label) / 3.0 + 1.0; /* the label's ems and the colon's */
    size_t start = 0;
    double indent = 1.0, used = 0;
    for (size_t i = 0; i < len;) {
        size_t cl;
        double w = char_ems((const unsigned char *)all + i, &cl);
        if (used + w > ems - indent && i > start) {
            push(o, all + start, i - start, indent, 0, 0);
            start = i;
            indent = 1.0 + hang;
            used = 0;
        }
        used += w;
        i += cl;
    }
    push(o, all + start, len - start, indent, 0, 1);
    free(all);
}

int bk__banji_layout(const bk_doc_style *s, double width, bk_banji_line **lines, size_t *n)
{
    *lines = NULL;
    *n = 0;
    if (!s || !s->has_banji)
        return 0;
    lines_out o = {0};
    double ems = width / BK_BANJI_SIZE - 1.0; /* one em kept free on the right */
    if (s->n_bao)
        list_lines(&o, "报", s->bao, s->n_bao, ems);
    if (s->n_song)
        list_lines(&o, "送", s->song, s->n_song, ems);
    if (s->n_fa)
        list_lines(&o, "发", s->fa, s->n_fa, ems);
    const char *issuer = s->banji_issuer ? s->banji_issuer : "";
    push(&o, issuer, strlen(issuer), 1.0, 0, 0);
    if (s->banji_date) {
        char d[256];
        int len = snprintf(d, sizeof d, "%s印发", s->banji_date);
        /* the date shares the issuer's line: flush right on it */
        push(&o, d, (size_t)(len < (int)sizeof d ? len : (int)sizeof d - 1), 0, 1, 0);
    }
    if (s->printed > 0) {
        if (o.n)
            o.v[o.n - 1].rule_after = 1;
        char p[64];
        int len = snprintf(p, sizeof p, "（共印%d份）", s->printed);
        push(&o, p, (size_t)len, 0, 1, 0);
    }
    if (o.failed) {
        bk__banji_free(o.v, o.n);
        return -1;
    }
    if (o.n)
        o.v[o.n - 1].rule_after = 2;
    *lines = o.v;
    *n = o.n;
    return 0;
}

void bk__banji_free(bk_banji_line *lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i].text);
    free(lines);
}

double bk__banji_height(const bk_doc_style *s, double width)
{
    bk_banji_line *lines;
    size_t n;
    if (bk__banji_layout(s, width, &lines, &n) != 0 || n == 0)
        return 0;
    /* A flush-right line after a left one shares its line. */
    size_t rows = 0;
    for (size_t i = 0; i < n; i++)
        rows += !(lines[i].right && i > 0 && !lines[i - 1].right && lines[i - 1].rule_after == 0);
    bk__banji_free(lines, n);
    return (double)rows * BK_BANJI_PITCH + 4;
}
