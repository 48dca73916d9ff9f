/* Schedules: what a batch renders, expanded into a flat, ordered list of
 * concrete jobs before anything runs.
 *
 * Expanding first (rather than while running) is what makes sharding work:
 * every shard of a Kubernetes Indexed Job or a Slurm array loads the same
 * schedule, gets the same list in the same order, and takes the indices
 * that are its own, with no coordination between them. It also means every
 * mistake in the schedule (a missing field, a list that is not a list, two
 * jobs writing one file) is reported with its location before the first
 * briefing is drawn, not an hour into an unattended run. */
#include "schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "errors.h"
#include "expand.h"
#include "key_check.h"
#include "period.h"
#include "yaml_file.h"

static const char *resolve_path(bk_arena *a, const char *dir, const char *p)
{
    if (p[0] == '/' || !dir || !*dir || strcmp(dir, ".") == 0)
        return bk__arena_strdup(a, p);
    return bk__arena_printf(a, "%s/%s", dir, p);
}

static const char *dir_of(bk_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    return bk__arena_strndup(a, path, (size_t)(slash - path));
}

/* A required string field of `map`. */
static int need_string(const bk_node *map, const char *key, const char *what, const char **out,
                       bk_error *err)
{
    const bk_node *v = bk__node_get(map, key);
    if (!v)
        return bk__error(err, BK_EMISSING, &map->loc, "%s has no \"%s\"", what, key);
    if (bk__node_type(v) != BK_NODE_STRING || !v->len)
        return bk__error(err, BK_ETYPE, &v->loc, "%s: \"%s\" should be text, got %s", what, key,
                         bk__node_kind_name(v));
    *out = v->str;
    return 0;
}

/* Why `v` cannot be one file or folder name, or NULL when it can. */
static const char *unsafe_name(const char *v)
{
    if (!*v)
        return "it is empty";
    if (strcmp(v, ".") == 0 || strcmp(v, "..") == 0)
        return "it names a folder (\".\" or \"..\")";
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p == '/')
            return "it holds \"/\"";
        if (*p < 0x20 || *p == 0x7f)
            return "it holds a control character";
    }
    return NULL;
}

/* `s` with its control characters written out (bk__escape_controls), for
 * names that reach a terminal or a log line. */
static const char *printable(bk_arena *a, const char *s)
{
    size_t size = 4 * strlen(s) + 1;
    char *out = bk__arena_alloc(a, size);
    if (out)
        bk__escape_controls(s, out, size);
    return out;
}

/* The length of the folder an output pattern writes into: its fixed part
 * before the first {{, up to and with its last '/' (0: the schedule's
 * folder itself). */
static size_t output_root_len(const char *pattern)
{
    const char *open = strstr(pattern, "{{");
    size_t fixed = open ? (size_t)(open - pattern) : strlen(pattern);
    while (fixed > 0 && pattern[fixed - 1] != '/')
        fixed--;
    return fixed;
}

/* Why the expanded output `out` of `pattern` leaves the pattern's output
 * folder, or NULL when it stays in it: past the folder, `out` must have as
 * many path steps as the pattern, each a plain name. */
static const char *output_escapes(const char *pattern, const char *out)
{
    /* Anywhere in it, the folder part written in the schedule too: a file
     * name must not split a log line. */
    for (const unsigned char *p = (const unsigned char *)out; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return "it holds a control character";
    size_t root = output_root_len(pattern);
    if (strncmp(pattern, out, root) != 0)
        return "its folder changed";
    size_t want = 1, depth = 0;
    for (const char *p = pattern + root; *p; p++) {
        if (p[0] == '{' && p[1] == '{') {
            const char *close = strstr(p, "}}");
            if (!close)
                break;
            p = close + 1;
        } else if (*p == '/') {
            want++;
        }
    }
    const char *step = out + root;
    for (;;) {
        size_t len = strcspn(step, "/");
        char name[256];
        if (len >= sizeof name)
            return "a file or folder name in it is too long";
        memcpy(name, step, len);
        name[len] = '\0';
        const char *why = unsafe_name(name);
        if (why)
            return why;
        depth++;
        if (!step[len])
            break;
        step += len + 1;
    }
    return depth == want ? NULL : "a value put into it holds \"/\"";
}

/* A job that is not run: it fails with `err` (kept in the arena). */
static int refuse_job(bk_arena *a, bk_batch_job *job, const bk_error *err)
{
    bk_error *kept = bk__arena_alloc(a, sizeof *kept);
    if (!kept)
        return -1;
    *kept = *err;
    job->refused = kept;
    return 0;
}

/* State shared by the expansion of one job spec. */
typedef struct job_spec {
    const bk_node *node;
    const char *name;
    const char *template_path;
    const bk_node *output;
    const bk_node *params; /* MAP or NULL */
    const bk_node *data;   /* LIST or NULL */
    const bk_node *overrides;
} job_spec;

typedef struct expander {
    bk_arena *a;
    const bk_schedule *s;
    const bk_node *builtins;
    bk_batch_job *jobs;
    size_t n, cap;
    size_t max_jobs; /* the schedule's limit */
} expander;

static int push_job(expander *x, bk_batch_job *job, bk_error *err)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 16;
        bk_batch_job *jobs = bk__arena_alloc(x->a, cap * sizeof *jobs);
        if (!jobs)
            return bk__error(err, BK_ELIMIT, &job->node->loc, "too many jobs in the schedule");
        if (x->n)
            memcpy(jobs, x->jobs, x->n * sizeof *jobs);
        x->jobs = jobs;
        x->cap = cap;
    }
    job->index = x->n;
    x->jobs[x->n++] = *job;
    return 0;
}

