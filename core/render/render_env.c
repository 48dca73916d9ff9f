/* The render environment (render_env.h): what renders in one process
 * share, and its preparation before a batch forks.
 *
 * Preparing is a list of savings, each filling one of the env's caches
 * for the briefings about to be forked: the parsed templates and data, the
 * libharu document with the fonts set up, Pango's fonts loaded and
 * measured, the streams every assembly deflates the same. None of it is
 * needed for a correct render: a step that fails leaves its cache empty,
 * the renders make what they need themselves, and the failure goes back to
 * the caller to report as a warning. */
#include "render_env.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "assemble.h"
#include "chrome.h"
#include "coverage.h"
#include "doc_style.h"
#include "errors.h"
#include "host_table.h"
#include "plan.h"
#include "section_run.h"
#include "theme.h"

int bk__render_env_new(const char *const *plugin_paths, size_t n_plugin_paths, bk_render_env **out,
                       bk_error *err)
{
    *out = NULL;
    bk_render_env *env = calloc(1, sizeof *env);
    if (env)
        env->deflated = bk__deflate_cache_new();
    if (!env || !env->deflated) {
        bk__render_env_free(env);
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    }
    env->plugin_paths = plugin_paths;
    env->n_plugin_paths = n_plugin_paths;
    *out = env;
    return 0;
}

void bk__render_env_free(bk_render_env *env)
{
    if (!env)
        return;
    bk__yaml_cache_free(env->yaml);
    bk__deflate_cache_free(env->deflated);
    bk__fonts_free(env->fonts);
    bk__registry_free(env->registry);
    free(env);
}

void bk__render_env_on_assembled(bk_render_env *env, void (*fn)(void *ctx), void *ctx)
{
    env->assembled = fn;
    env->assembled_ctx = ctx;
}

int bk__render_env_registry(bk_render_env *env, const bk_registry **out, bk_error *err)
{
    int rc = 0;
    if (!env->registry)
        rc = bk__registry_scan(env->plugin_paths, env->n_plugin_paths, bk__host_table(),
                               &env->registry, err);
    *out = env->registry;
    return rc;
}

/* Every character the template and data give the sections, against the
 * fonts (coverage.h), before anything is drawn; the faces the text needs
 * are made known to Pango before any section forks. */
static int check_coverage(bk_render_env *env, const bk_render_opts *o, const bk_plan *p,
                          bk_error *err)
{
    bk_fonts *fonts;
    int rc = bk__render_env_fonts(env, &fonts, err);
    if (rc)
        return rc;
    bk_coverage_opts co = {o->missing_glyphs_warn, o->warn, o->warn_ctx, 0};
    rc = bk__coverage_check_template(p->tpl, fonts, &co, err);
    if (rc == 0)
        bk__fonts_pango_need(fonts, co.faces);
    return rc;
}

int bk__render_env_plan(bk_render_env *env, const bk_render_opts *o, bk_plan *p, bk_error *err)
{
    int rc = bk__plan_load(o, env->yaml, p, err);
    return rc ? rc : bk__render_env_plan_loaded(env, o, p, err);
}

int bk__render_env_plan_loaded(bk_render_env *env, const bk_render_opts *o, bk_plan *p,
                               bk_error *err)
{
    const bk_registry *registry;
    int rc = bk__render_env_registry(env, &registry, err);
    if (!rc)
        rc = bk__plan_sections(p, registry, err);
    if (!rc)
        rc = check_coverage(env, o, p, err);
    return rc;
}

