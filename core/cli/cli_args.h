/* The argument checks the briefkit subcommands share, so that render and
 * batch take --section-timeout and --section-memory with the same ranges
 * and the same words. */
#ifndef BK_CLI_ARGS_H
#define BK_CLI_ARGS_H

#include <stddef.h>

/* A number within [lo, hi]; the whole argument must be the number. 0, or
 * -1 when it is not. */
int bk_cli_number(const char *s, double lo, double hi, double *out);

/* --section-timeout S and --section-memory MB: NULL with *out set, or what
 * is wrong, for the caller to print as a usage error. */
const char *bk_cli_section_timeout(const char *arg, double *out);
const char *bk_cli_section_memory(const char *arg, size_t *out);

#endif
