/* Internal: reading one typed field of a YAML map a user wrote, with the
 * message they see when it is not of that type. */
#ifndef BK_YAML_FIELD_H
#define BK_YAML_FIELD_H

#include <stddef.h>

#include <briefkit/error.h>

#include "node.h"

/* What the user wrote, for "got ...": text in quotes (cut to 60 bytes, at a
 * character boundary, with "..."), anything else by its kind ("a list"). */
void bk__field_describe(const bk_node *n, char *buf, size_t size);

/* The bool at `key` of the MAP `map` (which may be NULL) into *out, or
 * `dflt` when absent or null; BK_ETYPE at the value when it is not true or
 * false ("KEY: expected true or false, got ..."). */
int bk__field_bool(const bk_node *map, const char *key, int dflt, int *out, bk_error *err);

/* `text` (the value of `n`, after any {{ }} expansion) read as a whole
 * number in [lo, hi] into *out; BK_EINVAL at `n` when it is not one
 * ("KEY: expected a whole number from LO to HI, got ..."). */
int bk__field_whole(const bk_node *n, const char *key, const char *text, int lo, int hi, int *out,
                    bk_error *err);

#endif
