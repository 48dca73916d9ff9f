/* Document styles: reading the 简报 / 公文 page elements from a template's
 * `document` map (format in doc_style.h), and the geometry they take.
 *
 * Everything here is decided at load time, before anything is drawn: the
 * issue number follows from the period alone (so shards and reruns agree
 * without a state file), and the masthead's height is fixed by the style,
 * so the first section knows where to start before the chrome is drawn. */
#include "doc_style.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "key_check.h"
#include "yaml_field.h"

#define PT_PER_MM (72.0 / 25.4)

const char *const bk__doc_style_keys[] = {"style",   "masthead",  "secrecy",      "handling",
                                          "urgency", "copies",    "recipients",   "banji",
                                          "fonts",   "numbering", "page_numbers", NULL};

static const char *const masthead_keys[] = {"name",        "issuer", "first_period", "first_issue",
                                            "first_total", "issue",  "date",         "yearly",
                                            "issue_text",  NULL};
static const char *const secrecy_keys[] = {"level", "term", NULL};
static const char *const banji_keys[] = {"bao", "song", "fa", "issuer", "date", "printed", NULL};
static const char *const font_keys[] = {"file", "index", "fallback", NULL};
static const char *const role_keys[BK_ROLE_COUNT_ + 1] = {"title", "heading", "kai",
                                                          "body",  "latin",   NULL};

typedef struct style_loader {
    bk_arena *a;
    const bk_vars *vars;
    bk_error *err;
} style_loader;

static int oom(style_loader *L)
{
    return bk__error(L->err, BK_ENOMEM, NULL, "out of memory reading the document style");
}

/* An expanded text under `key`; *out stays `dflt` when absent or null. */
static int text(style_loader *L, const bk_node *map, const char *key, const char *dflt,
                const char **out)
{
    const bk_node *n = bk__node_get(map, key);
    *out = dflt;
    if (!n || n->type == BK_NODE_NULL)
        return 0;
    if (n->type != BK_NODE_STRING)
        return bk__error(L->err, BK_ETYPE, &n->loc, "%s: expected text, got %s", key,
                         bk__node_kind_name(n));
    return bk__expand_string(L->a, n->str, &n->loc, L->vars, out, L->err);
}

/* A whole number in [lo, hi] under `key` (text that expands to one counts). */
static int whole(style_loader *L, const bk_node *map, const char *key, int lo, int hi, int dflt,
                 int *out)
{
    const bk_node *n = bk__node_get(map, key);
    *out = dflt;
    if (!n || n->type == BK_NODE_NULL)
        return 0;
    const char *s = NULL;
    int rc = text(L, map, key, NULL, &s);
    if (rc)
        return rc;
    return bk__field_whole(n, key, s, lo, hi, out, L->err);
}

/* A list of names (or one name) under `key`, expanded. */
static int names(style_loader *L, const bk_node *map, const char *key, const char *const **out,
                 size_t *n_out)
{
    const bk_node *n = bk__node_get(map, key);
    *out = NULL;
    *n_out = 0;
    if (!n || n->type == BK_NODE_NULL)
        return 0;
    if (n->type == BK_NODE_STRING) {
        const char **one = bk__arena_alloc(L->a, sizeof *one);
        if (!one)
            return oom(L);
        int rc = bk__expand_string(L->a, n->str, &n->loc, L->vars, &one[0], L->err);
        *out = one;
        *n_out = 1;
        return rc;
    }
    if (n->type != BK_NODE_LIST)
        return bk__error(L->err, BK_ETYPE, &n->loc, "%s: expected a list of names, got %s", key,
                         bk__node_kind_name(n));
    size_t len = bk__node_len(n);
    const char **list = bk__arena_alloc(L->a, (len ? len : 1) * sizeof *list);
    if (!list)
        return oom(L);
    for (size_t i = 0; i < len; i++) {
        const bk_node *it = bk__node_at(n, i);
        if (it->type != BK_NODE_STRING || it->len == 0)
            return bk__error(L->err, BK_ETYPE, &it->loc, "%s: expected a name, got %s", key,
                             it->type == BK_NODE_STRING ? "empty text" : bk__node_kind_name(it));
        int rc = bk__expand_string(L->a, it->str, &it->loc, L->vars, &list[i], L->err);
        if (rc)
            return rc;
    }
    *out = list;
    *n_out = len;
    return 0;
}

