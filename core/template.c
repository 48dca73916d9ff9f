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
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "errors.h"
#include "expand.h"
#include "paths.h"
#include "period.h"
#include "suggest.h"
#include "yaml_load.h"

#define BK_MAX_SECTIONS 200
#define BK_MIN_CONTENT_SHARE 0.30
#define BK_PT_PER_MM (72.0 / 25.4)

typedef struct loader {
    bk_arena *a;
    bk_error *err;
    bk_yaml_limits lim;
    bk_template *t;
    const bk_node *param_decls; /* the template's `params` MAP, or NULL */
    bk_vars vars;
} loader;

static const char *const top_keys[] = {"briefkit", "document", "params", "data", "sections", NULL};
static const char *const doc_keys[] = {
    "title",  "subtitle", "author",         "subject", "keywords", "lang", "page", "margins",
    "header", "footer",   "classification", "cover",   "contents", "date", NULL};
static const char *const page_keys[] = {"size", "orientation", NULL};
static const char *const margin_keys[] = {"top", "right", "bottom", "left", NULL};
static const char *const param_keys[] = {"type", "default", "required", "choices", "help", NULL};
static const char *const param_types[] = {"string", "number", "bool", "enum", NULL};
static const char *const section_keys[] = {"plugin", "id",       "title",   "engine",
                                           "data",   "on_error", "options", NULL};

static int oom(loader *L, const bk_loc *loc)
{
    return bk__error(L->err, BK_ENOMEM, loc, "out of memory while loading the template");
}

/* Refuses keys of `map` not in `allowed`, at the key, with a suggestion. */
static int check_keys(loader *L, const bk_node *map, const char *const *allowed, const char *what)
{
    for (size_t i = 0; i < map->count; i++) {
        const bk_node *key = map->keys[i];
        size_t j = 0;
        while (allowed[j] && strcmp(allowed[j], key->str) != 0)
            j++;
        if (allowed[j])
            continue;
        const char *hint = bk__did_you_mean(key->str, allowed);
        if (hint)
            return bk__error(L->err, BK_EUNKNOWN, &key->loc,
                             "unknown %s key \"%s\" (did you mean \"%s\"?)", what, key->str, hint);
        return bk__error(L->err, BK_EUNKNOWN, &key->loc, "unknown %s key \"%s\"", what, key->str);
    }
    return 0;
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

static int get_bool(loader *L, const bk_node *parent, const char *key, int dflt, int *out)
{
    const bk_node *n = bk__node_get(parent, key);
    *out = dflt;
    if (!n || n->type == BK_NODE_NULL)
        return 0;
    if (bk__node_bool(n, out) != 0)
        return bk__error(L->err, BK_ETYPE, &n->loc, "%s: expected true or false, got %s%s%s", key,
                         n->type == BK_NODE_STRING ? "\"" : "",
                         n->type == BK_NODE_STRING ? n->str : bk__node_kind_name(n),
                         n->type == BK_NODE_STRING ? "\"" : "");
    return 0;
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
    int rc = check_keys(L, decl, param_keys, "param");
    if (!rc)
        rc = get_choice(L, decl, "type", param_types, "string", &p->type);
    if (!rc)
        rc = get_bool(L, decl, "required", 0, &p->required);
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
    L->param_decls = decls_map;
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
            return bk__error(L->err, BK_EINVAL, NULL, "--date %s: expected YYYY-MM-DD", in->date);
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
    const char *lang = bk__node_str(bk__node_get(bk__node_get(L->t->root, "document"), "lang"));
    int rc = bk__period_resolve(in->period, &period, L->err);
    if (!rc)
        rc = bk__period_builtins(L->a, period, lang, b, L->err);
    if (rc)
        return rc;
    L->vars.builtins = b;
    return 0;
}

/* ---- data ---- */

typedef struct key_index {
    const char **keys;
    size_t *index;
    size_t cap; /* power of two */
} key_index;

static size_t str_hash(const char *s)
{
    size_t h = (size_t)14695981039346656037ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= (size_t)1099511628211ULL;
    }
    return h;
}

/* A data entry with `as:` (a file's whole tree under a key of its own).
 * Its name is reserved from the start, loaded or not, so whether two
 * entries clash does not depend on which optional files exist this month. */
