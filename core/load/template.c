/* Loading a briefing template (format in template.h).
 *
 * Loading is where a user's mistakes are cheapest to explain, so every
 * check here points at the YAML node at fault and, for names, suggests the
 * closest known one. The order matters: params and built-ins first (they
 * may appear in data file paths), then the data (sections point into it),
 * then document settings and sections, whose strings may use all three.
 * Plugin names and option schemas are not checked here: that needs the
 * plugins, and belongs to the loader and the options module. */
#include "template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "briefing_node.h"
#include "doc_style.h"
#include "errors.h"
#include "expand.h"
#include "key_check.h"
#include "paths.h"
#include "period.h"
#include "suggest.h"
#include "template_data.h"
#include "yaml_field.h"
#include "yaml_file.h"

#define BK_MAX_SECTIONS 200
#define BK_MIN_CONTENT_SHARE 0.30
#define BK_PT_PER_MM (72.0 / 25.4)

static const char *const top_keys[] = {"briefkit", "document", "params", "data", "sections", NULL};
static const char *const doc_keys[] = {
    "title",  "subtitle", "author",         "subject", "keywords", "lang", "page", "margins",
    "header", "footer",   "classification", "cover",   "contents", "date", NULL};
/* The text settings' Chinese forms (a zh briefing reads them), the
 * colours of a rise and a fall, the default section break, and the age
 * past which `validate` calls a figure stale. */
static const char *const doc_zh_keys[] = {
    "title_zh",  "subtitle_zh",       "author_zh", "subject_zh", "keywords_zh",       "header_zh",
    "footer_zh", "classification_zh", "colors",    "break",      "stale_after_years", NULL};
static const char *const color_keys[] = {"rise", "fall", NULL};
static const char *const page_keys[] = {"size", "orientation", NULL};
static const char *const margin_keys[] = {"top", "right", "bottom", "left", NULL};
static const char *const param_keys[] = {"type", "default", "required", "choices", "help", NULL};
static const char *const param_types[] = {"string", "number", "bool", "enum", NULL};
static const char *const section_keys[] = {"plugin", "id",       "title",   "title_zh", "engine",
                                           "data",   "on_error", "options", "break",    NULL};
static const char *const breaks[] = {"page", "auto", NULL};

/* One call of bk__template_load. */
typedef struct loader {
    bk_arena *a;
    bk_error *err;
    bk_yaml_limits lim;
    bk_yaml_cache *yaml; /* the input's parsed-file cache, or NULL */
    bk_template *t;
    bk_vars vars;
    const char *lang;           /* the input's --lang, or NULL */
    bk_node *briefing_sections; /* the data's briefing.sections, filled as sections load */
} loader;

static int oom(loader *L, const bk_loc *loc)
{
    return bk__error(L->err, BK_ENOMEM, loc, "out of memory while loading the template");
}

/* `what` must be a map or absent (null); *out is NULL when absent. */
static int get_map(loader *L, const bk_node *parent, const char *key, const bk_node **out)
{
    const bk_node *n = bk__node_get(parent, key);
    *out = NULL;
    if (!n || n->type == BK_NODE_NULL)
        return 0;
    if (n->type != BK_NODE_MAP)
        return bk__error(L->err, BK_ETYPE, &n->loc, "%s: expected a map, got %s", key,
                         bk__node_kind_name(n));
    *out = n;
    return 0;
}

/* A text setting, expanded; `dflt` when absent or null. */
static int get_text(loader *L, const bk_node *parent, const char *key, const char *dflt,
                    const char **out)
{
    const bk_node *n = bk__node_get(parent, key);
    *out = dflt;
    if (!n || n->type == BK_NODE_NULL)
        return 0;
    if (n->type != BK_NODE_STRING)
        return bk__error(L->err, BK_ETYPE, &n->loc, "%s: expected text, got %s", key,
                         bk__node_kind_name(n));
    return bk__expand_string(L->a, n->str, &n->loc, &L->vars, out, L->err);
}

/* A whole number in [lo, hi] (text that expands to one counts); `dflt`
 * when absent or null. */
static int get_whole(loader *L, const bk_node *parent, const char *key, int lo, int hi, int dflt,
                     int *out)
{
    const char *s;
    *out = dflt;
    int rc = get_text(L, parent, key, NULL, &s);
    if (rc || !s)
        return rc;
    return bk__field_whole(bk__node_get(parent, key), key, s, lo, hi, out, L->err);
}