/* `key: false` switches an element off; a map configures it. *map is NULL
 * and *off 0 when the key is absent. */
static int element(style_loader *L, const bk_node *doc, const char *key, const bk_node **map,
                   int *off)
{
    const bk_node *n = bk__node_get(doc, key);
    *map = NULL;
    *off = 0;
    if (!n || n->type == BK_NODE_NULL)
        return 0;
    int b;
    if (n->type == BK_NODE_STRING && bk__node_bool(n, &b) == 0) {
        if (b)
            return bk__error(L->err, BK_EINVAL, &n->loc,
                             "%s: expected a map of settings or false, got true", key);
        *off = 1;
        return 0;
    }
    if (n->type != BK_NODE_MAP)
        return bk__error(L->err, BK_ETYPE, &n->loc,
                         "%s: expected a map of settings or false, got %s", key,
                         bk__node_kind_name(n));
    *map = n;
    return 0;
}

/* "2025-03-05" as 2025年3月5日 (GB/T 9704 writes dates in Arabic figures);
 * anything else as given. */
static const char *chinese_date(bk_arena *a, const char *iso)
{
    int y, m, d;
    char tail;
    if (!iso || sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return iso;
    const char *s = bk__arena_printf(a, "%d年%d月%d日", y, m, d);
    return s ? s : iso;
}

static int parse_period(const char *s, int *ym)
{
    int y, m;
    char tail;
    if (!s || sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2 || m < 1 || m > 12)
        return -1;
    *ym = y * 12 + (m - 1);
    return 0;
}

static int load_masthead(style_loader *L, const bk_node *doc, const char *period,
                         const bk_style_overrides *ov, const bk_style_doc *d, bk_doc_style *s)
{
    const bk_node *m;
    int off;
    int rc = element(L, doc, "masthead", &m, &off);
    if (!rc && ov && ov->issue > 0 && (off || (!m && s->kind == BK_STYLE_REPORT)))
        return bk__error(L->err, BK_EINVAL, NULL,
                         "--issue %d: the briefing has no masthead to show an issue number in "
                         "(document.masthead, or style: jianbao)",
                         ov->issue);
    if (rc || off || (!m && s->kind == BK_STYLE_REPORT))
        return rc;
    if (m && (rc = bk__key_check(m, masthead_keys, "masthead", "key", L->err)))
        return rc;
    const char *first_period = NULL;
    int first_issue, first_total, fixed, yearly;
    rc = text(L, m, "name", d->title && *d->title ? d->title : NULL, &s->name);
    if (!rc)
        rc = text(L, m, "issuer", d->author && *d->author ? d->author : NULL, &s->issuer);
    if (!rc)
        rc = text(L, m, "date", chinese_date(L->a, d->date), &s->masthead_date);
    if (!rc)
        rc = text(L, m, "first_period", NULL, &first_period);
    if (!rc)
        rc = text(L, m, "issue_text", NULL, &s->issue_text);
    if (!rc)
        rc = whole(L, m, "first_issue", 1, 999999, 1, &first_issue);
    if (!rc)
        rc = whole(L, m, "first_total", 1, 999999, 0, &first_total);
    if (!rc)
        rc = whole(L, m, "issue", 1, 999999, 0, &fixed);
    if (!rc)
        rc = bk__field_bool(m, "yearly", 0, &yearly, L->err);
    if (rc)
        return rc;
    int steps = 0;
    if (ov && ov->issue > 0) {
        s->issue = ov->issue;
        steps = ov->issue - first_issue;
    } else if (fixed) {
        s->issue = fixed;
        steps = fixed - first_issue;
    } else if (first_period) {
        int from, to;
        const bk_node *where = bk__node_get(m, "first_period");
        if (parse_period(first_period, &from) != 0)
            return bk__error(L->err, BK_EINVAL, &where->loc,
                             "first_period: expected YYYY-MM, got \"%s\"", first_period);
        if (parse_period(period, &to) != 0 || to < from)
            return bk__error(L->err, BK_EINVAL, &where->loc,
                             "the period %s is before masthead.first_period %s, so it has no "
                             "issue number (give --issue N, or an earlier first_period)",
                             period ? period : "?", first_period);
        steps = to - from;
        /* Offices often number issues afresh each year and count the total on. */
        s->issue = yearly && to / 12 > from / 12 ? to % 12 + 1 : first_issue + steps;
    }
    if (s->issue && first_total)
        s->total = first_total + steps;
    if (s->total < 0)
        s->total = 0;
    return 0;
}

static int load_marks(style_loader *L, const bk_node *doc, bk_doc_style *s)
{
    const bk_node *n = bk__node_get(doc, "secrecy");
    int rc = 0;
    if (n && n->type != BK_NODE_NULL) {
        const char *level = NULL, *term = NULL;
        const bk_node *level_node = n;
        if (n->type == BK_NODE_MAP) {
            rc = bk__key_check(n, secrecy_keys, "secrecy", "key", L->err);
            if (!rc)
                rc = text(L, n, "level", NULL, &level);
            if (!rc)
                rc = text(L, n, "term", NULL, &term);
            level_node = bk__node_get(n, "level") ? bk__node_get(n, "level") : n;
        } else if (n->type == BK_NODE_STRING) {
            rc = bk__expand_string(L->a, n->str, &n->loc, L->vars, &level, L->err);
        } else {
            return bk__error(L->err, BK_ETYPE, &n->loc,
                             "secrecy: expected 绝密, 机密 or 秘密, or {level: ..., term: ...}, "
                             "got %s",
                             bk__node_kind_name(n));
        }
        if (rc)
            return rc;
        static const char *const levels[] = {"绝密", "机密", "秘密", NULL};
        int ok = 0;
        for (int i = 0; levels[i] && level; i++)
            ok |= strcmp(level, levels[i]) == 0;
        if (!ok)
            return bk__error(L->err, BK_EINVAL, &level_node->loc,
                             "secrecy: expected 绝密, 机密 or 秘密 (GB/T 9704), got \"%s\"",
                             level ? level : "nothing");
        s->secrecy = term && *term ? bk__arena_printf(L->a, "%s★%s", level, term) : level;
        if (!s->secrecy)
            return oom(L);
    }
    rc = text(L, doc, "handling", NULL, &s->handling);
    if (!rc)
        rc = text(L, doc, "urgency", NULL, &s->urgency);
    if (!rc && s->urgency && strcmp(s->urgency, "特急") != 0 && strcmp(s->urgency, "加急") != 0) {
        const bk_node *u = bk__node_get(doc, "urgency");
        return bk__error(L->err, BK_EINVAL, &u->loc,
                         "urgency: expected 特急 or 加急 (GB/T 9704), got \"%s\"", s->urgency);
    }
    return rc;
}

static int load_copies(style_loader *L, const bk_node *doc, const bk_style_overrides *ov,
                       bk_doc_style *s)
{
    int rc = whole(L, doc, "copies", 1, 999999, 0, &s->copies);
    if (!rc)
        rc = names(L, doc, "recipients", &s->recipients, &s->n_recipients);
    if (rc)
        return rc;
    if (ov && ov->copies > 0)
        s->copies = ov->copies;
    if (s->n_recipients) {
        if (s->copies && (size_t)s->copies != s->n_recipients) {
            const bk_node *n = bk__node_get(doc, "recipients");
            return bk__error(L->err, BK_EINVAL, &n->loc,
                             "%d copies asked for, but recipients lists %zu names: one copy "
                             "goes to each name, so leave copies out or make them agree",
                             s->copies, s->n_recipients);
        }
        s->copies = (int)s->n_recipients;
    }
    return 0;
}

static int load_banji(style_loader *L, const bk_node *doc, const bk_style_doc *d, bk_doc_style *s)
{
    const bk_node *b;
    int off;
    int rc = element(L, doc, "banji", &b, &off);
    if (rc || off || !b)
        return rc;
    if ((rc = bk__key_check(b, banji_keys, "banji", "key", L->err)))
        return rc;
    s->has_banji = 1;
    rc = names(L, b, "bao", &s->bao, &s->n_bao);
    if (!rc)
        rc = names(L, b, "song", &s->song, &s->n_song);
    if (!rc)
        rc = names(L, b, "fa", &s->fa, &s->n_fa);
    if (!rc)
        rc = text(L, b, "issuer", s->issuer ? s->issuer : d->author, &s->banji_issuer);
    if (!rc)
        rc = text(L, b, "date", s->masthead_date ? s->masthead_date : chinese_date(L->a, d->date),
                  &s->banji_date);
    if (!rc)
        rc = whole(L, b, "printed", 1, 999999, s->copies, &s->printed);
    return rc;
}

static int load_font(style_loader *L, const bk_node *n, const char *role, const char *dir,
                     bk_font_choice *f)
{
    const char *file = NULL, *fallback = "error";
    int rc = 0;
    f->where = n->loc;
    if (n->type == BK_NODE_STRING) {
        rc = bk__expand_string(L->a, n->str, &n->loc, L->vars, &file, L->err);
    } else if (n->type == BK_NODE_MAP) {
        char what[48];
        snprintf(what, sizeof what, "fonts.%s", role);
        rc = bk__key_check(n, font_keys, what, "key", L->err);
        if (!rc)
            rc = text(L, n, "file", NULL, &file);
        if (!rc)
            rc = whole(L, n, "index", 0, 255, 0, &f->index);
        if (!rc)
            rc = text(L, n, "fallback", "error", &fallback);
        if (!rc && strcmp(fallback, "warn") != 0 && strcmp(fallback, "error") != 0) {
            const bk_node *fb = bk__node_get(n, "fallback");
            return bk__error(L->err, BK_EINVAL, &fb->loc,
                             "fallback: expected warn or error, got \"%s\"", fallback);
        }
    } else {
        return bk__error(L->err, BK_ETYPE, &n->loc,
                         "fonts.%s: expected a font file or {file: ..., index: ..., fallback: "
                         "warn}, got %s",
                         role, bk__node_kind_name(n));
    }
    if (rc)
        return rc;
    if (!file || !*file)
        return bk__error(L->err, BK_EMISSING, &n->loc, "fonts.%s: no font file given", role);
    f->fallback = strcmp(fallback, "warn") == 0;
    /* A relative path is the template's, as data file paths are. */
    f->file = file[0] == '/' || !dir ? file : bk__arena_printf(L->a, "%s/%s", dir, file);
    return f->file ? 0 : oom(L);
}

static int load_fonts(style_loader *L, const bk_node *doc, const char *dir,
                      const bk_style_overrides *ov, bk_doc_style *s)
{
    const bk_node *fonts = bk__node_get(doc, "fonts");
    if (fonts && fonts->type != BK_NODE_NULL && fonts->type != BK_NODE_MAP)
        return bk__error(L->err, BK_ETYPE, &fonts->loc,
                         "fonts: expected a map of role: file (title, heading, kai, body, "
                         "latin), got %s",
                         bk__node_kind_name(fonts));
    int rc = fonts ? bk__key_check(fonts, role_keys, "fonts", "role", L->err) : 0;
    for (int r = 0; r < BK_ROLE_COUNT_ && !rc; r++) {
        const bk_node *n = bk__node_get(fonts, role_keys[r]);
        if (n && n->type != BK_NODE_NULL)
            rc = load_font(L, n, role_keys[r], dir, &s->fonts[r]);
    }
    for (size_t i = 0; ov && i < ov->n_fonts && !rc; i++) {
        const char *eq = strchr(ov->fonts[i], '=');
        int role = -1;
        if (eq) {
            char name[16];
            size_t len = (size_t)(eq - ov->fonts[i]);
            if (len < sizeof name) {
                memcpy(name, ov->fonts[i], len);
                name[len] = '\0';
                role = bk__font_role_parse(name);
            }
        }
        if (role < 0 || !eq[1])
            return bk__error(L->err, BK_EINVAL, NULL,
                             "--font %s: expected ROLE=FILE with ROLE one of title, heading, "
                             "kai, body, latin",
                             ov->fonts[i]);
        s->fonts[role] = (bk_font_choice){.file = eq + 1};
    }
    return rc;
}

static int has_any(const bk_node *doc, const bk_style_overrides *ov)
{
    for (int i = 0; bk__doc_style_keys[i]; i++)
        if (bk__node_get(doc, bk__doc_style_keys[i]))
            return 1;
    return ov && (ov->issue || ov->copies || ov->n_fonts);
}

int bk__doc_style_load(bk_arena *a, const bk_node *doc, const bk_vars *vars, const char *period,
                       const char *dir, const bk_style_overrides *ov, const bk_style_doc *d,
                       bk_doc_style **out, bk_error *err)
{
    *out = NULL;
    if (!has_any(doc, ov))
        return 0;
    style_loader L = {a, vars, err};
    bk_doc_style *s = bk__arena_alloc(a, sizeof *s);
    if (!s)
        return oom(&L);
    memset(s, 0, sizeof *s);
    static const char *const kinds[] = {"report", "jianbao", "gongwen", NULL};
    const char *kind = NULL;
    int rc = text(&L, doc, "style", "report", &kind);
    if (rc)
        return rc;
    for (int i = 0; kinds[i]; i++)
        if (strcmp(kind, kinds[i]) == 0)
            s->kind = (bk_style_kind)i;
    if (strcmp(kind, kinds[s->kind]) != 0) {
        const bk_node *n = bk__node_get(doc, "style");
        return bk__error(err, BK_EINVAL, &n->loc,
                         "style: expected jianbao, gongwen or report, got \"%s\"", kind);
    }
    int chinese = s->kind != BK_STYLE_REPORT;
    const char *numbering = NULL, *page_numbers = NULL;
    rc = text(&L, doc, "numbering", chinese ? "chinese" : "none", &numbering);
    if (!rc)
        rc = text(&L, doc, "page_numbers", chinese ? "dash" : "of", &page_numbers);
    if (rc)
        return rc;
    if (strcmp(numbering, "chinese") != 0 && strcmp(numbering, "none") != 0)
        return bk__error(err, BK_EINVAL, &bk__node_get(doc, "numbering")->loc,
                         "numbering: expected chinese or none, got \"%s\"", numbering);
    if (strcmp(page_numbers, "dash") != 0 && strcmp(page_numbers, "of") != 0)
        return bk__error(err, BK_EINVAL, &bk__node_get(doc, "page_numbers")->loc,
                         "page_numbers: expected dash (— 3 —) or of (Page 3 of 11), got \"%s\"",
                         page_numbers);
    s->chinese_numbering = strcmp(numbering, "chinese") == 0;
    s->dash_page_numbers = strcmp(page_numbers, "dash") == 0;

    rc = load_masthead(&L, doc, period, ov, d, s);
    if (!rc)
        rc = load_marks(&L, doc, s);
    if (!rc)
        rc = load_copies(&L, doc, ov, s);
    if (!rc)
        rc = load_banji(&L, doc, d, s);
    if (!rc)
        rc = load_fonts(&L, doc, dir, ov, s);
    if (rc)
        return rc;

    /* The report look's classification mark has no place of its own in
     * these styles: it becomes the handling mark rather than vanish. */
    if (chinese && !s->secrecy && !s->handling && d->classification && *d->classification)
        s->handling = d->classification;
    *out = s;
    return 0;
}

void bk__doc_style_margins(double page_w, double page_h, double *top, double *right, double *bottom,
                           double *left)
{
    /* GB/T 9704-2012 5.2.1: 天头 37 mm, 订口 28 mm, 版心 156 x 225 mm. */
    *top = 37 * PT_PER_MM;
    *left = 28 * PT_PER_MM;
    *right = page_w - *left - 156 * PT_PER_MM;
    *bottom = page_h - *top - 225 * PT_PER_MM;
    if (*right < 0 || *bottom < 0) /* a page smaller than A4 */
        *right = *bottom = 10 * PT_PER_MM;
}

/* ---- heading numbers ---- */

static const char *const digits_zh[10] = {"〇", "一", "二", "三", "四",
                                          "五", "六", "七", "八", "九"};

/* 1..99 as Chinese numerals: 一, 十, 十一, 二十, 二十一. */
static void chinese_numeral(int n, char *buf, size_t size)
{
    if (n <= 0 || n > 99) {
        snprintf(buf, size, "%d", n);
        return;
    }
    int tens = n / 10, ones = n % 10;
    snprintf(buf, size, "%s%s%s", tens > 1 ? digits_zh[tens] : "", tens ? "十" : "",
             ones ? digits_zh[ones] : "");
}

const char *bk__heading_number(int level, int n, char *buf, size_t size)
{
    char zh[16];
    chinese_numeral(n, zh, sizeof zh);
    switch (level) {
    case 0:
        snprintf(buf, size, "%s、", zh);
        break;
    case 1:
        snprintf(buf, size, "（%s）", zh);
        break;
    case 2:
        snprintf(buf, size, "%d.", n);
        break;
    default:
        snprintf(buf, size, "（%d）", n);
        break;
    }
    return buf;
}

int bk__doc_style_sections(bk_arena *a, bk_doc_style *s, const bk_node *const *nodes,
                           const char **titles, size_t n, bk_error *err)
{
    if (!s || n == 0)
        return 0;
    s->first_section = nodes[0];
    s->last_section = nodes[n - 1];
    s->section_nodes = bk__arena_alloc(a, n * sizeof *s->section_nodes);
    s->section_numbers = bk__arena_alloc(a, n * sizeof *s->section_numbers);
    if (!s->section_nodes || !s->section_numbers)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory numbering the headings");
    s->n_sections = n;
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        s->section_nodes[i] = nodes[i];
        s->section_numbers[i] = 0;
        if (!s->chinese_numbering || !titles[i] || !*titles[i])
            continue;
        char num[32];
        s->section_numbers[i] = ++k;
        bk__heading_number(0, k, num, sizeof num);
        const char *t = bk__arena_printf(a, "%s%s", num, titles[i]);
        if (!t)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory numbering the headings");
        titles[i] = t;
    }
    return 0;
}