typedef struct as_entry {
    const char *name;
    const bk_node *node; /* the `as` value, where a clash is reported */
} as_entry;

typedef struct data_state {
    bk_node *merged;
    key_index idx;
    as_entry *as;
    size_t n_as;
} data_state;

/* Adds the top-level pairs of `file` to `merged`; a key already there gets
 * the new value in its old position. `idx` maps keys to positions, so
 * merging stays linear in the number of keys. */
static int merge_into(loader *L, bk_node *merged, key_index *idx, const bk_node *file)
{
    size_t need = (merged->count + file->count) * 2;
    if (need > idx->cap) {
        size_t cap = 64;
        while (cap < need)
            cap *= 2;
        const char **keys = calloc(cap, sizeof *keys);
        size_t *index = calloc(cap, sizeof *index);
        if (!keys || !index) {
            free(keys);
            free(index);
            return oom(L, NULL);
        }
        for (size_t i = 0; i < merged->count; i++) {
            size_t h = str_hash(merged->keys[i]->str) & (cap - 1);
            while (keys[h])
                h = (h + 1) & (cap - 1);
            keys[h] = merged->keys[i]->str;
            index[h] = i;
        }
        free(idx->keys);
        free(idx->index);
        idx->keys = keys;
        idx->index = index;
        idx->cap = cap;
    }
    for (size_t i = 0; i < file->count; i++) {
        const char *k = file->keys[i]->str;
        size_t h = str_hash(k) & (idx->cap - 1);
        while (idx->keys[h] && strcmp(idx->keys[h], k) != 0)
            h = (h + 1) & (idx->cap - 1);
        if (idx->keys[h]) {
            merged->items[idx->index[h]] = file->items[i];
            continue;
        }
        idx->keys[h] = k;
        idx->index[h] = merged->count;
        if (bk__node_append(L->a, merged, file->keys[i], file->items[i]) != 0)
            return oom(L, NULL);
    }
    return 0;
}

static const as_entry *find_as(const data_state *ds, const char *name)
{
    for (size_t i = 0; i < ds->n_as; i++)
        if (strcmp(ds->as[i].name, name) == 0)
            return &ds->as[i];
    return NULL;
}

static int as_clash(loader *L, const as_entry *e, const bk_node *key)
{
    return bk__error(L->err, BK_EINVAL, &e->node->loc,
                     "as: \"%s\" clashes with the top-level key \"%s\" of %s (line %d); "
                     "pick a name no data file uses",
                     e->name, key->str, key->loc.file ? key->loc.file : "a data file",
                     key->loc.line);
}

static int load_data_file(loader *L, const char *path, data_state *ds)
{
    const bk_node *root;
    int rc = bk__yaml_load_file(L->a, path, &L->lim, &root, L->err);
    if (rc)
        return rc;
    if (root->type != BK_NODE_MAP)
        return bk__error(L->err, BK_EDATA, &root->loc,
                         "a data file must be a map of named values at the top, got %s",
                         bk__node_kind_name(root));
    for (size_t i = 0; i < root->count; i++) {
        const as_entry *e = find_as(ds, root->keys[i]->str);
        if (e)
            return as_clash(L, e, root->keys[i]);
    }
    return merge_into(L, ds->merged, &ds->idx, root);
}

/* A template names its data files, so a template from elsewhere could
 * otherwise read any file the user can ("../../etc/passwd", a symlink out
 * of its folder) and print it in the briefing. The allowed roots are what
 * an operator expects a template to touch:
 *   - the template's own folder;
 *   - briefkit's data folder (the shipped templates read ../samples/data);
 *   - the current folder, where the operator chose to work (not "/", the
 *     default of system services, which would allow everything);
 *   - folders given with --allow-path, and in BRIEFKIT_ALLOW_PATH
 *     (colon-separated, for schedules run from cron or systemd).
 * The check resolves symlinks (realpath); the file is opened right after,
 * so a symlink swapped in between is the remaining gap, which needs write
 * access to an allowed folder anyway. */
