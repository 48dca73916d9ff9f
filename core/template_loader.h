/* Internal to template*.c: the state of one template load, and the checks
 * its parts share. */
#ifndef BK_TEMPLATE_LOADER_H
#define BK_TEMPLATE_LOADER_H

#include <briefkit/error.h>

#include "arena.h"
#include "expand.h"
#include "node.h"
#include "template.h"
#include "yaml_load.h"

typedef struct loader {
    bk_arena *a;
    bk_error *err;
    bk_yaml_limits lim;
    bk_template *t;
    bk_vars vars;
} loader;

/* BK_ENOMEM at `loc`. */
int bk__tpl_oom(loader *L, const bk_loc *loc);
/* The bool at `key` of `parent`, or `dflt` when absent. */
int bk__tpl_get_bool(loader *L, const bk_node *parent, const char *key, int dflt, int *out);
/* Loads the template's `data` entries and the extra files `in` gives into
 * L->t->data (template_data.c). */
int bk__tpl_load_data(loader *L, const bk_template_input *in);

#endif
