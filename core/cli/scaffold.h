/* Writing a new section plugin's skeleton (`briefkit plugin new`, part of
 * the CLI: cli/scaffold.c). The name rule is separate, so a bad name is
 * refused before any folder is made. */
#ifndef BK_CLI_SCAFFOLD_H
#define BK_CLI_SCAFFOLD_H

#include <stdio.h>

#include <briefkit/error.h>

/* Longest plugin name accepted, in bytes. */
#define BK_SCAFFOLD_NAME_MAX 64

/* 0 when `name` matches [a-z][a-z0-9_]* and is at most BK_SCAFFOLD_NAME_MAX
 * bytes, else BK_EINVAL saying what is wrong with it. */
int bk_cli_scaffold_check_name(const char *name, bk_error *err);

/* Writes a ready-to-build section plugin skeleton into the new folder `dir`
 * (NULL or "": `name`): NAME.c, CMakeLists.txt (find_package(briefkit) +
 * briefkit_add_plugin), README.md and NAME.yaml, a template that uses it.
 * `engine` is "cairo" or "haru" (NULL: "cairo"). Refuses a `dir` that
 * already exists, and leaves nothing behind when it fails. Each file
 * written is listed on `out` when it is not NULL. */
int bk_cli_plugin_new(const char *name, const char *engine, const char *dir, FILE *out,
                      bk_error *err);

#endif