static int check_data_path(loader *L, const bk_template_input *in, const bk_node *item,
                           const char *rel, const char *path)
{
    char cwd[PATH_MAX];
    const char *env = getenv("BRIEFKIT_ALLOW_PATH");
    char *env_copy = env ? strdup(env) : NULL;
    size_t n_env = 0;
    for (const char *p = env; p && *p; p++)
        n_env += *p == ':';
    const char **roots = calloc(4 + in->n_allow_paths + n_env, sizeof *roots);
    if (!roots || (env && !env_copy)) {
        free(roots);
        free(env_copy);
        return oom(L, &item->loc);
    }
    size_t n = 0;
    roots[n++] = L->t->dir;
    roots[n++] = bk__paths_data_dir();
    if (getcwd(cwd, sizeof cwd) && strcmp(cwd, "/") != 0)
        roots[n++] = cwd;
    for (size_t i = 0; i < in->n_allow_paths; i++)
        roots[n++] = in->allow_paths[i];
    char *save = NULL;
    for (char *dir = env_copy ? strtok_r(env_copy, ":", &save) : NULL; dir;
         dir = strtok_r(NULL, ":", &save))
        roots[n++] = dir;
    int ok = bk__paths_allowed(path, roots, n);
    free(roots);
    free(env_copy);
    if (ok)
        return 0;
    char dir[PATH_MAX];
    if (!realpath(L->t->dir, dir))
        snprintf(dir, sizeof dir, "%s", L->t->dir);
    return bk__error(L->err, BK_EPATH, &item->loc,
                     "data file \"%s\" is outside the template's folder (%s); pass "
                     "--allow-path DIR (or set BRIEFKIT_ALLOW_PATH) to allow the folder it is in",
                     rel, dir);
}

static const char *const data_entry_keys[] = {"file", "as", "optional", NULL};

/* Reads a `{file: ..., as: ..., optional: ...}` entry; *file_node is the
 * node whose text is the path. */
static int parse_data_entry(loader *L, data_state *ds, const bk_node *item,
                            const bk_node **file_node, const as_entry **as, int *optional)
{
    int rc = check_keys(L, item, data_entry_keys, "data entry");
    if (!rc)
        rc = get_bool(L, item, "optional", 0, optional);
    if (rc)
        return rc;
    const bk_node *file = bk__node_get(item, "file");
    if (!file || file->type == BK_NODE_NULL)
        return bk__error(L->err, BK_EMISSING, &item->loc,
                         "data entry has no \"file\" (the path of the data file to load)");
    if (file->type != BK_NODE_STRING || file->len == 0)
        return bk__error(L->err, BK_ETYPE, &file->loc, "file: expected a file path, got %s",
                         file->type == BK_NODE_STRING ? "empty text" : bk__node_kind_name(file));
    *file_node = file;
    *as = NULL;
    const bk_node *name = bk__node_get(item, "as");
    if (!name || name->type == BK_NODE_NULL)
        return 0;
    if (name->type != BK_NODE_STRING || name->len == 0)
        return bk__error(L->err, BK_ETYPE, &name->loc,
                         "as: expected a name for the file's data (e.g. previous), got %s",
                         name->type == BK_NODE_STRING ? "empty text" : bk__node_kind_name(name));
    /* A dot would make the key unreachable: sections and options address
     * the data by dotted paths. */
    if (strchr(name->str, '.'))
        return bk__error(L->err, BK_EINVAL, &name->loc,
                         "as: expected a name without dots (a top-level key), got \"%s\"",
                         name->str);
    const as_entry *earlier = find_as(ds, name->str);
    if (earlier)
        return bk__error(L->err, BK_EINVAL, &name->loc,
                         "as: \"%s\" is already the name of the data entry at line %d; each "
                         "entry needs a name of its own",
                         name->str, earlier->node->loc.line);
    for (size_t i = 0; i < ds->merged->count; i++)
        if (strcmp(ds->merged->keys[i]->str, name->str) == 0) {
            as_entry tmp = {name->str, name};
            return as_clash(L, &tmp, ds->merged->keys[i]);
        }
    as_entry *grown = bk__arena_alloc(L->a, (ds->n_as + 1) * sizeof *grown);
    if (!grown)
        return oom(L, &name->loc);
    if (ds->n_as)
        memcpy(grown, ds->as, ds->n_as * sizeof *grown);
    grown[ds->n_as] = (as_entry){name->str, name};
    ds->as = grown;
    *as = &ds->as[ds->n_as++];
    return 0;
}

