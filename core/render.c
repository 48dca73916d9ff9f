/* The public entry points: plan a briefing (template, plugins, options),
 * render each section into a fragment, assemble them, write atomically.
 *
 * Planning checks everything that can be checked without drawing, so
 * `briefkit validate` and `briefkit render` report the same errors at the
 * same locations; rendering starts only once the whole plan is sound. */
#include <briefkit/briefkit.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "arena.h"
#include "assemble.h"
#include "atomic_write.h"
#include "chrome.h"
#include "engine.h"
#include "errors.h"
#include "fonts.h"
#include "host_table.h"
#include "isolate.h"
#include "options.h"
#include "placeholder.h"
#include "plugin_loader.h"
#include "render_env.h"
#include "section_run.h"
#include "suggest.h"
#include "template.h"
#include "theme.h"

/* One section, ready to render. */
typedef struct planned_section {
    const bk_section_spec *spec;
    const bk_loaded_plugin *plugin;
    bk_options *options;
    int engine;
} planned_section;

typedef struct plan {
    bk_arena *arena;
    const bk_registry *registry;
    bk_registry *own_registry; /* scanned for this plan, when no env gave one */
    bk_template *tpl;
    planned_section *sections;
    size_t n_sections;
} plan;

const char *bk_version(void) { return BK_VERSION_STRING; }

void bk_render_opts_init(bk_render_opts *o)
{
    memset(o, 0, sizeof *o);
    o->isolate = 1;
}

static void plan_free(plan *p)
{
    bk__registry_free(p->own_registry);
    bk__arena_free(p->arena);
    free(p->sections);
    memset(p, 0, sizeof *p);
}

static const bk_loc *node_loc(const bk_node *n, const bk_node *fallback)
{
    if (n)
        return &n->loc;
    return fallback ? &fallback->loc : NULL;
}

/* "did you mean" over the usable plugins' names. */
static int unknown_plugin(const plan *p, const bk_section_spec *spec, bk_error *err)
{
    const bk_node *where = bk__node_get(spec->node, "plugin");
    size_t n = bk__registry_count(p->registry);
    for (size_t i = 0; i < n; i++) {
        const bk_loaded_plugin *lp = bk__registry_at(p->registry, i);
        if (!lp->ok && lp->desc.name && strcmp(lp->desc.name, spec->plugin) == 0)
            return bk__error(err, BK_EPLUGIN, node_loc(where, spec->node),
                             "plugin \"%s\" was found but refused: %s", spec->plugin,
                             lp->refusal);
    }
    const char **names = calloc(n + 1, sizeof *names);
    if (!names)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const bk_loaded_plugin *lp = bk__registry_at(p->registry, i);
        if (lp->ok)
            names[k++] = lp->desc.name;
    }
    const char *guess = bk__did_you_mean(spec->plugin, names);
    free(names);
    if (guess)
        return bk__error(err, BK_EUNKNOWN, node_loc(where, spec->node),
                         "unknown plugin \"%s\"; did you mean \"%s\"?", spec->plugin, guess);
    return bk__error(err, BK_EUNKNOWN, node_loc(where, spec->node),
                     "unknown plugin \"%s\" (run `briefkit plugins` to see what is installed)",
                     spec->plugin);
}


static int choose_engine(const bk_section_spec *spec, const bk_loaded_plugin *lp, int *engine,
                         bk_error *err)
{
    uint32_t can = lp->desc.engines;
    if (!spec->engine) {
        uint32_t pref = lp->desc.preferred_engine;
        *engine = pref ? (int)pref : (can & BK_ENGINE_HARU) ? BK_ENGINE_HARU : BK_ENGINE_CAIRO;
        return 0;
    }
    int want = strcmp(spec->engine, "haru") == 0    ? BK_ENGINE_HARU
               : strcmp(spec->engine, "cairo") == 0 ? BK_ENGINE_CAIRO
                                                    : 0;
    const bk_node *where = bk__node_get(spec->node, "engine");
    if (!want)
        return bk__error(err, BK_EINVAL, node_loc(where, spec->node),
                         "unknown engine \"%s\"; expected haru or cairo", spec->engine);
    if (!(can & (uint32_t)want))
        return bk__error(err, BK_EPLUGIN, node_loc(where, spec->node),
                         "section '%s': plugin '%s' cannot draw with %s (it supports %s%s%s)",
                         spec->id, lp->desc.name, spec->engine,
                         (can & BK_ENGINE_HARU) ? "haru" : "",
                         (can & BK_ENGINE_HARU) && (can & BK_ENGINE_CAIRO) ? " and " : "",
                         (can & BK_ENGINE_CAIRO) ? "cairo" : "");
    *engine = want;
    return 0;
}

