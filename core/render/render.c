/* The public entry points bk_render and bk_validate: plan a briefing
 * (plan.h), render each section into a fragment through its engine with a
 * placeholder page standing in for a failed section that asks for one,
 * assemble the fragments, write atomically; and bk_render_inputs and
 * bk_render_and_inputs, the files a render reads (for `briefkit watch`),
 * the latter from the very load it renders.
 *
 * Rendering starts only once the whole plan is sound, so `briefkit
 * validate` and `briefkit render` report the same errors at the same
 * locations. Every cache a render uses lives in its render environment
 * (render_env.h): its own, or a batch's, prepared before the batch forks. */
#include <briefkit/briefkit.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assemble.h"
#include "atomic_write.h"
#include "copies.h"
#include "doc_style.h"
#include "data_lint.h"
#include "errors.h"
#include "fonts.h"
#include "isolate.h"
#include "placeholder.h"
#include "plan.h"
#include "render_env.h"
#include "section_run.h"
#include "theme.h"
#include "validate_run.h"

const char *bk_version(void)
{
    return BK_VERSION_STRING;
}

void bk_render_opts_init(bk_render_opts *o)
{
    memset(o, 0, sizeof *o);
    o->isolate = 1;
}

/* The plugins' own checks of their sections (validate_run.h), once the
 * plan is sound: what render() would refuse, validate refuses. */
static int validate_plugins(const bk_render_opts *o, const bk_plan *p, bk_error *err)
{
    bk_section_job *jobs = calloc(p->n_sections ? p->n_sections : 1, sizeof *jobs);
    if (!jobs)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    bk_theme theme;
    bk__theme_default(&theme);
    bk__section_jobs_of_plan(p, jobs);
    for (size_t i = 0; i < p->n_sections; i++) {
        jobs[i].theme = &theme;
        jobs[i].warn = o->warn;
        jobs[i].warn_ctx = o->warn_ctx;
    }
    bk_isolation iso = {
        .enabled = o->isolate,
        .timeout = o->section_timeout,
        .memory_mb = o->section_memory_mb,
    };
    int rc = bk__validate_all(jobs, p->n_sections, &iso, err);
    free(jobs);
    return rc;
}

int bk_validate(const bk_render_opts *o, bk_error *err)
{
    bk__error_clear(err);
    if (!o)
        return bk__error(err, BK_EINVAL, NULL, "no template given");
    bk_render_env *env;
    int rc = bk__render_env_new(o->plugin_paths, o->n_plugin_paths, &env, err);
    if (rc)
        return rc;
    bk_plan p;
    rc = bk__render_env_plan(env, o, &p, err);
    if (!rc && p.tpl->doc.style)
        rc = bk__fonts_check_roles(p.tpl->doc.style->fonts, o->warn, o->warn_ctx, err);
    if (!rc)
        rc = validate_plugins(o, &p, err);
    bk_period period;
    if (!rc)
        rc = bk__period_resolve(o->period, &period, err);
    if (!rc) {
        bk_lint_opts lint = {
            .period = period,
            .zh = strcmp(p.tpl->doc.lang, "zh") == 0,
            .strict = o->strict,
            .stale_after_years = p.tpl->doc.stale_after_years,
            .warn = o->warn,
            .ctx = o->warn_ctx,
        };
        rc = bk__data_lint(p.tpl->data, &lint, err);
    }
    bk__plan_free(&p);
    bk__render_env_free(env);
    return rc;
}

/* The paths bk_render_inputs passes on, each once, in the order first met. */
typedef struct path_list {
    char **paths;
    size_t n, cap;
    int oom;
} path_list;

static void path_list_add(void *ctx, const char *path)
{
    path_list *l = ctx;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->paths[i], path) == 0)
            return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **grown = realloc(l->paths, cap * sizeof *grown);
        if (!grown) {
            l->oom = 1;
            return;
        }
        l->paths = grown;
        l->cap = cap;
    }
    if (!(l->paths[l->n] = strdup(path)))
        l->oom = 1;
    else
        l->n++;
}

/* What a render that names its inputs gathers: the files the data entries
 * name while the template loads, and where the whole list goes once the
 * briefing is planned. */
typedef struct inputs_sink {
    void (*fn)(void *ctx, const char *path);
    void *ctx;
    path_list named;
} inputs_sink;

