/* Internal: finding, loading and checking section plugins.
 *
 * One file at a time (the search path is plugin_registry.h's): it is opened
 * with RTLD_NOW | RTLD_LOCAL, its single entry symbol called with the host
 * table, and its description copied into a zeroed struct and checked.
 * Plugins are never dlclose()d (DESIGN.md: destructors after unmap).
 * `host` is the table handed to each entry function (bk__host_table() in a
 * real run; tests pass their own). */
#ifndef BK_PLUGIN_LOADER_H
#define BK_PLUGIN_LOADER_H

#include <stddef.h>

#include <briefkit/error.h>
#include <briefkit/plugin.h>

typedef struct bk_loaded_plugin {
    char *path;        /* the .so file */
    bk_plugin desc;    /* zero-extended copy of the plugin's description */
    int ok;            /* 1: usable; 0: refused, see refusal */
    char refusal[512]; /* "<path>: why", when !ok */
} bk_loaded_plugin;

/* Loads one file into `out` (refusal filled when it is not usable); used by
 * the scan and by tests. Returns 0 when usable, else BK_EPLUGIN/BK_EABI with
 * err->msg equal to out->refusal. */
int bk__plugin_load_file(const char *path, const bk_host *host, bk_loaded_plugin *out,
                         bk_error *err);

#endif