/* Plans with `registry`, or with one scanned from o->plugin_paths when it
 * is NULL. */
static int make_plan(const bk_render_opts *o, const bk_registry *registry, plan *p, bk_error *err)
{
    memset(p, 0, sizeof *p);
    if (!o || !o->template_path)
        return bk__error(err, BK_EINVAL, NULL, "no template given");
    p->arena = bk__arena_new(0);
    if (!p->arena)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");

    bk_template_input in = {
        .path = o->template_path,
        .data_files = o->data_files,
        .n_data_files = o->n_data_files,
        .sets = o->sets,
        .n_sets = o->n_sets,
        .period = o->period,
        .allow_paths = o->allow_paths,
        .n_allow_paths = o->n_allow_paths,
    };
    int rc = bk__template_load(p->arena, &in, &p->tpl, err);
    if (rc)
        return rc;
    if (!registry) {
        rc = bk__registry_scan(o->plugin_paths, o->n_plugin_paths, bk__host_table(),
                               &p->own_registry, err);
        if (rc)
            return rc;
        registry = p->own_registry;
    }
    p->registry = registry;

    p->n_sections = p->tpl->n_sections;
    p->sections = calloc(p->n_sections ? p->n_sections : 1, sizeof *p->sections);
    if (!p->sections)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < p->n_sections; i++) {
        planned_section *ps = &p->sections[i];
        ps->spec = &p->tpl->sections[i];
        ps->plugin = bk__registry_find(p->registry, ps->spec->plugin);
        if (!ps->plugin)
            return unknown_plugin(p, ps->spec, err);
        rc = choose_engine(ps->spec, ps->plugin, &ps->engine, err);
        if (rc)
            return rc;
        char *label = bk__arena_printf(p->arena, "section '%s' (%s)", ps->spec->id,
                                       ps->plugin->desc.name);
        if (!label)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        rc = bk__options_validate(p->arena, ps->plugin->desc.options, ps->spec->options,
                                  &ps->spec->node->loc, label, &ps->options, err);
        if (rc)
            return rc;
    }
    return 0;
}

int bk_validate(const bk_render_opts *o, bk_error *err)
{
    bk__error_clear(err);
    plan p;
    int rc = make_plan(o, NULL, &p, err);
    plan_free(&p);
    return rc;
}

/* SOURCE_DATE_EPOCH when set and valid (reproducible builds convention),
 * else the clock. */