/* Adds or replaces `key` in the param MAP `m` (built fresh for each job). */
static int set_param(bk_arena *a, bk_node *m, const bk_node *key, const bk_node *value)
{
    for (size_t i = 0; i < m->count; i++)
        if (strcmp(m->keys[i]->str, key->str) == 0) {
            m->items[i] = value;
            return 0;
        }
    return bk__node_append(a, m, key, value);
}

static int add_params(bk_arena *a, bk_node *m, const bk_node *src, const char *what, bk_error *err)
{
    if (!src)
        return 0;
    if (bk__node_type(src) != BK_NODE_MAP)
        return bk__error(err, BK_ETYPE, &src->loc, "%s should be a map of name: value, got %s",
                         what, bk__node_kind_name(src));
    for (size_t i = 0; i < src->count; i++) {
        int t = bk__node_type(src->items[i]);
        if (t != BK_NODE_STRING && t != BK_NODE_NULL)
            return bk__error(err, BK_ETYPE, &src->items[i]->loc,
                             "param \"%s\" should be a single value, got %s", src->keys[i]->str,
                             bk__node_kind_name(src->items[i]));
        if (set_param(a, m, src->keys[i], src->items[i]))
            return bk__error(err, BK_ENOMEM, &src->loc, "out of memory");
    }
    return 0;
}

/* One concrete job: params (with the for_each binding when `item_key` is
 * set) expanded with the period built-ins, then the output and data paths
 * expanded with those params. */
