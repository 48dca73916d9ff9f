/* Internal: `{{ name }}` expansion in template strings.
 *
 * A name is a param, a built-in (date, ...), or a dotted path into the data
 * tree ("zones.0.name_en"), whose list steps may select an item by a field
 * and the value of a param or built-in ("zones[id=zone].name_en"). The value
 * must be a scalar. An unknown name, a selector that matches nothing, an
 * unclosed "{{" or a non-scalar value is an error at the string's location. */
#ifndef BK_EXPAND_H
#define BK_EXPAND_H

#include <briefkit/error.h>

#include "arena.h"
#include "node.h"

typedef struct bk_vars {
    const bk_node *params;   /* MAP name -> STRING value (after defaults and --set) */
    const bk_node *builtins; /* MAP name -> STRING value: date, and later period.* */
    const bk_node *data;     /* merged data MAP, may be NULL */
} bk_vars;

/* Expands every {{ }} in `s`; `*out` is `s` itself when there is none. */
int bk__expand_string(bk_arena *a, const char *s, const bk_loc *loc, const bk_vars *vars,
                      const char **out, bk_error *err);
/* A copy of `n` with every string scalar expanded (keys are not expanded).
 * Shares unchanged subtrees; bounded by the arena's limit. */
int bk__expand_tree(bk_arena *a, const bk_node *n, const bk_vars *vars, const bk_node **out,
                    bk_error *err);

#endif