static long long render_epoch(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (s && *s) {
        char *end;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (!errno && !*end && v >= 0)
            return v;
    }
    return (long long)time(NULL);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The section jobs of a plan; `theme` may be NULL when nothing draws. */
static void fill_jobs(const bk_render_opts *o, const plan *p, bk_fonts *fonts,
                      const bk_theme *theme, bk_engine_protos *protos, bk_section_job *jobs)
{
    for (size_t i = 0; i < p->n_sections; i++) {
        const planned_section *ps = &p->sections[i];
        jobs[i] = (bk_section_job){
            .plugin = ps->plugin,
            .spec = ps->spec,
            .options = ps->options,
            .engine = ps->engine,
            .doc = &p->tpl->doc,
            .theme = theme,
            .fonts = fonts,
            .warn = o->warn,
            .warn_ctx = o->warn_ctx,
            .protos = protos,
        };
    }
}

/* Renders every section (in children unless isolation is off); a failed
 * section whose template says `on_error: placeholder` gets the marked
 * "section unavailable" page, any other failure fails the briefing. */
static int render_sections(const bk_render_opts *o, const plan *p, bk_fonts *fonts,
                           const bk_theme *theme, bk_engine_protos *protos, bk_fragment *frags,
                           bk_error *err)
{
    bk_section_job *jobs = calloc(p->n_sections ? p->n_sections : 1, sizeof *jobs);
    bk_error *errs = calloc(p->n_sections ? p->n_sections : 1, sizeof *errs);
    if (!jobs || !errs) {
        free(jobs);
        free(errs);
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    }
    fill_jobs(o, p, fonts, theme, protos, jobs);
    /* One character set for every section whose engine subsets its fonts:
     * their subsets are then identical, made once here before any child
     * forks. */
    uint32_t *cps = NULL;
    size_t n_cps = 0;
    int rc = bk__section_codepoints(jobs, p->n_sections, &cps, &n_cps, err);
    if (rc) {
        free(jobs);
        free(errs);
        return rc;
    }
    uint32_t engines = 0;
    for (size_t i = 0; i < p->n_sections; i++) {
        jobs[i].codepoints = cps;
        jobs[i].n_codepoints = n_cps;
        engines |= (uint32_t)jobs[i].engine;
    }
    bk__engine_warm(engines, fonts, cps, n_cps);
    bk_isolation iso = {
        .enabled = o->isolate,
        .jobs = o->jobs,
        .timeout = o->section_timeout,
        .memory_mb = o->section_memory_mb,
    };
    bk__render_all(jobs, p->n_sections, &iso, frags, errs);
    for (size_t i = 0; i < p->n_sections && !rc; i++) {
        if (!errs[i].code)
            continue;
        bk__fragment_free(&frags[i]);
        if (p->sections[i].spec->on_error == BK_ON_ERROR_PLACEHOLDER) {
            char line[2048];
            bk_error_format(&errs[i], line, sizeof line);
            if (o->warn) {
                char msg[2200];
                snprintf(msg, sizeof msg, "%s (a placeholder page stands in for it)", line);
                o->warn(o->warn_ctx, msg);
            }
            rc = bk__placeholder_fragment(&jobs[i], &errs[i], &frags[i], err);
        } else {
            *err = errs[i];
            rc = errs[i].code;
        }
    }
    free(cps);
    free(jobs);
    free(errs);
    return rc;
}

struct bk_render_env {
    bk_registry *registry;
    bk_fonts *fonts;
    bk_engine_protos *protos; /* NULL: none prepared */
    void (*assembled)(void *ctx);
    void *assembled_ctx;
};

void bk__render_env_on_assembled(bk_render_env *env, void (*fn)(void *ctx), void *ctx)
{
    env->assembled = fn;
    env->assembled_ctx = ctx;
}

static int open_fonts(bk_fonts **fonts, bk_error *err)
{
    int rc = bk__fonts_open(NULL, fonts, err);
    /* Before any section child forks, so the Cairo sections inherit it and
     * the chrome reuses it. A failure shows again, with context, where
     * Pango is first needed. */
    if (!rc)
        (void)bk__fonts_prepare_pango(*fonts);
    return rc;
}

int bk__render_env_new(const char *const *plugin_paths, size_t n_plugin_paths, bk_render_env **out,
                       bk_error *err)
{
    *out = NULL;
    bk_render_env *env = calloc(1, sizeof *env);
    if (!env)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    int rc = bk__registry_scan(plugin_paths, n_plugin_paths, bk__host_table(), &env->registry, err);
    if (!rc)
        rc = open_fonts(&env->fonts, err);
    if (rc) {
        bk__render_env_free(env);
        return rc;
    }
    *out = env;
    return 0;
}

void bk__render_env_free(bk_render_env *env)
{
    if (!env)
        return;
    bk__engine_protos_free(env->protos);
    bk__fonts_free(env->fonts);
    bk__registry_free(env->registry);
    free(env);
}

/* Threads this process runs besides the calling one; -1 when unknown. */
static int other_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n - 1;
}

/* Loads, before the forks, the Pango fonts the cairo sections and the
 * chrome of briefings like `p` use, so each forked render finds them
 * loaded, measured and with their glyphs' metrics (otherwise a sixth of a
 * zone profile's time, in every job). Pango 1.50 matches and sorts each
 * new font pattern in two threads of its own; a child forked while one
 * runs would wait forever for a result it will never get. The layouts here
 * need every fallback font (the sample holds Chinese, which only the
 * second face of each family has), so Pango itself waits for each result,
 * and this process then waits, at most a second, until it is alone again. */
static void warm_pango(bk_fonts *fonts, const plan *p, const uint32_t *cps, size_t n_cps)
{
    if (other_threads() != 0)
        return; /* someone else's threads: leave Pango alone */
    bk_theme theme;
    bk__theme_default(&theme);
    char *sample = malloc(n_cps * 4 + 1);
    bk_chrome_entry *entries = calloc(p->n_sections ? p->n_sections : 1, sizeof *entries);
    if (sample && entries) {
        size_t len = 0;
        for (size_t i = 0; i < n_cps; i++)
            len += (size_t)g_unichar_to_utf8(cps[i], sample + len);
        sample[len] = '\0';
        const bk_doc_settings *doc = &p->tpl->doc;
        bk_engine_setup setup = {
            .page_w = doc->page_w,
            .page_h = doc->page_h,
            .fonts = fonts,
            .theme = &theme,
            .lang = doc->lang,
        };
        bk__engine_cairo_warm(&setup, sample);
        for (size_t i = 0; i < p->n_sections; i++)
            entries[i] = (bk_chrome_entry){
                p->sections[i].spec->title ? p->sections[i].spec->title : "", 0, (int)i, 0};
        bk_chrome_input ci = {
            .doc = doc,
            .theme = &theme,
            .fonts = fonts,
            .entries = entries,
            .n_entries = p->n_sections,
            .body_pages = (int)p->n_sections,
            .epoch = render_epoch(),
        };
        bk_chrome ch;
        bk_error ignored;
        if (bk__chrome_render(&ci, &ch, &ignored) == 0)
            bk__chrome_free(&ch);
    }
    free(entries);
    free(sample);
    for (int waited = 0; other_threads() > 0 && waited < 1000; waited++)
        usleep(1000);
}