static int make_job(expander *x, const job_spec *js, const bk_node *as, const bk_node *item_key,
                    bk_error *err)
{
    bk_arena *a = x->a;
    const char *key = item_key ? bk__node_str(item_key) : NULL;
    const char *why = item_key ? unsafe_name(key ? key : "") : NULL;
    if (why) {
        /* Refused before anything is expanded with it: the job fails, the
         * other jobs still run. */
        const char *shown = printable(a, key ? key : "");
        bk_batch_job job = {.node = js->node};
        bk_error refusal;
        bk__error(&refusal, BK_EPATH, &item_key->loc,
                  "%s: the for_each key \"%s\" cannot name a file or folder: %s", js->name,
                  shown ? shown : "", why);
        job.name = shown ? bk__arena_printf(a, "%s[%s]", js->name, shown) : NULL;
        job.template_path = resolve_path(a, x->s->dir, js->template_path);
        job.output = resolve_path(a, x->s->dir, js->output->str);
        if (!job.name || !job.template_path || !job.output || refuse_job(a, &job, &refusal))
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        return push_job(x, &job, err);
    }
    bk_node *params = bk__node_new(a, BK_NODE_MAP, js->node->loc);
    if (!params)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    int rc = add_params(a, params, js->params, "params", err);
    if (rc)
        return rc;
    if (item_key) {
        if (set_param(a, params, as, item_key))
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        const bk_node *ov = bk__node_get(js->overrides, key);
        rc = add_params(a, params, ov, "overrides", err);
        if (rc)
            return rc;
    }
    bk_vars pvars = {NULL, x->builtins, NULL};
    const bk_node *expanded;
    rc = bk__expand_tree(a, params, &pvars, &expanded, err);
    if (rc)
        return rc;
    bk_vars vars = {expanded, x->builtins, NULL};

    bk_batch_job job = {.node = js->node};
    job.name = item_key ? bk__arena_printf(a, "%s[%s]", js->name, key) : js->name;
    job.template_path = resolve_path(a, x->s->dir, js->template_path);
    const char *out;
    rc = bk__expand_string(a, js->output->str, &js->output->loc, &vars, &out, err);
    if (rc)
        return rc;
    /* A value (a param, an override) that would take the output out of
     * its folder refuses this job, not the schedule. */
    if ((why = output_escapes(js->output->str, out)) != NULL) {
        const char *shown = printable(a, out);
        bk_error refusal;
        bk__error(&refusal, BK_EPATH, &js->output->loc,
                  "%s: output \"%s\" would leave its folder \"%.*s\": %s", job.name,
                  shown ? shown : "", (int)output_root_len(js->output->str), js->output->str, why);
        if (refuse_job(a, &job, &refusal))
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        out = js->output->str;
    }
    job.output = resolve_path(a, x->s->dir, out);
    job.n_sets = expanded->count;
    job.sets = bk__arena_alloc(a, (job.n_sets + 1) * sizeof *job.sets);
    if (!job.name || !job.template_path || !job.output || !job.sets)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < expanded->count; i++) {
        const char *v = bk__node_str(expanded->items[i]);
        job.sets[i] = bk__arena_printf(a, "%s=%s", expanded->keys[i]->str, v ? v : "");
        if (!job.sets[i])
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    }
    if (js->data) {
        job.n_data_files = js->data->count;
        job.data_files = bk__arena_alloc(a, (job.n_data_files + 1) * sizeof *job.data_files);
        if (!job.data_files)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        for (size_t i = 0; i < js->data->count; i++) {
            const bk_node *d = js->data->items[i];
            if (bk__node_type(d) != BK_NODE_STRING || !d->len)
                return bk__error(err, BK_ETYPE, &d->loc, "data: expected a file name, got %s",
                                 bk__node_kind_name(d));
            const char *p;
            rc = bk__expand_string(a, d->str, &d->loc, &vars, &p, err);
            if (rc)
                return rc;
            job.data_files[i] = resolve_path(a, x->s->dir, p);
            if (!job.data_files[i])
                return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        }
    }
    return push_job(x, &job, err);
}

/* The key value an item of a for_each list binds. */
static int item_key_of(const bk_node *item, const char *key, const bk_node **out, bk_error *err)
{
    const bk_node *k = item;
    if (bk__node_type(item) == BK_NODE_MAP) {
        k = bk__node_get(item, key);
        if (!k)
            return bk__error(err, BK_EMISSING, &item->loc,
                             "for_each: this item has no \"%s\" (the for_each key)", key);
    }
    /* An empty key is refused for its job (make_job), like any key that
     * cannot name a file. */
    if (bk__node_type(k) != BK_NODE_STRING && bk__node_type(k) != BK_NODE_NULL)
        return bk__error(err, BK_ETYPE, &k->loc, "for_each: the key \"%s\" should be text, got %s",
                         key, bk__node_kind_name(k));
    *out = k;
    return 0;
}

