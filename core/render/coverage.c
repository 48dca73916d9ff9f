/* Glyph coverage of a briefing's text, checked before drawing (coverage.h
 * says why). The walk keeps the path of keys and list items down to each
 * string, so a message can say what holds the character the way the data
 * reads (`zone "liangjiang" name_zh`: the list item with that id, then the
 * key); the character's own line and column are found again in the source
 * file, since a node only knows where its scalar starts. */
#define _GNU_SOURCE /* memmem */
#include "coverage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <briefkit/blocks.h>

#include "errors.h"
#include "font_chain.h"
#include "node.h"

/* As section_run.c bounds the walk for an alias bomb: the data is walked
 * once per render, and no real briefing comes near this. */
#define MAX_VISITS 200000
#define MAX_DEPTH 128
/* How far past a scalar's start the character is searched for in its file. */
#define LOCATE_WINDOW 65536

static long next_cp(const unsigned char *s, size_t len, size_t *i)
{
    size_t p = *i;
    unsigned char b = s[p];
    size_t n = b < 0x80 ? 0 : b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
    if (b >= 0x80 && n == 0) {
        *i = p + 1;
        return -1;
    }
    if (len - p <= n) {
        *i = len;
        return -1;
    }
    uint32_t cp = n == 0 ? b : b & (0x3F >> n);
    for (size_t k = 1; k <= n; k++) {
        if ((s[p + k] & 0xC0) != 0x80) {
            *i = p + 1;
            return -1;
        }
        cp = cp << 6 | (s[p + k] & 0x3F);
    }
    *i = p + 1 + n;
    return (long)cp;
}

int bk__coverage_first_missing(const bk_fonts *fonts, int role, const char *utf8, size_t len,
                               uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)utf8;
    for (size_t i = 0; i < len;) {
        if (s[i] >= 0x20 && s[i] < 0x7F) { /* every chain starts with a full ASCII face */
            i++;
            continue;
        }
        long c = next_cp(s, len, &i);
        if (c < 0 || bk__font_chain_ignorable((uint32_t)c))
            continue;
        int face = role < 0 ? (bk__font_chain_covers(fonts, (uint32_t)c) ? 0 : -1)
                            : bk__font_chain_face(fonts, role, (uint32_t)c);
        if (face < 0) {
            *cp = (uint32_t)c;
            return 1;
        }
    }
    return 0;
}

uint32_t bk__coverage_faces(const bk_fonts *fonts, const char *utf8, size_t len)
{
    const unsigned char *s = (const unsigned char *)utf8;
    uint32_t faces = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        long c = next_cp(s, len, &i);
        int face = c < 0 ? -1 : bk__font_chain_face(fonts, BK_FONT_BODY, (uint32_t)c);
        if (face >= 0)
            faces |= 1u << face;
    }
    return faces;
}

