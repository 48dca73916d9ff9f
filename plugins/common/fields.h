/* Typed fields of a built-in plugin's data, read with the message a user
 * gets for a wrong one. Compiled into each plugin that uses it (a plugin
 * links no libbriefkit), so not part of the SDK. */
#ifndef BKP_FIELDS_H
#define BKP_FIELDS_H

#include <briefkit/plugin.h>

/* The number field `key` of `map` (whose place in the data is `path`, for
 * the message) into *out: 1 when present, 0 when absent or null, or the
 * bk_fail code when it is not a number. */
int bkp_read_num(bk_section *sec, const bk_node *map, const char *path, const char *key,
                 double *out);

#endif