static int expand_for_each(expander *x, const job_spec *js, const bk_node *fe, bk_error *err)
{
    static const char *const fields[] = {"data", "list", "as", "key", NULL};
    if (bk__node_type(fe) != BK_NODE_MAP)
        return bk__error(err, BK_ETYPE, &fe->loc,
                         "for_each should be a map with data, list, as and key, got %s",
                         bk__node_kind_name(fe));
    int rc = bk__key_check(fe, fields, "for_each", "field", err);
    const char *file = NULL, *list = NULL, *as = NULL, *key = "id";
    if (!rc)
        rc = need_string(fe, "data", "for_each", &file, err);
    if (!rc)
        rc = need_string(fe, "list", "for_each", &list, err);
    if (!rc)
        rc = need_string(fe, "as", "for_each", &as, err);
    if (!rc && bk__node_get(fe, "key"))
        rc = need_string(fe, "key", "for_each", &key, err);
    if (rc)
        return rc;

    const bk_node *root;
    bk_yaml_limits lim;
    bk__yaml_limits_default(&lim);
    const char *path = resolve_path(x->a, x->s->dir, file);
    if (!path)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    rc = bk__yaml_load_file(x->a, path, &lim, &root, err);
    if (rc)
        return rc;
    const bk_node *items = bk__node_lookup(root, list);
    if (bk__node_type(items) != BK_NODE_LIST)
        return bk__error(err, BK_ETYPE, &bk__node_get(fe, "list")->loc,
                         "for_each: \"%s\" in %s should be a list, got %s", list, path,
                         bk__node_kind_name(items));
    /* Checked before anything is expanded: a list of a million ids costs
     * one message, not minutes and then an "out of memory". */
    if (items->count > x->max_jobs || x->n > x->max_jobs - items->count)
        return bk__error(err, BK_ELIMIT, &fe->loc,
                         "for_each: \"%s\" in %s has %zu items, which would make %zu jobs: more "
                         "than the schedule's limit of %zu (set max_jobs: N at the top of the "
                         "schedule to allow more)",
                         list, path, items->count, x->n + items->count, x->max_jobs);
    const bk_node *as_node = bk__node_get(fe, "as");
    for (size_t i = 0; i < items->count; i++) {
        const bk_node *k;
        rc = item_key_of(items->items[i], key, &k, err);
        if (!rc)
            rc = make_job(x, js, as_node, k, err);
        if (rc)
            return rc;
    }
    if (js->overrides)
        for (size_t i = 0; i < js->overrides->count; i++) {
            const char *ok = js->overrides->keys[i]->str;
            int found = 0;
            for (size_t j = 0; j < items->count && !found; j++) {
                const bk_node *k;
                found = !item_key_of(items->items[j], key, &k, NULL) && bk__node_str(k) &&
                        strcmp(bk__node_str(k), ok) == 0;
            }
            if (!found)
                return bk__error(err, BK_EUNKNOWN, &js->overrides->keys[i]->loc,
                                 "overrides: no item of \"%s\" has %s \"%s\"", list, key, ok);
        }
    return 0;
}

static int expand_job(expander *x, const bk_node *node, size_t i, bk_error *err)
{
    static const char *const fields[] = {"name", "template", "params",    "output",
                                         "data", "for_each", "overrides", NULL};
    if (bk__node_type(node) != BK_NODE_MAP)
        return bk__error(err, BK_ETYPE, &node->loc, "job %zu should be a map, got %s", i + 1,
                         bk__node_kind_name(node));
    char what[32];
    snprintf(what, sizeof what, "job %zu", i + 1);
    int rc = bk__key_check(node, fields, what, "field", err);
    if (rc)
        return rc;
    job_spec js = {.node = node};
    rc = need_string(node, "name", what, &js.name, err);
    if (!rc)
        rc = need_string(node, "template", js.name, &js.template_path, err);
    const char *out;
    if (!rc)
        rc = need_string(node, "output", js.name, &out, err);
    if (rc)
        return rc;
    js.output = bk__node_get(node, "output");
    js.params = bk__node_get(node, "params");
    js.data = bk__node_get(node, "data");
    js.overrides = bk__node_get(node, "overrides");
    if (js.data && bk__node_type(js.data) != BK_NODE_LIST)
        return bk__error(err, BK_ETYPE, &js.data->loc, "%s: data should be a list of files, got %s",
                         js.name, bk__node_kind_name(js.data));
    const bk_node *fe = bk__node_get(node, "for_each");
    if (js.overrides && (!fe || bk__node_type(js.overrides) != BK_NODE_MAP))
        return bk__error(err, BK_ETYPE, &js.overrides->loc,
                         "%s: overrides should be a map of item key: params, used with for_each",
                         js.name);
    if (fe)
        return expand_for_each(x, &js, fe, err);
    if (x->n >= x->max_jobs)
        return bk__error(err, BK_ELIMIT, &node->loc,
                         "%s: more jobs than the schedule's limit of %zu (set max_jobs: N at the "
                         "top of the schedule to allow more)",
                         js.name, x->max_jobs);
    return make_job(x, &js, NULL, NULL, err);
}

/* Two jobs writing one file would overwrite each other. A hash of the
 * outputs keeps this linear: schedules of tens of thousands of jobs. */
static int check_unique_outputs(const expander *x, bk_error *err)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    int rc = 0;
    for (size_t i = 0; i < x->n && !rc; i++) {
        const bk_batch_job *job = &x->jobs[i];
        if (job->refused)
            continue;
        const bk_batch_job *other = g_hash_table_lookup(seen, job->output);
        if (other)
            rc = bk__error(err, BK_EINVAL, &bk__node_get(job->node, "output")->loc,
                           "%s and %s both write %s (give each job its own output, e.g. with "
                           "the for_each param in it: out/{{ zone }}.pdf)",
                           other->name, job->name, job->output);
        else
            g_hash_table_insert(seen, (gpointer)job->output, (gpointer)job);
    }
    g_hash_table_destroy(seen);
    return rc;
}

