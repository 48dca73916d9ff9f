/* Planning a briefing (plan.h): load the template, find each section's
 * plugin, choose its engine, validate its options. */
#include "plan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errors.h"
#include "suggest.h"

bk_template_input bk__plan_input(const bk_render_opts *o, bk_yaml_cache *yaml)
{
    return (bk_template_input){
        .path = o->template_path,
        .data_files = o->data_files,
        .n_data_files = o->n_data_files,
        .sets = o->sets,
        .n_sets = o->n_sets,
        .period = o->period,
        .lang = o->lang,
        .allow_paths = o->allow_paths,
        .n_allow_paths = o->n_allow_paths,
        .yaml = yaml,
        .style = {o->issue, o->copies, o->fonts, o->n_fonts},
    };
}

void bk__plan_free(bk_plan *p)
{
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
/* 1 when `path` is NAME.so: a plugin refused before its description was
 * read (its folder's permissions, its CPU) is known by its file name. */
static int file_is_named(const char *path, const char *name)
{
    const char *base = path ? strrchr(path, '/') : NULL;
    base = base ? base + 1 : path;
    size_t n = strlen(name);
    return base && strncmp(base, name, n) == 0 && strcmp(base + n, ".so") == 0;
}

static int unknown_plugin(const bk_plan *p, const bk_section_spec *spec, bk_error *err)
{
    const bk_node *where = bk__node_get(spec->node, "plugin");
    size_t n = bk__registry_count(p->registry);
    for (size_t i = 0; i < n; i++) {
        const bk_loaded_plugin *lp = bk__registry_at(p->registry, i);
        if (!lp->ok && (lp->desc.name ? strcmp(lp->desc.name, spec->plugin) == 0
                                      : file_is_named(lp->path, spec->plugin)))
            return bk__error(err, BK_EPLUGIN, node_loc(where, spec->node),
                             "plugin \"%s\" was found but refused: %s", spec->plugin, lp->refusal);
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

int bk__plan_load_input(const bk_template_input *in, bk_plan *p, bk_error *err)
{
    memset(p, 0, sizeof *p);
    if (!in->path)
        return bk__error(err, BK_EINVAL, NULL, "no template given");
    p->arena = bk__arena_new(0);
    if (!p->arena)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    return bk__template_load(p->arena, in, &p->tpl, err);
}

int bk__plan_load(const bk_render_opts *o, bk_yaml_cache *yaml, bk_plan *p, bk_error *err)
{
    memset(p, 0, sizeof *p);
    if (!o)
        return bk__error(err, BK_EINVAL, NULL, "no template given");
    bk_template_input in = bk__plan_input(o, yaml);
    return bk__plan_load_input(&in, p, err);
}

/* A wrong plugin or engine stops planning; option mistakes are gathered
 * over every section, so one `validate` run lists them all. */
int bk__plan_sections(bk_plan *p, const bk_registry *registry, bk_error *err)
{
    bk_error all;
    bk__error_clear(&all);
    p->registry = registry;
    p->n_sections = p->tpl->n_sections;
    p->sections = calloc(p->n_sections ? p->n_sections : 1, sizeof *p->sections);
    if (!p->sections)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < p->n_sections; i++) {
        bk_planned_section *ps = &p->sections[i];
        ps->spec = &p->tpl->sections[i];
        ps->plugin = bk__registry_find(p->registry, ps->spec->plugin);
        if (!ps->plugin)
            return unknown_plugin(p, ps->spec, err);
        int rc = choose_engine(ps->spec, ps->plugin, &ps->engine, err);
        if (rc)
            return rc;
        char *label =
            bk__arena_printf(p->arena, "section '%s' (%s)", ps->spec->id, ps->plugin->desc.name);
        if (!label)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        bk_error one;
        bk__error_clear(&one);
        rc = bk__options_validate(p->arena, ps->plugin->desc.options, ps->plugin->desc.abi_minor,
                                  ps->spec->options, &ps->spec->node->loc, label, &ps->options,
                                  &one);
        if (rc == BK_ENOMEM)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        bk__error_append(&all, &one);
    }
    if (all.code) {
        if (err)
            *err = all;
        return all.code;
    }
    return 0;
}

long long bk__plan_epoch(void)
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
