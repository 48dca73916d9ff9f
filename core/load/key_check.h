/* Internal: refusing the keys a YAML map may not hold, in one wording for
 * templates, section options and schedules. */
#ifndef BK_KEY_CHECK_H
#define BK_KEY_CHECK_H

#include <briefkit/error.h>

#include "node.h"

/* BK_EUNKNOWN at `key`, which is not one of `allowed` (NULL-ended):
 *   CONTEXT: unknown NOUN "KEY"; did you mean "NEAR"? (expected one of A, B, C)
 * "did you mean" only when a name is close (suggest.h); no "CONTEXT: " when
 * `context` is NULL or empty; "(expected none)" when `allowed` is
 * empty. `noun` says what a key is ("key", "field", "option"). */
int bk__key_unknown(const bk_node *key, const char *const *allowed, const char *context,
                    const char *noun, bk_error *err);

/* 0 when every key of the MAP `map` is one of `allowed`; otherwise
 * bk__key_unknown for the first key that is not. */
int bk__key_check(const bk_node *map, const char *const *allowed, const char *context,
                  const char *noun, bk_error *err);

#endif