static size_t put_utf8(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

void bk__coverage_describe(uint32_t cp, char *buf, size_t size)
{
    char ch[5];
    size_t n = put_utf8(cp, ch);
    ch[n] = '\0';
    /* Unassigned, private-use and combining characters print as boxes or
     * attach to the quote; the code alone says what they are. */
    int show = !(cp >= 0xE000 && cp <= 0xF8FF) && !(cp >= 0x300 && cp <= 0x36F) && cp < 0xF0000;
    if (show)
        snprintf(buf, size, "U+%04X '%s'", (unsigned)cp, ch);
    else
        snprintf(buf, size, "U+%04X", (unsigned)cp);
}

/* Where the character `cp` of the scalar at `at` lies in its file: the
 * first occurrence at or after the scalar's start. A character written as
 * an escape ("\U0001F680") is not found, and the scalar's start stands. */
static bk_loc locate(const bk_loc *at, uint32_t cp)
{
    bk_loc out = *at;
    if (!at->file || at->line <= 0)
        return out;
    FILE *fp = fopen(at->file, "rb");
    if (!fp)
        return out;
    char want[5];
    size_t wn = put_utf8(cp, want);
    int line = 1, col = 0, c; /* col: the current character's, 1-based */
    while (line < at->line && (c = getc(fp)) != EOF)
        if (c == '\n')
            line++;
    /* Columns count characters, as libyaml's do. UTF-8 never starts a
     * character inside another, so a mismatch restarts cleanly. */
    size_t have = 0;
    for (long read = 0; read < LOCATE_WINDOW && (c = getc(fp)) != EOF; read++) {
        if ((c & 0xC0) != 0x80)
            col++;
        if (c == '\n') {
            line++;
            col = 0;
            have = 0;
            continue;
        }
        if (line == at->line && col < at->col)
            continue;
        have = (unsigned char)c == (unsigned char)want[have] ? have + 1
               : (unsigned char)c == (unsigned char)want[0]  ? 1
                                                             : 0;
        if (have == wn) {
            out.line = line;
            out.col = col;
            break;
        }
    }
    fclose(fp);
    return out;
}

/* One step down the walk: the key or list index that led to a node. */
typedef struct step {
    const bk_node *parent;
    const char *key; /* NULL for a list item */
    size_t index;
} step;

typedef struct walk {
    const bk_fonts *fonts;
    bk_coverage_opts *o;
    const char *what; /* "document", "section 'x' option", "data" */
    step path[MAX_DEPTH];
    size_t depth, visits;
    bk_error *err;
    int found; /* errors: stop at the first */
} walk;

/* "zone" for a list under "zones"; a key that is no plural stays as is. */
static void singular(const char *key, char *out, size_t size)
{
    size_t n = strlen(key);
    if (n > 3 && strcmp(key + n - 3, "ies") == 0)
        snprintf(out, size, "%.*sy", (int)(n - 3), key);
    else if (n > 1 && key[n - 1] == 's' && key[n - 2] != 's')
        snprintf(out, size, "%.*s", (int)(n - 1), key);
    else
        snprintf(out, size, "%s", key);
}

/* What holds the string at the end of w->path, as the data reads: from the
 * innermost list item with an id, `zone "liangjiang" name_zh`; without
 * one, the keys from the top, `data clusters[0].name`. */
static void describe_path(const walk *w, char *buf, size_t size)
{
    size_t from = 0, len = 0;
    for (size_t i = w->depth; i-- > 1;) {
        if (w->path[i].key || i + 1 >= w->depth || !w->path[i - 1].key)
            continue;
        const char *id = bk__node_str(bk__node_get(w->path[i + 1].parent, "id"));
        if (id) {
            char one[64];
            singular(w->path[i - 1].key, one, sizeof one);
            len = (size_t)snprintf(buf, size, "%s \"%s\"", one, id);
            from = i + 1;
            break;
        }
    }
    if (from == 0)
        len = (size_t)snprintf(buf, size, "%s", w->what);
    for (size_t i = from; i < w->depth && len < size; i++) {
        const step *s = &w->path[i];
        int n = s->key ? snprintf(buf + len, size - len, "%s%s", i == from ? " " : ".", s->key)
                       : snprintf(buf + len, size - len, "[%zu]", s->index);
        if (n < 0)
            break;
        len += (size_t)n;
    }
}

/* Reports `cp` of the string `n` (at the end of w->path). */
static int report(walk *w, const bk_node *n, uint32_t cp)
{
    char where[256], ch[32], fonts[256];
    describe_path(w, where, sizeof where);
    bk__coverage_describe(cp, ch, sizeof ch);
    bk__font_chain_names(w->fonts, fonts, sizeof fonts);
    bk_loc loc = locate(&n->loc, cp);
    if (!w->o->warn_only) {
        w->found = 1;
        return bk__error(w->err, BK_EFONT, loc.file ? &loc : NULL,
                         "%s: %s is in no font briefkit has (fonts: %s)", where, ch, fonts);
    }
    if (w->o->warn) {
        bk_error e;
        bk__error(&e, BK_EFONT, loc.file ? &loc : NULL,
                  "%s: %s is in no font briefkit has (fonts: %s); drawn as a box", where, ch,
                  fonts);
        char line[1200];
        bk_error_format(&e, line, sizeof line);
        w->o->warn(w->o->warn_ctx, line);
    }
    return 0;
}

static int check_string(walk *w, const bk_node *n)
{
    const char *s = n->str;
    size_t len = n->len, at = 0;
    w->o->faces |= bk__coverage_faces(w->fonts, s, len);
    while (at < len) {
        uint32_t cp;
        if (!bk__coverage_first_missing(w->fonts, -1, s + at, len - at, &cp))
            return 0;
        int rc = report(w, n, cp);
        if (rc || w->found)
            return rc;
        /* Warnings: go on after this character. */
        char enc[5];
        size_t k = put_utf8(cp, enc);
        const char *hit = memmem(s + at, len - at, enc, k);
        if (!hit)
            return 0;
        at = (size_t)(hit - s) + k;
    }
    return 0;
}

static int check_node(walk *w, const bk_node *n)
{
    if (!n || w->found || ++w->visits > MAX_VISITS)
        return 0;
    if (n->type == BK_NODE_STRING)
        return check_string(w, n);
    if ((n->type != BK_NODE_LIST && n->type != BK_NODE_MAP) || w->depth >= MAX_DEPTH)
        return 0;
    for (size_t i = 0; i < n->count && !w->found; i++) {
        step *s = &w->path[w->depth++];
        s->parent = n;
        s->index = i;
        s->key = n->type == BK_NODE_MAP ? bk__node_key_at(n, i) : NULL;
        int rc = n->type == BK_NODE_MAP && n->keys ? check_node(w, n->keys[i]) : 0;
        if (!rc)
            rc = check_node(w, n->items[i]);
        w->depth--;
        if (rc)
            return rc;
    }
    return 0;
}

static int check_tree(walk *w, const char *what, const bk_node *n)
{
    w->what = what;
    w->depth = 0;
    return check_node(w, n);
}

/* Checks `text` (as expanded: {{ }} may bring text in) under `key` of
 * `map`, located where the key's value is written. */
static int check_text(walk *w, const char *what, const bk_node *map, const char *key,
                      const char *text)
{
    const bk_node *at = bk__node_get(map, key);
    if (!text || !*text)
        return 0;
    bk_node n = {.type = BK_NODE_STRING, .str = text, .len = strlen(text)};
    if (at)
        n.loc = at->loc;
    w->what = what;
    w->path[0] = (step){map, key, 0};
    w->depth = 1;
    return check_node(w, &n);
}

int bk__coverage_check_template(const bk_template *tpl, const bk_fonts *fonts, bk_coverage_opts *o,
                                bk_error *err)
{
    o->faces = 0;
    walk w = {.fonts = fonts, .o = o, .err = err};
    const bk_doc_settings *d = &tpl->doc;
    const bk_node *doc = bk__node_get(tpl->root, "document");
    const char *keys[] = {"title", "subtitle", "author", "header", "footer", "classification"};
    const char *texts[] = {d->title,  d->subtitle, d->author,
                           d->header, d->footer,   d->classification};
    int rc = 0;
    for (size_t i = 0; i < sizeof keys / sizeof *keys && !rc && !w.found; i++)
        rc = check_text(&w, "document", doc, keys[i], texts[i]);
    for (size_t i = 0; i < tpl->n_sections && !rc && !w.found; i++) {
        const bk_section_spec *spec = &tpl->sections[i];
        char what[160];
        snprintf(what, sizeof what, "section '%s'", spec->id ? spec->id : "?");
        rc = check_text(&w, what, spec->node, "title", spec->title);
        if (!rc && !w.found) {
            snprintf(what, sizeof what, "section '%s' options", spec->id ? spec->id : "?");
            rc = check_tree(&w, what, spec->options);
        }
    }
    if (!rc && !w.found)
        rc = check_tree(&w, "data", tpl->data);
    return rc;
}
