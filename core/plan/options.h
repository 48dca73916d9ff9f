/* Internal: section options checked against a plugin's declared schema,
 * before any plugin code runs, and read back through the host table. */
#ifndef BK_OPTIONS_H
#define BK_OPTIONS_H

#include <briefkit/error.h>
#include <briefkit/plugin.h>

#include "arena.h"
#include "node.h"

typedef struct bk_options bk_options;

/* 1 when `s` is a plugin or option name: one or more of [a-z0-9_]. */
int bk__valid_name(const char *s);

/* Checks that a schema is well formed (names, types, defaults valid,
 * choices present for ENUM, min <= max, no duplicates) for a plugin built
 * for ABI 1.`minor` (since 1.1 a LIST's choices count). On failure writes
 * "option 'x': why" into why and returns BK_EPLUGIN. */
int bk__schema_check(const bk_option_spec *schema, unsigned minor, char *why, size_t why_size);

/* Validates `given` (a MAP or NULL) against `schema`: unknown option (with
 * "did you mean"), wrong type, out of range, not a choice, missing required.
 * Errors point at the offending YAML node; `section` names the section in
 * messages ("section 'overview' (zone_overview): ..."). Defaults are applied.
 * Every mistake is reported (bk__error_append): err holds the first one's
 * code and location and one line per mistake. */
int bk__options_validate(bk_arena *a, const bk_option_spec *schema, unsigned minor,
                         const bk_node *given, const bk_loc *section_loc, const char *section,
                         bk_options **out, bk_error *err);

int bk__opt_has(const bk_options *o, const char *name);
const char *bk__opt_str(const bk_options *o, const char *name); /* NULL when unset */
double bk__opt_num(const bk_options *o, const char *name);      /* NAN when unset */
int bk__opt_bool(const bk_options *o, const char *name);        /* 0 when unset */
const bk_node *bk__opt_node(const bk_options *o, const char *name);

#endif
