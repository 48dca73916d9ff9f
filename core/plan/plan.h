/* Internal: planning a briefing, everything that can be checked without
 * drawing: the template and its data loaded, each section's plugin found
 * and its engine chosen, its options validated against the plugin's
 * schema. `briefkit validate` is a plan and nothing more, so validate and
 * render report the same errors at the same locations.
 *
 * What a plan reads comes from one place: bk__plan_input turns the caller's
 * bk_render_opts into the template loader's input, for a render, a
 * validation and a batch's input digests alike. */
#ifndef BK_PLAN_H
#define BK_PLAN_H

#include <stddef.h>

#include <briefkit/briefkit.h>

#include "arena.h"
#include "options.h"
#include "plugin_registry.h"
#include "template.h"
#include "yaml_file.h"

/* One section, ready to render. */
typedef struct bk_planned_section {
    const bk_section_spec *spec;
    const bk_loaded_plugin *plugin;
    bk_options *options;
    int engine; /* BK_ENGINE_HARU or BK_ENGINE_CAIRO */
} bk_planned_section;

typedef struct bk_plan {
    bk_arena *arena;
    const bk_registry *registry; /* the env's */
    bk_template *tpl;
    bk_planned_section *sections;
    size_t n_sections;
} bk_plan;

/* What loading o's template takes: its path, data files, --set values,
 * period and allowed folders, with the parsed-file cache `yaml` (NULL:
 * none). Borrows from `o`. */
bk_template_input bk__plan_input(const bk_render_opts *o, bk_yaml_cache *yaml);

/* Loads o's template (through `yaml`, the parsed-file cache; NULL: none).
 * `p` is filled even on failure; free it with bk__plan_free. */
int bk__plan_load(const bk_render_opts *o, bk_yaml_cache *yaml, bk_plan *p, bk_error *err);
/* The same for an input already made (bk__plan_input, with whatever the
 * caller adds to it, such as a callback for the data files). */
int bk__plan_load_input(const bk_template_input *in, bk_plan *p, bk_error *err);
/* Plans every section of a loaded `p`: its plugin found in `registry`, its
 * engine chosen, its options validated. Two steps so that a caller opens
 * the registry only once the template is sound. */
int bk__plan_sections(bk_plan *p, const bk_registry *registry, bk_error *err);
void bk__plan_free(bk_plan *p);

/* The render's clock, in seconds since 1970: SOURCE_DATE_EPOCH when set
 * and valid (the reproducible-builds convention), else now. */
long long bk__plan_epoch(void);

#endif