/* "#rrggbb": what theme.c reads a colour setting as. */
static int is_hex_color(const char *s)
{
    if (strlen(s) != 7 || s[0] != '#')
        return 0;
    for (int i = 1; i < 7; i++)
        if (!strchr("0123456789abcdefABCDEF", s[i]))
            return 0;
    return 1;
}

/* The key a text setting is read from: `key_zh` in a Chinese document when
 * the template has it (the data's convention, bilingual.h), else `key`. */
static const char *text_key(loader *L, const bk_node *parent, const char *key, const char *lang)
{
    if (!lang || strcmp(lang, "zh") != 0)
        return key;
    const char *zh = bk__arena_printf(L->a, "%s_zh", key);
    return zh && bk__node_get(parent, zh) ? zh : key;
}

/* A text setting that must be one of `choices` (compared exactly). */
static int get_choice(loader *L, const bk_node *parent, const char *key, const char *const *choices,
                      const char *dflt, const char **out)
{
    int rc = get_text(L, parent, key, dflt, out);
    if (rc || !*out)
        return rc;
    for (size_t i = 0; choices[i]; i++)
        if (strcmp(*out, choices[i]) == 0) {
            *out = choices[i];
            return 0;
        }
    const bk_node *n = bk__node_get(parent, key);
    char list[256] = "";
    for (size_t i = 0; choices[i]; i++) {
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s",
                 i == 0           ? ""
                 : choices[i + 1] ? ", "
                                  : " or ",
                 choices[i]);
    }
    return bk__error(L->err, BK_EINVAL, &n->loc, "%s: expected %s, got \"%s\"", key, list, *out);
}

/* ---- params ---- */

static int in_choices(const bk_node *choices, const char *value)
{
    for (size_t i = 0; i < bk__node_len(choices); i++) {
        const char *c = bk__node_str(bk__node_at(choices, i));
        if (c && strcmp(c, value) == 0)
            return 1;
    }
    return 0;
}

/* Why `value` does not fit the param, into buf; 0 when it fits. */
static int param_misfit(loader *L, const char *type, const bk_node *choices, const char *value,
                        char *buf, size_t size)
{
    bk_node tmp = {.type = BK_NODE_STRING, .str = value, .len = strlen(value)};
    (void)L;
    if (strcmp(type, "number") == 0 && bk__node_num(&tmp, NULL) != 0) {
        snprintf(buf, size, "expected a number, got \"%s\"", value);
        return 1;
    }
    if (strcmp(type, "bool") == 0 && bk__node_bool(&tmp, NULL) != 0) {
        snprintf(buf, size, "expected true or false, got \"%s\"", value);
        return 1;
    }
    if (choices && !in_choices(choices, value)) {
        size_t n = (size_t)snprintf(buf, size, "expected one of ");
        for (size_t i = 0; i < bk__node_len(choices) && n < size; i++)
            n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "",
                                  bk__node_str(bk__node_at(choices, i)));
        if (n < size)
            snprintf(buf + n, size - n, "; got \"%s\"", value);
        return 1;
    }
    return 0;
}

typedef struct param_decl {
    const bk_node *key, *decl;
    const char *type;
    const bk_node *choices, *dflt;
    int required;
    const char *set; /* from --set, or NULL */
} param_decl;

static int parse_param_decl(loader *L, const bk_node *key, const bk_node *decl, param_decl *p)
{
    memset(p, 0, sizeof *p);
    p->key = key;
    p->decl = decl;
    p->type = "string";
    if (decl->type == BK_NODE_NULL)
        return 0;
    if (decl->type != BK_NODE_MAP)
        return bk__error(L->err, BK_ETYPE, &decl->loc,
                         "param \"%s\": expected a map like {type: string, default: ...}, got %s",
                         key->str, bk__node_kind_name(decl));
    char what[160];
    snprintf(what, sizeof what, "param \"%s\"", key->str);
    int rc = bk__key_check(decl, param_keys, what, "key", L->err);
    if (!rc)
        rc = get_choice(L, decl, "type", param_types, "string", &p->type);
    if (!rc)
        rc = bk__field_bool(decl, "required", 0, &p->required, L->err);
    if (rc)
        return rc;
    const bk_node *choices = bk__node_get(decl, "choices");
    if (choices && choices->type != BK_NODE_NULL) {
        if (choices->type != BK_NODE_LIST || choices->count == 0)
            return bk__error(L->err, BK_ETYPE, &choices->loc,
                             "choices: expected a non-empty list, got %s",
                             bk__node_kind_name(choices));
        for (size_t i = 0; i < choices->count; i++)
            if (bk__node_type(choices->items[i]) != BK_NODE_STRING)
                return bk__error(L->err, BK_ETYPE, &choices->items[i]->loc,
                                 "choices: expected text, got %s",
                                 bk__node_kind_name(choices->items[i]));
        p->choices = choices;
    } else if (strcmp(p->type, "enum") == 0) {
        return bk__error(L->err, BK_EMISSING, &decl->loc,
                         "param \"%s\" is an enum but has no \"choices\"", key->str);
    }
    const bk_node *dflt = bk__node_get(decl, "default");
    if (dflt && dflt->type != BK_NODE_NULL) {
        if (dflt->type != BK_NODE_STRING)
            return bk__error(L->err, BK_ETYPE, &dflt->loc, "default: expected text, got %s",
                             bk__node_kind_name(dflt));
        char why[512];
        if (param_misfit(L, p->type, p->choices, dflt->str, why, sizeof why))
            return bk__error(L->err, BK_EINVAL, &dflt->loc, "default of \"%s\": %s", key->str, why);
        p->dflt = dflt;
    }
    return 0;
}