const char *bk__doc_style_heading(const bk_doc_style *s, const bk_node *section, int level,
                                  int opens_section, int counters[3], const char *text, char *buf,
                                  size_t size)
{
    if (!s || !s->chinese_numbering)
        return text;
    char num[32];
    if (level <= 1) {
        if (!opens_section)
            return text;
        int n = 0;
        for (size_t i = 0; i < s->n_sections; i++)
            if (s->section_nodes[i] == section)
                n = s->section_numbers[i];
        if (n == 0)
            return text;
        bk__heading_number(0, n, num, sizeof num);
        /* A plugin that shows the section's title already has the number. */
        if (strncmp(text, num, strlen(num)) == 0)
            return text;
    } else {
        int k = level >= 3 ? 2 : 1;
        counters[k]++;
        if (k == 1)
            counters[2] = 0;
        bk__heading_number(k, counters[k], num, sizeof num);
    }
    snprintf(buf, size, "%s%s", num, text);
    return buf;
}

/* ---- geometry ---- */

#define LINE_PITCH (225 * PT_PER_MM / 22) /* GB/T 9704: 22 lines in the 版心 */

int bk__doc_style_mark_lines(const bk_doc_style *s)
{
    if (!s)
        return 0;
    return (s->copies > 0) + (s->secrecy || s->handling) + (s->urgency != NULL);
}

