/* Internal: writing a new section plugin's skeleton (`briefkit plugin new`).
 *
 * The public call is bk_plugin_new() in briefkit.h; what the CLI and the
 * tests also need is the name rule, so a bad name is refused before any
 * folder is made. */
#ifndef BK_SCAFFOLD_H
#define BK_SCAFFOLD_H

#include <briefkit/error.h>

/* Longest plugin name accepted, in bytes. */
#define BK_SCAFFOLD_NAME_MAX 64

/* 0 when `name` matches [a-z][a-z0-9_]* and is at most BK_SCAFFOLD_NAME_MAX
 * bytes, else BK_EINVAL saying what is wrong with it. */
int bk__scaffold_check_name(const char *name, bk_error *err);

#endif