static int apply_set(loader *L, param_decl *decls, size_t n, const char *set)
{
    const char *eq = strchr(set, '=');
    if (!eq || eq == set)
        return bk__error(L->err, BK_EINVAL, NULL, "--set %s: expected name=value", set);
    size_t nlen = (size_t)(eq - set);
    for (size_t i = 0; i < n; i++) {
        if (decls[i].key->len != nlen || memcmp(decls[i].key->str, set, nlen) != 0)
            continue;
        char why[512];
        if (param_misfit(L, decls[i].type, decls[i].choices, eq + 1, why, sizeof why))
            return bk__error(L->err, BK_EINVAL, NULL, "--set %s: %s", set, why);
        decls[i].set = eq + 1;
        return 0;
    }
    char name[128];
    snprintf(name, sizeof name, "%.*s", (int)(nlen < 127 ? nlen : 127), set);
    const char **names = calloc(n + 1, sizeof *names);
    if (!names)
        return oom(L, NULL);
    for (size_t i = 0; i < n; i++)
        names[i] = decls[i].key->str;
    const char *hint = bk__did_you_mean(name, names);
    int rc;
    if (hint)
        rc = bk__error(L->err, BK_EUNKNOWN, NULL,
                       "--set %s: the template has no param \"%s\" (did you mean \"%s\"?)", set,
                       name, hint);
    else if (n)
        rc = bk__error(L->err, BK_EUNKNOWN, NULL, "--set %s: the template has no param \"%s\"", set,
                       name);
    else
        rc = bk__error(L->err, BK_EUNKNOWN, NULL, "--set %s: the template declares no params", set);
    free(names);
    return rc;
}

static int load_params(loader *L, const bk_template_input *in)
{
    const bk_node *decls_map;
    int rc = get_map(L, L->t->root, "params", &decls_map);
    if (rc)
        return rc;
    size_t n = bk__node_len(decls_map);
    param_decl *decls = calloc(n ? n : 1, sizeof *decls);
    if (!decls)
        return oom(L, NULL);
    for (size_t i = 0; i < n && !rc; i++)
        rc = parse_param_decl(L, decls_map->keys[i], decls_map->items[i], &decls[i]);
    for (size_t i = 0; i < in->n_sets && !rc; i++)
        rc = apply_set(L, decls, n, in->sets[i]);

    bk_loc none = {NULL, 0, 0};
    bk_node *params = bk__node_new(L->a, BK_NODE_MAP, decls_map ? decls_map->loc : none);
    if (!params && !rc)
        rc = oom(L, NULL);
    for (size_t i = 0; i < n && !rc; i++) {
        const param_decl *p = &decls[i];
        bk_node *v;
        if (p->set) {
            v = bk__node_string(L->a, p->set, none);
        } else if (p->dflt) {
            v = bk__node_string(L->a, p->dflt->str, p->dflt->loc);
        } else if (p->required) {
            rc = bk__error(L->err, BK_EMISSING, &p->key->loc,
                           "param \"%s\" is required: give it with --set %s=VALUE", p->key->str,
                           p->key->str);
            break;
        } else {
            v = bk__node_string(L->a, "", p->key->loc);
        }
        if (!v || bk__node_append(L->a, params, p->key, v) != 0)
            rc = oom(L, NULL);
    }
    free(decls);
    if (rc)
        return rc;
    L->t->params = params;
    L->vars.params = params;
    return 0;
}