/* Loads `path` whole under the entry's name. */
static int load_as_file(loader *L, const char *path, const as_entry *e, data_state *ds)
{
    const bk_node *root;
    int rc = bk__yaml_load_file(L->a, path, &L->lim, &root, L->err);
    if (rc)
        return rc;
    bk_node *one = bk__node_new(L->a, BK_NODE_MAP, e->node->loc);
    bk_node *key = bk__node_string(L->a, e->name, e->node->loc);
    if (!one || !key || bk__node_append(L->a, one, key, root) != 0)
        return oom(L, &e->node->loc);
    return merge_into(L, ds->merged, &ds->idx, one);
}

/* An optional file counts as missing only when it (or its folder) does not
 * exist: a file that is there but unreadable or malformed is still an error. */
static int is_missing(const char *path)
{
    struct stat sb;
    return stat(path, &sb) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

static int load_data_entry(loader *L, const bk_template_input *in, data_state *ds,
                           const bk_node *item)
{
    const bk_node *file = item;
    const as_entry *as = NULL;
    int optional = 0, rc = 0;
    if (item->type == BK_NODE_MAP)
        rc = parse_data_entry(L, ds, item, &file, &as, &optional);
    else if (item->type != BK_NODE_STRING || item->len == 0)
        rc = bk__error(L->err, BK_ETYPE, &item->loc,
                       "data: expected a file path or a map like {file: PATH, as: NAME}, got %s",
                       item->type == BK_NODE_STRING ? "empty text" : bk__node_kind_name(item));
    if (rc)
        return rc;
    /* Data paths may use params and built-ins, not data still to be loaded. */
    bk_vars early = {L->vars.params, L->vars.builtins, NULL};
    const char *rel;
    rc = bk__expand_string(L->a, file->str, &file->loc, &early, &rel, L->err);
    if (rc)
        return rc;
    const char *path = rel[0] == '/' ? rel : bk__arena_printf(L->a, "%s/%s", L->t->dir, rel);
    if (!path)
        return oom(L, &file->loc);
    rc = check_data_path(L, in, file, rel, path);
    if (rc || (optional && is_missing(path)))
        return rc;
    rc = as ? load_as_file(L, path, as, ds) : load_data_file(L, path, ds);
    /* A file that cannot be opened is the template's mistake: say where it
     * names the file. Errors inside the file keep their own place. */
    if (rc && L->err->line == 0 && strcmp(L->err->file, path) == 0) {
        char why[sizeof L->err->msg];
        snprintf(why, sizeof why, "%s", L->err->msg);
        return bk__error(L->err, rc, &file->loc, "data file \"%s\" (%s): %s", rel, path, why);
    }
    return rc;
}

static int load_data(loader *L, const bk_template_input *in)
{
    bk_loc none = {NULL, 0, 0};
    const bk_node *list = bk__node_get(L->t->root, "data");
    data_state ds = {
        bk__node_new(L->a, BK_NODE_MAP, list ? list->loc : none), {NULL, NULL, 0}, NULL, 0};
    if (!ds.merged)
        return oom(L, NULL);
    if (list && list->type != BK_NODE_NULL && list->type != BK_NODE_LIST)
        return bk__error(L->err, BK_ETYPE, &list->loc, "data: expected a list of files, got %s",
                         bk__node_kind_name(list));
    int rc = 0;
    for (size_t i = 0; i < bk__node_len(list) && !rc; i++)
        rc = load_data_entry(L, in, &ds, list->items[i]);
    for (size_t i = 0; i < in->n_data_files && !rc; i++)
        rc = load_data_file(L, in->data_files[i], &ds);
    free(ds.idx.keys);
    free(ds.idx.index);
    if (rc)
        return rc;
    L->t->data = ds.merged;
    L->vars.data = ds.merged;
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
        rc = check_keys(L, page, page_keys, "page");
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
        rc = check_keys(L, m, margin_keys, "margins");
    if (rc)
        return rc;
    static const double dflt_mm[4] = {25, 20, 25, 20};
    double *out[4] = {&d->margin_top, &d->margin_right, &d->margin_bottom, &d->margin_left};
    for (int i = 0; i < 4; i++) {
        const bk_node *n = bk__node_get(m, margin_keys[i]);
        double mm = dflt_mm[i];
        if (n && n->type != BK_NODE_NULL) {
            if (bk__node_num(n, &mm) != 0)
                return bk__error(L->err, BK_ETYPE, &n->loc,
                                 "margin %s: expected a number of millimetres, got %s%s%s",
                                 margin_keys[i], n->type == BK_NODE_STRING ? "\"" : "",
                                 n->type == BK_NODE_STRING ? n->str : bk__node_kind_name(n),
                                 n->type == BK_NODE_STRING ? "\"" : "");
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

static int load_document(loader *L)
{
    bk_doc_settings *d = &L->t->doc;
    const bk_node *doc;
    int rc = get_map(L, L->t->root, "document", &doc);
    if (!rc && doc)
        rc = check_keys(L, doc, doc_keys, "document");
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
    for (size_t i = 0; i < sizeof texts / sizeof texts[0] && !rc; i++)
        rc = get_text(L, doc, texts[i].key, texts[i].dflt, texts[i].out);
    if (!rc)
        rc = get_choice(L, doc, "lang", langs, "en", &d->lang);
    if (!rc)
        rc = get_bool(L, doc, "cover", 1, &d->cover);
    if (!rc)
        rc = get_bool(L, doc, "contents", 1, &d->contents);
    if (!rc)
        rc = load_page(L, doc, d);
    if (!rc)
        rc = load_margins(L, doc, d);
    return rc;
}

/* ---- sections ---- */

static int load_section(loader *L, const bk_node *sec, size_t n, bk_section_spec *s)
{
    if (sec->type != BK_NODE_MAP)
        return bk__error(L->err, BK_ETYPE, &sec->loc,
                         "section %zu: expected a map with at least \"plugin: NAME\", got %s", n,
                         bk__node_kind_name(sec));
    int rc = check_keys(L, sec, section_keys, "section");
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
    rc = get_text(L, sec, "title", "", &s->title);
    if (!rc)
        rc = get_choice(L, sec, "engine", engines, NULL, &s->engine);
    if (!rc)
        rc = get_choice(L, sec, "on_error", on_errors, "fail", &on_error);
    if (rc)
        return rc;
    s->on_error = strcmp(on_error, "placeholder") == 0 ? BK_ON_ERROR_PLACEHOLDER : BK_ON_ERROR_FAIL;

    const bk_node *dnode = bk__node_get(sec, "data");
    s->data = L->t->data;
    if (dnode && dnode->type != BK_NODE_NULL) {
        const char *path;
        rc = get_text(L, sec, "data", NULL, &path);
        if (rc)
            return rc;
        s->data = bk__node_lookup(L->t->data, path);
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
    int rc = bk__yaml_load_file(L->a, path, &L->lim, &t->root, L->err);
    if (rc)
        return rc;
    if (t->root->type != BK_NODE_MAP)
        return bk__error(L->err, BK_ETYPE, &t->root->loc,
                         "a template must be a map (briefkit: 1, document:, sections: ...), "
                         "got %s",
                         bk__node_kind_name(t->root));
    rc = check_keys(L, t->root, top_keys, "top-level");
    if (rc)
        return rc;
    const bk_node *version = bk__node_get(t->root, "briefkit");
    if (!version)
        return bk__error(L->err, BK_EMISSING, &t->root->loc,
                         "missing \"briefkit: 1\" (the template format version) at the top");
    if (bk__node_type(version) != BK_NODE_STRING || strcmp(version->str, "1") != 0)
        return bk__error(L->err, BK_EINVAL, &version->loc,
                         "briefkit: this is template format %s%s%s; this briefkit reads format 1",
                         version->type == BK_NODE_STRING ? "\"" : "",
                         version->type == BK_NODE_STRING ? version->str
                                                         : bk__node_kind_name(version),
                         version->type == BK_NODE_STRING ? "\"" : "");
    return 0;
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
        rc = load_document(&L);
    if (!rc)
        rc = load_sections(&L);
    if (rc)
        return rc;
    *out = L.t;
    return 0;
}
