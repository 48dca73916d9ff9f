/* The section plugin contract, SDK v1 (ABI 1.1). A plugin includes only this header.
 *
 * A plugin is a shared object exporting exactly one symbol, written by
 * BK_PLUGIN(desc): `briefkit_plugin_v1`, which receives the host table and
 * returns a constant description. Plugins never link libbriefkit: every
 * service reaches them through the host table (see host.h), so a plugin
 * built for ABI 1.m works with any host 1.n, n >= m.
 *
 *     static const bk_option_spec options[] = {
 *         {"zone", BK_OPT_STRING, 1, NULL, 0, 0, NULL, "zone id in the data"},
 *         {NULL}};
 *     static int render(bk_section *sec) { return bk_heading(sec, 1, sec->title); }
 *     static const bk_plugin plugin = {BK_PLUGIN_HEADER,
 *         .engines = BK_ENGINE_CAIRO, .name = "hello", .version = "1.0",
 *         .summary = "Says hello", .license = "MIT", .options = options,
 *         .render = render};
 *     BK_PLUGIN(plugin)
 */
#ifndef BRIEFKIT_PLUGIN_H
#define BRIEFKIT_PLUGIN_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "blocks.h"
#include "node.h"
#include "section.h"
#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Option types. A value in the template is checked against its type before
 * any plugin code runs; every option error of a section is reported at
 * once, not only the first. */
typedef enum bk_opt_type {
    BK_OPT_STRING = 1,
    BK_OPT_INT = 2,    /* whole number within [min, max] when min < max */
    BK_OPT_NUMBER = 3, /* any finite number within [min, max] when min < max */
    BK_OPT_BOOL = 4,   /* true / false */
    BK_OPT_ENUM = 5,   /* one of `choices` */
    BK_OPT_LIST = 6,   /* a YAML list of strings; since 1.1 each one of `choices`
                        * when choices is not NULL */
    BK_OPT_NODE = 7    /* any YAML value, handed over as a bk_node */
} bk_opt_type;

/* An open end of an option's range: {.min = 0, .max = BK_UNBOUNDED} reads
 * "0 or more", {.min = -BK_UNBOUNDED, .max = 100} "at most 100". Since: 1.1 */
#define BK_UNBOUNDED ((double)INFINITY)

/* One option a plugin accepts. The array ends with an entry whose name is
 * NULL. It must be static: the host keeps pointers into it. */
typedef struct bk_option_spec {
    const char *name;             /* [a-z0-9_]+, unique in the array */
    bk_opt_type type;
    int required;                 /* 1: the template must give it */
    const char *default_value;    /* as YAML text, or NULL; must itself be valid */
    double min, max;              /* range for INT and NUMBER when min < max;
                                   * either end may be (-)BK_UNBOUNDED */
    const char *const *choices;   /* ENUM (and LIST since 1.1): NULL-terminated list */
    const char *help;             /* one line for `briefkit plugins --describe` */
} bk_option_spec;

typedef struct bk_host bk_host;

/* What a plugin is. Constant, static, owned by the plugin. The host copies
 * min(size, sizeof) bytes into a zeroed struct and treats fields past `size`
 * as absent. Append-only within a major version. */
typedef struct bk_plugin {
    uint32_t size;      /* sizeof(bk_plugin) as the plugin was built */
    uint32_t abi_major; /* BK_ABI_MAJOR the plugin was built with */
    uint32_t abi_minor; /* BK_ABI_MINOR the plugin was built with */
    uint32_t engines;   /* bk_engine bits it can draw with */
    uint32_t preferred_engine; /* used when the template names none; 0: lowest bit */
    const char *name;    /* section plugin name used in templates: [a-z0-9_]+ */
    const char *version; /* the plugin's own version, e.g. "1.2.0" */
    const char *summary; /* one line */
    const char *license; /* SPDX identifier */
    const bk_option_spec *options; /* may be NULL: no options */
    /* Draws the section. Returns 0, or the value of bk_fail(). Called once per
     * section, possibly in a child process. Must not exit, abort on bad input,
     * start threads, or keep pointers the host gave it after returning.
     * [render-thread] Since: 1.0 */
    int (*render)(bk_section *sec);
    /* Optional: checks the section's data and options and draws nothing, so
     * `briefkit validate` refuses what render() would. Returns 0, or the
     * value of bk_fail() (pointing at the node at fault). It may call the
     * data, option, theme, logging and bk_fail() functions; drawing,
     * measuring text, bookmarks and bk_native() fail in it. Called by
     * `briefkit validate` and before render(), possibly in a child process;
     * the same rules as for render() apply. NULL: none.
     * [render-thread] Since: 1.1 */
    int (*validate)(bk_section *sec);
} bk_plugin;

BK_STATIC_ASSERT(offsetof(bk_plugin, size) == 0, "bk_plugin.size must come first");
BK_STATIC_ASSERT(offsetof(bk_plugin, abi_major) == 4, "bk_plugin.abi_major at offset 4");
BK_STATIC_ASSERT(offsetof(bk_plugin, abi_minor) == 8, "bk_plugin.abi_minor at offset 8");

#define BK_PLUGIN_HEADER                                                       \
    .size = sizeof(bk_plugin), .abi_major = BK_ABI_MAJOR, .abi_minor = BK_ABI_MINOR

/* The entry symbol's name for this major. */
#define BK_ENTRY_SYMBOL "briefkit_plugin_v1"

typedef const bk_plugin *(*bk_entry_fn)(const bk_host *host);

#ifdef __cplusplus
}
#endif

#include "host.h"

/* Writes the plugin's one exported symbol. Use once per plugin, at file scope. */
#define BK_PLUGIN(desc)                                                        \
    BK_HIDDEN const bk_host *bk__host;                                         \
    BK_EXPORT const bk_plugin *briefkit_plugin_v1(const bk_host *host);        \
    const bk_plugin *briefkit_plugin_v1(const bk_host *host)                   \
    {                                                                          \
        bk__host = host;                                                       \
        return &(desc);                                                        \
    }

#endif