/* ---- built-ins ---- */

static int valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* today's UTC date, or SOURCE_DATE_EPOCH's, so that builds are reproducible */
static int today(loader *L, char out[11])
{
    time_t now = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (*end || errno || v < 0 || sde[0] < '0' || sde[0] > '9')
            return bk__error(L->err, BK_EINVAL, NULL,
                             "SOURCE_DATE_EPOCH=%s: expected seconds since 1970-01-01", sde);
        now = (time_t)v;
    }
    struct tm tm;
    if (!gmtime_r(&now, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
        return bk__error(L->err, BK_EINVAL, NULL, "cannot express the date as YYYY-MM-DD");
    return 0;
}

static int load_builtins(loader *L, const bk_template_input *in)
{
    char date[11];
    if (in->date) {
        if (!valid_date(in->date))
            return bk__error(L->err, BK_EINVAL, NULL,
                             "the date for {{ date }} and the cover is \"%s\"; expected YYYY-MM-DD",
                             in->date);
        memcpy(date, in->date, sizeof date);
    } else {
        int rc = today(L, date);
        if (rc)
            return rc;
    }
    bk_loc none = {NULL, 0, 0};
    char year[5], month[3];
    memcpy(year, date, 4);
    year[4] = '\0';
    memcpy(month, date + 5, 2);
    month[2] = '\0';
    const char *names[] = {"date", "year", "month"};
    const char *values[] = {date, year, month};
    bk_node *b = bk__node_new(L->a, BK_NODE_MAP, none);
    if (!b)
        return oom(L, NULL);
    for (int i = 0; i < 3; i++) {
        bk_node *k = bk__node_string(L->a, names[i], none);
        bk_node *v = bk__node_string(L->a, values[i], none);
        if (!k || !v || bk__node_append(L->a, b, k, v) != 0)
            return oom(L, NULL);
    }
    /* The period's label follows the document's language, read raw here
     * because the document is expanded later, with these built-ins. */
    bk_period period;
    const char *lang =
        in->lang ? in->lang
                 : bk__node_str(bk__node_get(bk__node_get(L->t->root, "document"), "lang"));
    int rc = bk__period_resolve(in->period, &period, L->err);
    if (!rc)
        rc = bk__period_builtins(L->a, period, lang, b, L->err);
    if (rc)
        return rc;
    /* Flat keys, like period's: `{{ briefkit.datadir }}` lets a template
     * name the installed samples wherever briefkit was installed. */
    const char *own[][2] = {{"briefkit.datadir", bk__paths_data_dir()},
                            {"briefkit.version", BK_VERSION_STRING}};
    for (int i = 0; i < 2; i++) {
        bk_node *k = bk__node_string(L->a, own[i][0], none);
        bk_node *v = bk__node_string(L->a, own[i][1] ? own[i][1] : "", none);
        if (!k || !v || bk__node_append(L->a, b, k, v) != 0)
            return oom(L, NULL);
    }
    L->vars.builtins = b;
    return 0;
}

/* ---- data ---- */

static int load_data(loader *L, const bk_template_input *in)
{
    bk_data_sources src = {
        .entries = bk__node_get(L->t->root, "data"),
        .dir = L->t->dir,
        .vars = L->vars,
        .extra_files = in->data_files,
        .n_extra_files = in->n_data_files,
        .allow_paths = in->allow_paths,
        .n_allow_paths = in->n_allow_paths,
        .yaml = L->yaml,
        .on_file = in->on_file,
        .on_file_ctx = in->on_file_ctx,
    };
    bk_node *data;
    int rc = bk__template_data_load(L->a, &src, &L->lim, &data, L->err);
    if (!rc)
        rc = bk__briefing_view(L->a, data, &L->t->section_data, &L->briefing_sections, L->err);
    if (rc)
        return rc;
    L->t->data = data;
    L->vars.data = data;
    return 0;
}

/* ---- document ---- */

typedef struct page_size {
    const char *name;
    double w, h; /* points, portrait */
} page_size;

static const page_size page_sizes[] = {
    {"A4", 595.276, 841.89},
    {"A5", 419.528, 595.276},
    {"Letter", 612, 792},
    {"Legal", 612, 1008},
};

static int load_page(loader *L, const bk_node *doc, bk_doc_settings *d)
{
    const bk_node *page;
    int rc = get_map(L, doc, "page", &page);
    if (!rc && page)
        rc = bk__key_check(page, page_keys, "page", "key", L->err);
    const char *size = "A4", *orient = "portrait";
    if (!rc)
        rc = get_text(L, page, "size", "A4", &size);
    if (!rc) {
        static const char *const orients[] = {"portrait", "landscape", NULL};
        rc = get_choice(L, page, "orientation", orients, "portrait", &orient);
    }
    if (rc)
        return rc;
    const page_size *ps = NULL;
    for (size_t i = 0; i < sizeof page_sizes / sizeof page_sizes[0]; i++)
        if (strcasecmp(size, page_sizes[i].name) == 0)
            ps = &page_sizes[i];
    if (!ps) {
        const bk_node *n = bk__node_get(page, "size");
        return bk__error(L->err, BK_EINVAL, &n->loc,
                         "unknown page size \"%s\" (expected A4, A5, Letter or Legal)", size);
    }
    int landscape = strcmp(orient, "landscape") == 0;
    d->page_w = landscape ? ps->h : ps->w;
    d->page_h = landscape ? ps->w : ps->h;
    return 0;
}

static int load_margins(loader *L, const bk_node *doc, bk_doc_settings *d)
{
    const bk_node *m;
    int rc = get_map(L, doc, "margins", &m);
    if (!rc && m)
        rc = bk__key_check(m, margin_keys, "margins", "key", L->err);
    if (rc)
        return rc;
    static const double dflt_mm[4] = {25, 20, 25, 20};
    double *out[4] = {&d->margin_top, &d->margin_right, &d->margin_bottom, &d->margin_left};
    for (int i = 0; i < 4; i++) {
        const bk_node *n = bk__node_get(m, margin_keys[i]);
        double mm = dflt_mm[i];
        if (n && n->type != BK_NODE_NULL) {
            if (bk__node_num(n, &mm) != 0) {
                char got[96];
                bk__field_describe(n, got, sizeof got);
                return bk__error(L->err, BK_ETYPE, &n->loc,
                                 "margin %s: expected a number of millimetres, got %s",
                                 margin_keys[i], got);
            }
            if (mm < 0)
                return bk__error(L->err, BK_EINVAL, &n->loc,
                                 "margin %s: expected 0 mm or more, got %s", margin_keys[i],
                                 n->str);
        }
        *out[i] = mm * BK_PT_PER_MM;
    }
    /* the defaults always fit, so a bad box comes from an explicit margins map */
    const bk_loc *loc = m ? &m->loc : NULL;
    double cw = d->page_w - d->margin_left - d->margin_right;
    double ch = d->page_h - d->margin_top - d->margin_bottom;
    if (cw < BK_MIN_CONTENT_SHARE * d->page_w)
        return bk__error(L->err, BK_EINVAL, loc,
                         "margins: left and right leave %.0f mm of the %.0f mm page width; "
                         "at least 30%% must remain for content",
                         cw > 0 ? cw / BK_PT_PER_MM : 0.0, d->page_w / BK_PT_PER_MM);
    if (ch < BK_MIN_CONTENT_SHARE * d->page_h)
        return bk__error(L->err, BK_EINVAL, loc,
                         "margins: top and bottom leave %.0f mm of the %.0f mm page height; "
                         "at least 30%% must remain for content",
                         ch > 0 ? ch / BK_PT_PER_MM : 0.0, d->page_h / BK_PT_PER_MM);
    return 0;
}

/* The document's own keys and the style's (doc_style.c), checked as one list. */
static int check_doc_keys(loader *L, const bk_node *doc)
{
    const char *
        all[sizeof doc_keys / sizeof doc_keys[0] + sizeof doc_zh_keys / sizeof doc_zh_keys[0] + 16];
    size_t n = 0;
    for (size_t i = 0; doc_keys[i]; i++)
        all[n++] = doc_keys[i];
    for (size_t i = 0; doc_zh_keys[i]; i++)
        all[n++] = doc_zh_keys[i];
    for (size_t i = 0; bk__doc_style_keys[i] && n + 1 < sizeof all / sizeof all[0]; i++)
        all[n++] = bk__doc_style_keys[i];
    all[n] = NULL;
    return bk__key_check(doc, all, "document", "key", L->err);
}

static int load_document(loader *L, const bk_template_input *in)
{
    bk_doc_settings *d = &L->t->doc;
    const bk_node *doc;
    int rc = get_map(L, L->t->root, "document", &doc);
    if (!rc && doc)
        rc = check_doc_keys(L, doc);
    if (rc)
        return rc;
    static const char *const langs[] = {"en", "zh", NULL};
    struct {
        const char *key;
        const char **out;
        const char *dflt;
    } texts[] = {
        {"title", &d->title, ""},
        {"subtitle", &d->subtitle, ""},
        {"author", &d->author, ""},
        {"subject", &d->subject, ""},
        {"keywords", &d->keywords, ""},
        {"header", &d->header, NULL},
        {"footer", &d->footer, NULL},
        {"classification", &d->classification, NULL},
        {"date", &d->date, bk__node_str(bk__node_get(L->vars.builtins, "date"))},
    };
    rc = get_choice(L, doc, "lang", langs, "en", &d->lang);
    if (!rc && L->lang) {
        size_t i = 0;
        while (langs[i] && strcmp(langs[i], L->lang) != 0)
            i++;
        if (!langs[i])
            return bk__error(L->err, BK_EINVAL, NULL, "--lang: expected en or zh, got \"%s\"",
                             L->lang);
        d->lang = langs[i];
    }
    for (size_t i = 0; i < sizeof texts / sizeof texts[0] && !rc; i++)
        rc = get_text(L, doc, text_key(L, doc, texts[i].key, d->lang), texts[i].dflt, texts[i].out);
    if (!rc)
        rc = bk__field_bool(doc, "cover", 1, &d->cover, L->err);
    if (!rc)
        rc = bk__field_bool(doc, "contents", 1, &d->contents, L->err);
    const char *brk = NULL;
    if (!rc)
        rc = get_choice(L, doc, "break", breaks, NULL, &brk);
    if (!rc)
        d->break_auto = brk && strcmp(brk, "auto") == 0;
    if (!rc)
        rc = get_whole(L, doc, "stale_after_years", 0, BK_STALE_YEARS_MAX, BK_STALE_YEARS_DEFAULT,
                       &d->stale_after_years);
    const bk_node *colors = NULL;
    if (!rc)
        rc = get_map(L, doc, "colors", &colors);
    if (!rc && colors)
        rc = bk__key_check(colors, color_keys, "colors", "key", L->err);
    if (!rc && colors)
        rc = get_text(L, colors, "rise", NULL, &d->rise_color);
    if (!rc && colors)
        rc = get_text(L, colors, "fall", NULL, &d->fall_color);
    for (int i = 0; i < 2 && !rc && colors; i++) {
        const char *c = i ? d->fall_color : d->rise_color;
        if (c && !is_hex_color(c))
            rc = bk__error(L->err, BK_EINVAL, &bk__node_get(colors, i ? "fall" : "rise")->loc,
                           "colors.%s: expected a colour \"#rrggbb\", got \"%s\"",
                           i ? "fall" : "rise", c);
    }
    if (!rc)
        rc = load_page(L, doc, d);
    if (!rc)
        rc = load_margins(L, doc, d);
    bk_style_doc sd = {d->title, d->author, d->date, d->classification};
    if (!rc)
        rc = bk__doc_style_load(L->a, doc, &L->vars,
                                bk__node_str(bk__node_get(L->vars.builtins, "period")), L->t->dir,
                                &in->style, &sd, &d->style, L->err);
    /* The 简报 and 公文 styles' page, where the template leaves it open. */
    if (!rc && d->style && d->style->kind != BK_STYLE_REPORT) {
        if (!bk__node_get(doc, "margins"))
            bk__doc_style_margins(d->page_w, d->page_h, &d->margin_top, &d->margin_right,
                                  &d->margin_bottom, &d->margin_left);
        if (!bk__node_get(doc, "cover"))
            d->cover = 0;
        if (!bk__node_get(doc, "contents"))
            d->contents = 0;
        /* A 简报 or 公文 runs on from one part to the next, as printed. */
        if (!brk)
            d->break_auto = 1;
    }
    return rc;
}

/* ---- sections ---- */

static int load_section(loader *L, const bk_node *sec, size_t n, bk_section_spec *s)
{
    if (sec->type != BK_NODE_MAP)
        return bk__error(L->err, BK_ETYPE, &sec->loc,
                         "section %zu: expected a map with at least \"plugin: NAME\", got %s", n,
                         bk__node_kind_name(sec));
    char what[32];
    snprintf(what, sizeof what, "section %zu", n);
    int rc = bk__key_check(sec, section_keys, what, "key", L->err);
    if (rc)
        return rc;
    s->node = sec;
    const bk_node *plugin = bk__node_get(sec, "plugin");
    if (!plugin || plugin->type == BK_NODE_NULL)
        return bk__error(L->err, BK_EMISSING, &sec->loc,
                         "section %zu has no \"plugin\" (the name of the plugin that draws it)", n);
    if (plugin->type != BK_NODE_STRING || plugin->len == 0)
        return bk__error(L->err, BK_ETYPE, &plugin->loc, "plugin: expected a plugin name, got %s",
                         plugin->type == BK_NODE_STRING ? "empty text"
                                                        : bk__node_kind_name(plugin));
    s->plugin = plugin->str;

    const bk_node *id = bk__node_get(sec, "id");
    if (id && id->type != BK_NODE_NULL) {
        if (id->type != BK_NODE_STRING || id->len == 0)
            return bk__error(L->err, BK_ETYPE, &id->loc, "id: expected a name, got %s",
                             id->type == BK_NODE_STRING ? "empty text" : bk__node_kind_name(id));
        s->id = id->str;
    } else {
        s->id = bk__arena_printf(L->a, "%s-%zu", s->plugin, n);
        if (!s->id)
            return oom(L, &sec->loc);
    }

    static const char *const engines[] = {"haru", "cairo", NULL};
    static const char *const on_errors[] = {"fail", "placeholder", NULL};
    const char *on_error;
    rc = get_text(L, sec, text_key(L, sec, "title", L->t->doc.lang), "", &s->title);
    if (!rc)
        rc = get_choice(L, sec, "engine", engines, NULL, &s->engine);
    if (!rc)
        rc = get_choice(L, sec, "on_error", on_errors, "fail", &on_error);
    const char *brk = NULL;
    if (!rc)
        rc = get_choice(L, sec, "break", breaks, NULL, &brk);
    s->break_auto = brk ? strcmp(brk, "auto") == 0 : L->t->doc.break_auto;
    if (rc)
        return rc;
    s->on_error = strcmp(on_error, "placeholder") == 0 ? BK_ON_ERROR_PLACEHOLDER : BK_ON_ERROR_FAIL;

    const bk_node *dnode = bk__node_get(sec, "data");
    s->data = L->t->section_data;
    if (dnode && dnode->type != BK_NODE_NULL) {
        const char *path;
        rc = get_text(L, sec, "data", NULL, &path);
        if (rc)
            return rc;
        s->data = bk__node_lookup(L->t->section_data, path);
        if (!s->data) {
            char head[128];
            snprintf(head, sizeof head, "%.*s", (int)strcspn(path, "."), path);
            const char **names = calloc(L->t->data->count + 1, sizeof *names);
            if (!names)
                return oom(L, &dnode->loc);
            for (size_t i = 0; i < L->t->data->count; i++)
                names[i] = L->t->data->keys[i]->str;
            const char *hint =
                bk__node_get(L->t->data, head) ? NULL : bk__did_you_mean(head, names);
            if (hint)
                rc = bk__error(L->err, BK_EUNKNOWN, &dnode->loc,
                               "data: no \"%s\" in the data (did you mean \"%s\"?)", path, hint);
            else
                rc = bk__error(L->err, BK_EUNKNOWN, &dnode->loc, "data: no \"%s\" in the data",
                               path);
            free(names);
            return rc;
        }
    }

    const bk_node *options;
    rc = get_map(L, sec, "options", &options);
    if (!rc && options)
        rc = bk__expand_tree(L->a, options, &L->vars, &s->options, L->err);
    return rc;
}

static int load_sections(loader *L)
{
    const bk_node *list = bk__node_get(L->t->root, "sections");
    if (!list || list->type == BK_NODE_NULL)
        return bk__error(L->err, BK_EMISSING, &L->t->root->loc,
                         "the template has no \"sections\" (a list of what the briefing holds)");
    if (list->type != BK_NODE_LIST || list->count == 0)
        return bk__error(L->err, BK_ETYPE, &list->loc,
                         "sections: expected a non-empty list, got %s",
                         list->type == BK_NODE_LIST ? "an empty list" : bk__node_kind_name(list));
    if (list->count > BK_MAX_SECTIONS)
        return bk__error(L->err, BK_ELIMIT, &list->loc,
                         "sections: %zu sections, more than the limit of %d", list->count,
                         BK_MAX_SECTIONS);
    bk_section_spec *specs = bk__arena_alloc(L->a, list->count * sizeof *specs);
    if (!specs)
        return oom(L, &list->loc);
    for (size_t i = 0; i < list->count; i++) {
        int rc = load_section(L, list->items[i], i + 1, &specs[i]);
        if (!rc)
            rc = bk__briefing_add_section(L->a, L->briefing_sections, list->items[i], specs[i].id,
                                          specs[i].plugin, &L->vars, L->err);
        if (rc)
            return rc;
        for (size_t j = 0; j < i; j++) {
            if (strcmp(specs[j].id, specs[i].id) != 0)
                continue;
            const bk_node *at = bk__node_get(list->items[i], "id");
            if (!at)
                at = list->items[i];
            return bk__error(L->err, BK_EINVAL, &at->loc,
                             "duplicate section id \"%s\" (first at line %d)", specs[i].id,
                             specs[j].node->loc.line);
        }
    }
    L->t->sections = specs;
    L->t->n_sections = list->count;
    return 0;
}

/* ---- the whole ---- */

static int load_root(loader *L, const char *path)
{
    bk_template *t = L->t;
    t->path = bk__arena_strdup(L->a, path);
    const char *slash = strrchr(path, '/');
    if (!slash)
        t->dir = ".";
    else if (slash == path)
        t->dir = "/";
    else
        t->dir = bk__arena_strndup(L->a, path, (size_t)(slash - path));
    if (!t->path || !t->dir)
        return oom(L, NULL);
    int rc = bk__yaml_cache_load(L->yaml, L->a, path, &L->lim, &t->root, L->err);
    if (rc)
        return rc;
    if (t->root->type != BK_NODE_MAP)
        return bk__error(L->err, BK_ETYPE, &t->root->loc,
                         "a template must be a map (briefkit: 1, document:, sections: ...), "
                         "got %s",
                         bk__node_kind_name(t->root));
    rc = bk__key_check(t->root, top_keys, "top level", "key", L->err);
    if (rc)
        return rc;
    const bk_node *version = bk__node_get(t->root, "briefkit");
    if (!version)
        return bk__error(L->err, BK_EMISSING, &t->root->loc,
                         "missing \"briefkit: 1\" (the template format version) at the top");
    if (bk__node_type(version) == BK_NODE_STRING && strcmp(version->str, "1") == 0)
        return 0;
    char got[96];
    bk__field_describe(version, got, sizeof got);
    return bk__error(L->err, BK_EINVAL, &version->loc,
                     "briefkit: this is template format %s; this briefkit reads format 1", got);
}

/* The style learns the sections and numbers their titles (doc_style.h). */
static int style_sections(loader *L)
{
    bk_template *t = L->t;
    if (!t->doc.style || t->n_sections == 0)
        return 0;
    const bk_node **nodes = bk__arena_alloc(L->a, t->n_sections * sizeof *nodes);
    const char **titles = bk__arena_alloc(L->a, t->n_sections * sizeof *titles);
    if (!nodes || !titles)
        return oom(L, NULL);
    for (size_t i = 0; i < t->n_sections; i++) {
        nodes[i] = t->sections[i].node;
        titles[i] = t->sections[i].title;
    }
    int rc = bk__doc_style_sections(L->a, t->doc.style, nodes, titles, t->n_sections, L->err);
    for (size_t i = 0; i < t->n_sections && !rc; i++)
        t->sections[i].title = titles[i];
    return rc;
}

int bk__template_load(bk_arena *a, const bk_template_input *in, bk_template **out, bk_error *err)
{
    if (!a || !in || !in->path || !out)
        return bk__error(err, BK_EINVAL, NULL, "bk__template_load: missing argument");
    *out = NULL;
    loader L;
    memset(&L, 0, sizeof L);
    L.a = a;
    L.err = err;
    bk__yaml_limits_default(&L.lim);
    L.yaml = in->yaml;
    L.lang = in->lang;
    L.t = bk__arena_alloc(a, sizeof *L.t);
    if (!L.t)
        return oom(&L, NULL);
    int rc = load_root(&L, in->path);
    if (!rc)
        rc = load_params(&L, in);
    if (!rc)
        rc = load_builtins(&L, in);
    if (!rc)
        rc = load_data(&L, in);
    if (!rc)
        rc = load_document(&L, in);
    if (!rc)
        rc = load_sections(&L);
    if (!rc)
        rc = style_sections(&L);
    if (rc)
        return rc;
    *out = L.t;
    return 0;
}