int bk__render_env_prepare(bk_render_env *env, const bk_render_opts *o, bk_error *err)
{
    plan p;
    int rc = make_plan(o, env->registry, &p, err);
    bk_section_job *jobs = rc ? NULL : calloc(p.n_sections ? p.n_sections : 1, sizeof *jobs);
    if (!rc && !jobs)
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory");
    uint32_t *cps = NULL;
    size_t n_cps = 0;
    if (!rc) {
        fill_jobs(o, &p, env->fonts, NULL, NULL, jobs);
        rc = bk__section_codepoints(jobs, p.n_sections, &cps, &n_cps, err);
    }
    uint32_t engines = 0;
    for (size_t i = 0; !rc && i < p.n_sections; i++)
        engines |= (uint32_t)jobs[i].engine;
    if (!rc)
        rc = bk__engine_protos_prepare(&env->protos, engines, env->fonts, cps, n_cps, err);
    if (!rc) {
        warm_pango(env->fonts, &p, cps, n_cps);
        bk__assemble_prepare();
    }
    free(cps);
    free(jobs);
    plan_free(&p);
    return rc;
}

/* A render with the registry and fonts of `env`, or, when `env` is NULL,
 * its own: scanned after the template loads, so a template mistake is
 * reported before any plugin or font is touched. */
static int render(bk_render_env *env, const bk_render_opts *o, bk_render_stats *stats,
                  bk_error *err)
{
    bk__error_clear(err);
    double t0 = now_ms();
    if (!o || !o->output || !*o->output)
        return bk__error(err, BK_EINVAL, NULL, "no output file given (-o FILE.pdf)");

    plan p;
    bk_fonts *own_fonts = NULL;
    bk_fonts *fonts = env ? env->fonts : NULL;
    bk_fragment *frags = NULL;
    bk_assembly_part *parts = NULL;
    unsigned char *pdf = NULL;
    size_t len = 0;
    int pages = 0;

    int rc = make_plan(o, env ? env->registry : NULL, &p, err);
    if (rc)
        goto done;
    if (!fonts) {
        rc = open_fonts(&own_fonts, err);
        if (rc)
            goto done;
        fonts = own_fonts;
    }
    bk_theme theme;
    bk__theme_default(&theme);

    frags = calloc(p.n_sections ? p.n_sections : 1, sizeof *frags);
    parts = calloc(p.n_sections ? p.n_sections : 1, sizeof *parts);
    if (!frags || !parts) {
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory");
        goto done;
    }
    rc = render_sections(o, &p, fonts, &theme, env ? env->protos : NULL, frags, err);
    if (rc)
        goto done;

    for (size_t i = 0; i < p.n_sections; i++) {
        parts[i].title = p.sections[i].spec->title;
        parts[i].frag = &frags[i];
    }
    bk_assembly as = {
        .doc = &p.tpl->doc,
        .theme = &theme,
        .fonts = fonts,
        .parts = parts,
        .n_parts = p.n_sections,
        .epoch = render_epoch(),
        .creator = "briefkit " BK_VERSION_STRING,
    };
    rc = bk__assemble(&as, &pdf, &len, &pages, err);
    if (rc)
        goto done;
    if (env && env->assembled)
        env->assembled(env->assembled_ctx);
    rc = bk__write_atomic(o->output, pdf, len, err);
    if (rc)
        goto done;
    if (stats) {
        stats->pages = pages;
        stats->bytes = len;
        stats->sections = (int)p.n_sections;
        stats->milliseconds = now_ms() - t0;
    }

done:
    free(pdf);
    if (frags)
        for (size_t i = 0; i < p.n_sections; i++)
            bk__fragment_free(&frags[i]);
    free(frags);
    free(parts);
    bk__fonts_free(own_fonts);
    plan_free(&p);
    return rc;
}