/* The template input of `o` with the sink gathering the files named. */
static bk_template_input sink_input(const bk_render_opts *o, bk_render_env *env, inputs_sink *sink)
{
    bk_template_input in = bk__plan_input(o, env->yaml);
    in.on_file = path_list_add;
    in.on_file_ctx = &sink->named;
    return in;
}

/* Passes to sink->fn, each once, the files a render of `o` planned as `p`
 * (planned in part after a mistake) reads: the template, the YAML files
 * env->yaml parsed, the files the data entries named and the plugins of
 * the sections planned. Then frees what the sink gathered. 1 when a list
 * could not grow (a path is missing), else 0. */
static int pass_inputs(const bk_render_env *env, const bk_render_opts *o, const bk_plan *p,
                       inputs_sink *sink)
{
    path_list all = {0};
    path_list_add(&all, o->template_path);
    for (size_t i = 0; i < bk__yaml_cache_count(env->yaml); i++)
        path_list_add(&all, bk__yaml_cache_path(env->yaml, i));
    for (size_t i = 0; i < sink->named.n; i++)
        path_list_add(&all, sink->named.paths[i]);
    for (size_t i = 0; i < p->n_sections; i++)
        if (p->sections && p->sections[i].plugin)
            path_list_add(&all, p->sections[i].plugin->path);
    for (size_t i = 0; i < all.n; i++)
        sink->fn(sink->ctx, all.paths[i]);
    int oom = sink->named.oom || all.oom;
    for (size_t i = 0; i < sink->named.n; i++)
        free(sink->named.paths[i]);
    for (size_t i = 0; i < all.n; i++)
        free(all.paths[i]);
    free(sink->named.paths);
    free(all.paths);
    memset(&sink->named, 0, sizeof sink->named);
    return oom;
}

/* An environment of its own for a render that names its inputs: with a
 * parsed-file cache, whose list of files is the YAML the load read. */
static int inputs_env(const bk_render_opts *o, bk_render_env **out, bk_error *err)
{
    int rc = bk__render_env_new(o->plugin_paths, o->n_plugin_paths, out, err);
    if (!rc && !(*out)->yaml && !((*out)->yaml = bk__yaml_cache_new())) {
        bk__render_env_free(*out);
        *out = NULL;
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory");
    }
    return rc;
}