void bk__masthead_geom(const bk_doc_style *s, bk_masthead_geom *g)
{
    memset(g, 0, sizeof *g);
    g->mark_size = 16; /* 3号 */
    g->mark_pitch = LINE_PITCH;
    if (s && s->kind == BK_STYLE_REPORT && !s->name) {
        /* the report look keeps its type area: the marks go in the top
         * margin, small (assemble/masthead.c) */
        g->mark_size = 9;
        g->mark_pitch = 11;
        return;
    }
    double y = bk__doc_style_mark_lines(s) * LINE_PITCH;
    if (!s || !s->name) {
        g->end = y > 0 ? y + LINE_PITCH * 0.5 : 0;
        return;
    }
    if (s->kind == BK_STYLE_GONGWEN) {
        /* 7.2.3: the 发文机关标志's top 35 mm below the 版心's; 发文字号 two
         * lines below it; the red rule 4 mm under that. */
        if (y < 35 * PT_PER_MM)
            y = 35 * PT_PER_MM;
        g->name_size = 36;
        g->name_y = y;
        y += g->name_size * 1.2 + 2 * LINE_PITCH;
        g->issue_size = 16;
        g->issue_y = y;
        y += g->issue_size * 1.5 + 4 * PT_PER_MM;
        g->rule_w = 1.0;
        g->rule_y = y;
        g->end = y + LINE_PITCH;
        return;
    }
    /* 简报: a large red name, the issue line, 编印单位 and date, a heavier
     * red rule, then the body after one line's space. */
    y += 6;
    g->name_size = 42; /* 初号 */
    g->name_y = y;
    y += g->name_size * 1.25 + 8;
    g->issue_size = 16;
    g->issue_y = y;
    y += g->issue_size * 1.5 + 18;
    g->issuer_size = 14; /* 4号 */
    g->issuer_y = y;
    y += g->issuer_size * 1.5 + 5;
    g->rule_w = 2.0;
    g->rule_y = y;
    g->end = y + LINE_PITCH;
}

double bk__doc_style_top_skip(const bk_doc_style *s)
{
    bk_masthead_geom g;
    bk__masthead_geom(s, &g);
    return g.end;
}