int bk_render(const bk_render_opts *o, bk_render_stats *stats, bk_error *err)
{
    return render(NULL, o, stats, err);
}

int bk__render_with(bk_render_env *env, const bk_render_opts *o, bk_render_stats *stats,
                    bk_error *err)
{
    return render(env, o, stats, err);
}

/* "haru", "cairo" or "haru,cairo". */
static const char *engines_str(uint32_t engines, char buf[16])
{
    snprintf(buf, 16, "%s%s%s", (engines & BK_ENGINE_HARU) ? "haru" : "",
             (engines & BK_ENGINE_HARU) && (engines & BK_ENGINE_CAIRO) ? "," : "",
             (engines & BK_ENGINE_CAIRO) ? "cairo" : "");
    return buf;
}

static const char *type_name(bk_opt_type t)
{
    switch (t) {
    case BK_OPT_STRING: return "string";
    case BK_OPT_INT: return "integer";
    case BK_OPT_NUMBER: return "number";
    case BK_OPT_BOOL: return "bool";
    case BK_OPT_ENUM: return "enum";
    case BK_OPT_LIST: return "list";
    case BK_OPT_NODE: return "any";
    }
    return "?";
}

static void describe(FILE *out, const bk_loaded_plugin *lp)
{
    const bk_plugin *d = &lp->desc;
    fprintf(out, "%s %s: %s\n", d->name, d->version, d->summary ? d->summary : "");
    fprintf(out, "  file:    %s\n", lp->path);
    fprintf(out, "  licence: %s\n", d->license ? d->license : "(not stated)");
    char eng[16];
    fprintf(out, "  ABI:     %u.%u\n  engines: %s\n  options:\n", d->abi_major, d->abi_minor,
            engines_str(d->engines, eng));
    if (!d->options || !d->options[0].name)
        fprintf(out, "    (none)\n");
    for (const bk_option_spec *s = d->options; s && s->name; s++) {
        fprintf(out, "    %-14s %-8s %s", s->name, type_name(s->type),
                s->required ? "required" : "optional");
        if (s->default_value)
            fprintf(out, ", default %s", s->default_value);
        if ((s->type == BK_OPT_INT || s->type == BK_OPT_NUMBER) && s->min < s->max)
            fprintf(out, ", %g to %g", s->min, s->max);
        if (s->type == BK_OPT_ENUM && s->choices) {
            fprintf(out, ", one of");
            for (const char *const *c = s->choices; *c; c++)
                fprintf(out, "%s%s", c == s->choices ? " " : "|", *c);
        }
        fprintf(out, "\n      %s\n", s->help ? s->help : "");
    }
}

int bk_plugins_report(FILE *out, const char *const *plugin_paths, size_t n_paths,
                      const char *describe_name, bk_error *err)
{
    bk__error_clear(err);
    bk_registry *reg = NULL;
    int rc = bk__registry_scan(plugin_paths, n_paths, bk__host_table(), &reg, err);
    if (rc)
        return rc;
    size_t n = bk__registry_count(reg);
    if (describe_name) {
        const bk_loaded_plugin *lp = bk__registry_find(reg, describe_name);
        if (lp)
            describe(out, lp);
        else
            rc = bk__error(err, BK_EUNKNOWN, NULL, "no usable plugin called \"%s\"",
                           describe_name);
        bk__registry_free(reg);
        return rc;
    }
    fprintf(out, "Searched:");
    for (size_t i = 0; i < bk__registry_dir_count(reg); i++)
        fprintf(out, " %s", bk__registry_dir_at(reg, i));
    fprintf(out, "\n\n%-18s %-8s %-11s %s\n", "NAME", "VERSION", "ENGINES", "FILE");
    size_t refused = 0;
    for (size_t i = 0; i < n; i++) {
        const bk_loaded_plugin *lp = bk__registry_at(reg, i);
        if (!lp->ok) {
            refused++;
            continue;
        }
        char eng[16];
        fprintf(out, "%-18s %-8s %-11s %s\n", lp->desc.name, lp->desc.version,
                engines_str(lp->desc.engines, eng), lp->path);
    }
    if (refused) {
        fprintf(out, "\nRefused:\n");
        for (size_t i = 0; i < n; i++) {
            const bk_loaded_plugin *lp = bk__registry_at(reg, i);
            if (!lp->ok)
                fprintf(out, "  %s\n", lp->refusal);
        }
    }
    bk__registry_free(reg);
    return 0;
}