int bk__render_env_fonts(bk_render_env *env, bk_fonts **out, bk_error *err)
{
    int rc = 0;
    if (!env->fonts)
        rc = bk__fonts_open(NULL, &env->fonts, err);
    *out = env->fonts;
    return rc;
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

/* Loads into the env's Pango font map the fonts the cairo sections and the
 * chrome of briefings like `p` use, so each forked render finds them
 * loaded, measured and with their glyphs' metrics (otherwise a sixth of a
 * zone profile's time, in every job). Pango 1.50 matches and sorts each
 * new font pattern in two threads of its own; a child forked while one
 * runs would wait forever for a result it will never get. The layouts here
 * need every fallback font (the sample holds Chinese, which only the
 * second face of each family has), so Pango itself waits for each result,
 * and this process then waits, at most a second, until it is alone again;
 * if it is not, the caller must not fork, and hears so. */
static int load_pango_fonts(bk_render_env *env, const bk_plan *p, const uint32_t *cps, size_t n_cps,
                            bk_error *err)
{
    if (other_threads() != 0)
        return bk__error(err, BK_EINVAL, NULL,
                         "Pango's fonts are not loaded ahead: this process runs other threads");
    bk_theme theme;
    bk__theme_default(&theme);
    char *sample = malloc(n_cps * 4 + 1);
    bk_chrome_entry *entries = calloc(p->n_sections ? p->n_sections : 1, sizeof *entries);
    int rc = 0;
    if (!sample || !entries)
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory");
    if (!rc) {
        size_t len = 0;
        for (size_t i = 0; i < n_cps; i++)
            len += (size_t)g_unichar_to_utf8(cps[i], sample + len);
        sample[len] = '\0';
        const bk_doc_settings *doc = &p->tpl->doc;
        bk_engine_setup setup = {
            .page_w = doc->page_w,
            .page_h = doc->page_h,
            .fonts = env->fonts,
            .theme = &theme,
            .lang = doc->lang,
        };
        rc = bk__engine_cairo_load_fonts(&setup, sample, err);
        for (size_t i = 0; !rc && i < p->n_sections; i++)
            entries[i] = (bk_chrome_entry){
                p->sections[i].spec->title ? p->sections[i].spec->title : "", 0, (int)i, 0};
        bk_chrome_input ci = {
            .doc = doc,
            .theme = &theme,
            .fonts = env->fonts,
            .entries = entries,
            .n_entries = p->n_sections,
            .body_pages = (int)p->n_sections,
            .epoch = bk__plan_epoch(),
        };
        /* The chrome is laid out only for the fonts its layouts load. */
        bk_chrome ch;
        if (!rc && (rc = bk__chrome_render(&ci, &ch, err)) == 0)
            bk__chrome_free(&ch);
    }
    free(entries);
    free(sample);
    for (int waited = 0; other_threads() > 0 && waited < 1000; waited++)
        usleep(1000);
    if (!rc && other_threads() > 0)
        rc = bk__error(err, BK_EINVAL, NULL,
                       "Pango's font threads still run after a second of waiting");
    return rc;
}

/* Pango's fonts and the assembly's streams for the briefings like `p`.
 * Tries every step; returns the first failure. */
static int prepare_briefing(bk_render_env *env, const bk_render_opts *o, const bk_plan *p,
                            bk_error *err)
{
    int rc = bk__render_env_style_fonts(env->fonts, p->tpl->doc.style, o->warn, o->warn_ctx, err);
    if (rc)
        return rc;
    uint32_t *cps = NULL;
    size_t n_cps = 0;
    rc = bk__section_sample_chars(&cps, &n_cps, err);
    if (rc)
        return rc;
    bk_error step;
    int first = 0;
    if (load_pango_fonts(env, p, cps, n_cps, &step) != 0)
        first = (*err = step).code;
    if (bk__assemble_prepare(env->deflated, &step) != 0 && !first)
        first = (*err = step).code;
    free(cps);
    return first;
}

int bk__render_env_style_fonts(bk_fonts *fonts, const bk_doc_style *style,
                               void (*warn)(void *ctx, const char *message), void *warn_ctx,
                               bk_error *err)
{
    int named = 0;
    for (int r = 0; style && r < BK_ROLE_COUNT_; r++)
        named |= style->fonts[r].file != NULL;
    /* The report look with numbered copies or marks keeps its own faces
     * unless the template names some. */
    if (!style || (style->kind == BK_STYLE_REPORT && !named)) {
        bk__fonts_no_roles(fonts);
        return 0;
    }
    return bk__fonts_use_roles(fonts, style->fonts, warn, warn_ctx, err);
}

int bk__render_env_prepare(bk_render_env *env, const bk_render_opts *o, size_t n, bk_error *err)
{
    bk__error_clear(err);
    const bk_registry *registry;
    bk_fonts *fonts;
    int rc = bk__render_env_registry(env, &registry, err);
    if (!rc)
        rc = bk__render_env_fonts(env, &fonts, err);
    /* fontconfig set up before any fork, so the cairo sections inherit it
     * and the chrome reuses it. */
    if (!rc && bk__fonts_prepare_pango(fonts) != 0)
        rc = bk__error(err, BK_EFONT, NULL, "fontconfig could not be set up for briefkit's fonts");
    if (!rc && !env->yaml && !(env->yaml = bk__yaml_cache_new()))
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory");
    if (rc)
        return rc;
    /* Each template and its data go into the cache as its render will load
     * them; a template that fails fails again, with the same words, in
     * each of its renders. */
    bk_error step;
    for (size_t i = 0; i < n; i++) {
        bk_plan p;
        int prc = bk__render_env_plan(env, &o[i], &p, &step);
        if (!prc && i == 0)
            prc = prepare_briefing(env, &o[i], &p, &step);
        bk__plan_free(&p);
        if (prc && !rc)
            rc = (*err = step).code;
    }
    return rc;
}