/* max_jobs: at the top of the schedule, or the default. */
static int read_max_jobs(const bk_node *root, size_t *out, bk_error *err)
{
    *out = BK_SCHEDULE_MAX_JOBS;
    const bk_node *v = bk__node_get(root, "max_jobs");
    if (!v)
        return 0;
    const char *s = bk__node_str(v);
    char *end = NULL;
    unsigned long long n = s && *s >= '0' && *s <= '9' ? strtoull(s, &end, 10) : 0;
    if (!s || !end || *end || n < 1 || n > BK_SCHEDULE_MAX_JOBS_CAP)
        return bk__error(
            err, BK_EINVAL, &v->loc, "max_jobs: expected a whole number from 1 to %d, got %s%s%s",
            BK_SCHEDULE_MAX_JOBS_CAP, s ? "\"" : "", s ? s : bk__node_kind_name(v), s ? "\"" : "");
    *out = (size_t)n;
    return 0;
}

int bk__schedule_load(bk_arena *a, const char *path, const char *period, bk_schedule **out,
                      bk_error *err)
{
    bk_period p;
    int rc = bk__period_resolve(period, &p, err);
    if (rc)
        return rc;
    bk_schedule *s = bk__arena_alloc(a, sizeof *s);
    bk_node *builtins = s ? bk__node_new(a, BK_NODE_MAP, (bk_loc){NULL, 0, 0}) : NULL;
    char text[BK_PERIOD_TEXT];
    if (!builtins)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    s->path = bk__arena_strdup(a, path);
    s->dir = dir_of(a, path);
    s->period = bk__arena_strdup(a, bk__period_format(p, text));
    if (!s->path || !s->dir || !s->period)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    rc = bk__period_builtins(a, p, "en", builtins, err);
    if (rc)
        return rc;

    const bk_node *root;
    bk_yaml_limits lim;
    bk__yaml_limits_default(&lim);
    rc = bk__yaml_load_file(a, path, &lim, &root, err);
    if (rc)
        return rc;
    if (bk__node_type(root) != BK_NODE_MAP)
        return bk__error(err, BK_ETYPE, &root->loc,
                         "a schedule should be a map with briefkit_schedule: 1 and jobs, got %s",
                         bk__node_kind_name(root));
    static const char *const fields[] = {"briefkit_schedule", "jobs", "max_jobs", NULL};
    rc = bk__key_check(root, fields, "schedule", "field", err);
    if (rc)
        return rc;
    const bk_node *ver = bk__node_get(root, "briefkit_schedule");
    if (!ver)
        return bk__error(err, BK_EMISSING, &root->loc,
                         "not a briefkit schedule: expected \"briefkit_schedule: 1\" at the top");
    if (bk__node_type(ver) != BK_NODE_STRING || strcmp(ver->str, "1") != 0)
        return bk__error(err, BK_EINVAL, &ver->loc,
                         "briefkit_schedule: expected 1 (the only schedule format so far), got "
                         "\"%s\"",
                         bk__node_str(ver) ? bk__node_str(ver) : bk__node_kind_name(ver));
    const bk_node *jobs = bk__node_get(root, "jobs");
    if (!jobs)
        return bk__error(err, BK_EMISSING, &root->loc, "the schedule has no \"jobs\" list");
    if (bk__node_type(jobs) != BK_NODE_LIST || !jobs->count)
        return bk__error(err, BK_ETYPE, &jobs->loc, "jobs should be a list of jobs, got %s",
                         jobs->count || bk__node_type(jobs) != BK_NODE_LIST
                             ? bk__node_kind_name(jobs)
                             : "an empty list");
    expander x = {.a = a, .s = s, .builtins = builtins};
    rc = read_max_jobs(root, &x.max_jobs, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < jobs->count; i++) {
        rc = expand_job(&x, jobs->items[i], i, err);
        if (rc)
            return rc;
    }
    rc = check_unique_outputs(&x, err);
    if (rc)
        return rc;
    s->jobs = x.jobs;
    s->n_jobs = x.n;
    *out = s;
    return 0;
}

int bk__shard_has(size_t index, int k, int n)
{
    if (k <= 0 || n <= 0)
        return 1;
    return index % (size_t)n == (size_t)(k - 1);
}
