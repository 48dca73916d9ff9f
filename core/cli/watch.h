/* `briefkit watch TEMPLATE -o OUT.pdf` (part of the CLI: cli/watch.c). */
#ifndef BK_CLI_WATCH_H
#define BK_CLI_WATCH_H

#include <briefkit/briefkit.h>

/* Renders `o` now and again whenever one of its inputs changes, until
 * interrupted, or after `max_renders` renders when it is above 0 (for
 * tests). Returns the exit code: 0, or 1 when watching cannot start. */
int bk_cli_watch(const bk_render_opts *o, int quiet, long max_renders);

#endif