int bk_render_inputs(const bk_render_opts *o, void (*fn)(void *ctx, const char *path), void *ctx,
                     bk_error *err)
{
    bk__error_clear(err);
    if (!o || !o->template_path || !fn)
        return bk__error(err, BK_EINVAL, NULL, "no template given");
    bk_render_env *env;
    int rc = inputs_env(o, &env, err);
    if (rc)
        return rc;
    inputs_sink sink = {fn, ctx, {0}};
    bk_template_input in = sink_input(o, env, &sink);
    bk_plan p;
    rc = bk__plan_load_input(&in, &p, err);
    if (!rc)
        rc = bk__render_env_plan_loaded(env, o, &p, err);
    if (pass_inputs(env, o, &p, &sink) && !rc)
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory");
    bk__plan_free(&p);
    bk__render_env_free(env);
    return rc;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Passes `what` and the error behind it to o->warn. */
static void warn_err(const bk_render_opts *o, const char *what, const bk_error *e)
{
    if (!o->warn)
        return;
    char line[2048], msg[2400];
    bk_error_format(e, line, sizeof line);
    snprintf(msg, sizeof msg, "%s: %s", what, line);
    o->warn(o->warn_ctx, msg);
}

/* Makes, before any section's child forks, what the children then find
 * made: fontconfig set up for the Pango font map, and what the engines
 * among `engines` make ahead for the briefing's characters (their warm
 * hooks, engine.h). Only a saving: on failure each section does it itself,
 * and meets the failure again with its own context. */
static void prepare_fonts(const bk_render_opts *o, bk_fonts *fonts, uint32_t engines,
                          const uint32_t *cps, size_t n_cps)
{
    if (bk__fonts_prepare_pango(fonts) != 0 && o->warn)
        o->warn(o->warn_ctx, "fontconfig could not be set up for briefkit's fonts before the "
                             "sections start; each section tries again");
    bk_error e;
    if (bk__engine_warm(engines, fonts, cps, n_cps, &e) != 0)
        warn_err(o, "the fonts could not be prepared before the sections start", &e);
}

/* The section jobs of a plan, with the env's fonts and caches. */
static void fill_jobs(const bk_render_opts *o, const bk_plan *p, bk_render_env *env,
                      bk_fonts *fonts, const bk_theme *theme, bk_section_job *jobs)
{
    bk__section_jobs_of_plan(p, jobs);
    for (size_t i = 0; i < p->n_sections; i++) {
        jobs[i].theme = theme;
        jobs[i].fonts = fonts;
        jobs[i].warn = o->warn;
        jobs[i].warn_ctx = o->warn_ctx;
        jobs[i].deflated = env->deflated;
        jobs[i].missing_glyphs_warn = o->missing_glyphs_warn;
    }
}

/* Renders every section (in children unless isolation is off); a failed
 * section whose template says `on_error: placeholder` gets the marked
 * "section unavailable" page, any other failure fails the briefing. */
static int render_sections(const bk_render_opts *o, const bk_plan *p, bk_render_env *env,
                           bk_fonts *fonts, const bk_theme *theme, bk_fragment *frags,
                           bk_error *err)
{
    bk_section_job *jobs = calloc(p->n_sections ? p->n_sections : 1, sizeof *jobs);
    bk_error *errs = calloc(p->n_sections ? p->n_sections : 1, sizeof *errs);
    if (!jobs || !errs) {
        free(jobs);
        free(errs);
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    }
    fill_jobs(o, p, env, fonts, theme, jobs);
    /* A fixed sample the engines and Pango lay out once here, before any
     * section's child forks. */
    uint32_t *cps = NULL;
    size_t n_cps = 0;
    int rc = bk__section_sample_chars(&cps, &n_cps, err);
    if (rc) {
        free(jobs);
        free(errs);
        return rc;
    }
    uint32_t engines = 0;
    for (size_t i = 0; i < p->n_sections; i++)
        engines |= (uint32_t)jobs[i].engine;
    prepare_fonts(o, fonts, engines, cps, n_cps);
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

/* The 简报 and 公文 styles' type sizes and colours over the default theme. */
static void style_theme(const bk_doc_style *s, bk_theme *t)
{
    if (!s || s->kind == BK_STYLE_REPORT)
        return;
    /* 3号 body on GB/T 9704's grid of 22 lines of 28 characters: 225 mm /
     * 22 = 28.99 pt a line, and 156 mm / 28 = 15.8 pt a character. A 3号
     * character is 16 pt, so 28 of them would need 158 mm; word processors
     * close the grid up, and here the body is set at the grid's pitch. */
    const double mm = 72.0 / 25.4;
    double body = 156 * mm / 28;
    t->sizes[BK_SIZE_BODY] = body;
    t->sizes[BK_SIZE_LEADING] = 225 * mm / 22 / body;
    t->sizes[BK_SIZE_H1] = body; /* 3号黑体, 3号楷体, on the same grid */
    t->sizes[BK_SIZE_H2] = body;
    t->sizes[BK_SIZE_H3] = body;
    t->sizes[BK_SIZE_SMALL] = 12;
    t->sizes[BK_SIZE_FIGURE] = 20;
    t->sizes[BK_SIZE_GAP] = 8;
    bk_rgb black = {0, 0, 0};
    t->colors[BK_COLOR_TEXT] = black;
    t->colors[BK_COLOR_ACCENT] = black;
}

/* One briefing with `env`'s registry, fonts and caches; each is opened on
 * first use, after the template loads, so a template mistake is reported
 * before any plugin or font is touched. `loaded`: the template loaded
 * already, taken over; NULL: loaded here. `sink`: given the files the
 * briefing reads once it is planned (pass_inputs), before any drawing;
 * NULL: none. */
static int render(bk_render_env *env, const bk_render_opts *o, bk_plan *loaded, inputs_sink *sink,
                  bk_render_stats *stats, bk_error *err)
{
    double t0 = now_ms();
    bk_plan p;
    bk_fonts *fonts = NULL;
    bk_fragment *frags = NULL;
    bk_assembly_part *parts = NULL;
    unsigned char *pdf = NULL;
    size_t len = 0;
    int pages = 0;

    int rc;
    if (loaded) {
        p = *loaded;
        memset(loaded, 0, sizeof *loaded);
        rc = bk__render_env_plan_loaded(env, o, &p, err);
    } else {
        rc = bk__render_env_plan(env, o, &p, err);
    }
    if (sink && pass_inputs(env, o, &p, sink) && !rc)
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory");
    if (!rc)
        rc = bk__render_env_fonts(env, &fonts, err);
    if (!rc)
        rc = bk__render_env_style_fonts(fonts, p.tpl->doc.style, o->warn, o->warn_ctx, err);
    if (rc)
        goto done;
    /* The page chrome keeps the default palette (its marks are red in
     * every language); the sections get the document's rise and fall. */
    bk_theme theme, sections_theme;
    bk__theme_default(&theme);
    style_theme(p.tpl->doc.style, &theme);
    sections_theme = theme;
    bk__theme_trend_colors(&sections_theme, p.tpl->doc.lang, p.tpl->doc.rise_color,
                           p.tpl->doc.fall_color);

    frags = calloc(p.n_sections ? p.n_sections : 1, sizeof *frags);
    parts = calloc(p.n_sections ? p.n_sections : 1, sizeof *parts);
    if (!frags || !parts) {
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory");
        goto done;
    }
    rc = render_sections(o, &p, env, fonts, &sections_theme, frags, err);
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
        .epoch = bk__plan_epoch(),
        .creator = "briefkit " BK_VERSION_STRING,
        .deflated = env->deflated,
    };
    int copies = p.tpl->doc.style ? p.tpl->doc.style->copies : 0;
    if (copies > 0) {
        rc = bk__copies_write(&as, o->output, &pages, &len, err);
    } else {
        rc = bk__assemble(&as, &pdf, &len, &pages, err);
        if (!rc && env->assembled)
            env->assembled(env->assembled_ctx);
        if (!rc)
            rc = bk__write_atomic(o->output, pdf, len, err);
    }
    if (rc)
        goto done;
    if (stats) {
        stats->pages = pages;
        stats->bytes = len;
        stats->sections = (int)p.n_sections;
        stats->copies = copies;
        stats->milliseconds = now_ms() - t0;
    }

done:
    free(pdf);
    if (frags)
        for (size_t i = 0; i < p.n_sections; i++)
            bk__fragment_free(&frags[i]);
    free(frags);
    free(parts);
    bk__plan_free(&p);
    return rc;
}

static int check_output(const bk_render_opts *o, bk_error *err)
{
    if (!o || !o->output || !*o->output)
        return bk__error(err, BK_EINVAL, NULL,
                         "no output file given (bk_render_opts.output is empty)");
    return 0;
}

int bk_render(const bk_render_opts *o, bk_render_stats *stats, bk_error *err)
{
    bk__error_clear(err);
    int rc = check_output(o, err);
    bk_render_env *env = NULL;
    if (!rc)
        rc = bk__render_env_new(o->plugin_paths, o->n_plugin_paths, &env, err);
    if (!rc)
        rc = render(env, o, NULL, NULL, stats, err);
    bk__render_env_free(env);
    return rc;
}

int bk__render_with(bk_render_env *env, const bk_render_opts *o, bk_render_stats *stats,
                    bk_error *err)
{
    bk__error_clear(err);
    int rc = check_output(o, err);
    return rc ? rc : render(env, o, NULL, NULL, stats, err);
}

int bk__render_loaded(bk_render_env *env, const bk_render_opts *o, bk_plan *loaded,
                      bk_render_stats *stats, bk_error *err)
{
    bk__error_clear(err);
    int rc = check_output(o, err);
    if (rc) {
        bk__plan_free(loaded);
        return rc;
    }
    return render(env, o, loaded, NULL, stats, err);
}

int bk_render_and_inputs(const bk_render_opts *o, void (*fn)(void *ctx, const char *path),
                         void *ctx, bk_render_stats *stats, bk_error *err)
{
    bk__error_clear(err);
    int rc = check_output(o, err);
    if (!rc && (!o->template_path || !fn))
        rc = bk__error(err, BK_EINVAL, NULL, "no template given");
    bk_render_env *env = NULL;
    if (!rc)
        rc = inputs_env(o, &env, err);
    if (rc)
        return rc;
    /* Loaded once, with the files its data entries name gathered; that
     * load is rendered (as a batch job's is), so a query runs once. */
    inputs_sink sink = {fn, ctx, {0}};
    bk_template_input in = sink_input(o, env, &sink);
    bk_plan p;
    rc = bk__plan_load_input(&in, &p, err);
    if (rc) {
        pass_inputs(env, o, &p, &sink);
        bk__plan_free(&p);
    } else {
        rc = render(env, o, &p, &sink, stats, err);
    }
    bk__render_env_free(env);
    return rc;
}
