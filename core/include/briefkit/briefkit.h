/* libbriefkit's public API: render a briefing, validate a template, list
 * the plugins found, run a schedule of renders. The CLI is a thin program over these calls.
 *
 * Plugin authors include <briefkit/plugin.h> instead; plugins never link
 * libbriefkit. */
#ifndef BRIEFKIT_BRIEFKIT_H
#define BRIEFKIT_BRIEFKIT_H

#include <stddef.h>

#include "error.h"
#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What to render. Initialise with bk_render_opts_init(); every pointer is
 * borrowed for the duration of the call. */
typedef struct bk_render_opts {
    const char *template_path;
    const char *const *data_files; /* extra data files, merged after the template's */
    size_t n_data_files;
    const char *const *sets; /* "name=value" param overrides */
    size_t n_sets;
    const char *const *plugin_paths; /* searched before the default path */
    size_t n_plugin_paths;
    const char *output; /* PDF path; written atomically */
    int jobs;           /* sections rendered at once; 0: one per core */
    int isolate;        /* 1 (default): each section in a child process */
    double section_timeout; /* seconds per section in a child; 0: the default */
    size_t section_memory_mb; /* address-space limit per child; 0: the default */
    const char *period; /* YYYY-MM for {{ period }}; NULL: the month before today. Since: 0.1 */
    /* Folders the template's data files may lie in besides the template's own
     * folder and briefkit's data folder; a data file elsewhere is refused
     * (BK_EPATH). Files in data_files are not checked. Since: 0.1 */
    const char *const *allow_paths;
    size_t n_allow_paths;
    /* Receives each warning, one line without a newline: a section replaced
     * by its placeholder page, a plugin's bk_log() at warning level (or below,
     * with BRIEFKIT_LOG=info|debug). NULL drops them; the library itself
     * never prints. May be called from a section's child process.
     * Since: 0.1 */
    void (*warn)(void *ctx, const char *message);
    void *warn_ctx;
    /* The 简报 / 公文 styles (document.style): an issue number over the one
     * the period gives (--issue); numbered copies (--copies), each written
     * to the output name with "-NNNNNN" before ".pdf" (or in place of
     * "{copy}"); "ROLE=FILE" fonts by role (--font). 0 / NULL: none.
     * Since: 0.2 */
    int issue;
    int copies;
    const char *const *fonts;
    size_t n_fonts;
    /* "en" or "zh": the document's language instead of the template's
     * document.lang; NULL keeps the template's. Since: 0.2 */
    const char *lang;
    /* bk_validate: a text the document's language has no form of (a zh
     * briefing whose data lacks a `_zh` form) is an error, not a warning.
     * Since: 0.2 */
    int strict;
    /* A character of the briefing's text that no font of briefkit's has:
     * 0 (default) fails the render (BK_EFONT, located at the character);
     * 1 renders anyway, the character drawn as the font's replacement box,
     * with a warning for each. Since: 0.2 */
    int missing_glyphs_warn;
} bk_render_opts;

/* Figures from a finished render. */
typedef struct bk_render_stats {
    int pages;
    size_t bytes;
    double milliseconds;
    int sections;
    int copies; /* numbered copies written (0: the one output). Since: 0.2 */
} bk_render_stats;

/* Fills `o` with defaults. Since: 0.1 [thread-safe] */
BK_API void bk_render_opts_init(bk_render_opts *o);

/* Loads, validates and renders o->template_path into o->output. On failure
 * `err` says where and why, and no file exists at o->output (an existing
 * file there is left untouched). `stats` may be NULL. Since: 0.1 */
BK_API int bk_render(const bk_render_opts *o, bk_render_stats *stats, bk_error *err);

/* Everything bk_render() checks before drawing: template, params, data,
 * plugins and every section's options. Renders nothing. Since: 0.1 */
BK_API int bk_validate(const bk_render_opts *o, bk_error *err);

/* ---- Installed plugins (since 0.2) ----
 * What `briefkit plugins` shows: one scan of the plugin search path, every
 * plugin found in it, usable or refused. */

/* One scan of the search path; opaque. */
typedef struct bk_plugins bk_plugins;
/* An option's schema, as a plugin declares it: <briefkit/plugin.h>. */
struct bk_option_spec;

/* A plugin found by a scan. Every pointer is owned by the scan and valid
 * until bk_plugins_free; strings the plugin did not give are NULL. Fields
 * may be added at the end. Since: 0.2 */
typedef struct bk_plugin_info {
    const char *name;    /* as templates name it; NULL when refused before it said */
    const char *version; /* the plugin's own version */
    const char *summary; /* one line */
    const char *license; /* SPDX identifier */
    const char *path;    /* the shared object */
    unsigned abi_major, abi_minor; /* the plugin ABI it was built with */
    unsigned engines;              /* bk_engine bits (<briefkit/section.h>) */
    /* The options it accepts, ending with an entry whose name is NULL;
     * NULL when it takes none. */
    const struct bk_option_spec *options;
    /* Why it was refused ("<path>: what is wrong and how to fix it");
     * NULL when it is usable. */
    const char *refused;
    /* 1 when it checks its sections in `validate` (ABI 1.1). Since: 0.2 */
    int has_validate;
} bk_plugin_info;

/* Scans the search path (`plugin_paths` first, then BRIEFKIT_PLUGIN_PATH,
 * the per-user folder, the install's and the build's plugins) and loads
 * every plugin found; a refused plugin is kept with its reason. Only a
 * failure to allocate is an error. Free *out with bk_plugins_free.
 * Since: 0.2 */
BK_API int bk_plugins_scan(const char *const *plugin_paths, size_t n_paths, bk_plugins **out,
                           bk_error *err);
/* Since: 0.2 */
BK_API void bk_plugins_free(bk_plugins *p);
/* The plugins found, usable and refused, in search order. Since: 0.2 */
BK_API size_t bk_plugins_count(const bk_plugins *p);
/* Plugin `i` (< bk_plugins_count), owned by `p`. Since: 0.2 */
BK_API const bk_plugin_info *bk_plugin_info_at(const bk_plugins *p, size_t i);
/* The folders searched, in order, owned by `p`. Since: 0.2 */
BK_API size_t bk_plugins_dir_count(const bk_plugins *p);
BK_API const char *bk_plugins_dir_at(const bk_plugins *p, size_t i);

/* Calls fn(ctx, path) once for each file a render of `o` reads: the
 * template, the YAML data files it loads (its own and o->data_files), the
 * files its data entries name (YAML, CSV, SQLite and the database's
 * write-ahead log DB-wal; passed whether or not they exist now, so a file
 * that appears can be noticed) and the plugins its sections use, so a
 * caller can watch them (`briefkit watch`). A PostgreSQL entry reads no
 * file and passes nothing. A path is valid during the call only. When the
 * template does not load, the files read before the mistake are still
 * passed, and the mistake is returned. Since: 0.2 */
BK_API int bk_render_inputs(const bk_render_opts *o, void (*fn)(void *ctx, const char *path),
                            void *ctx, bk_error *err);

/* bk_render, which also calls fn(ctx, path) for each file the render reads,
 * as bk_render_inputs names them, from the one load of the template that it
 * renders: a data entry that queries a database runs its query once, not
 * once more for the list (`briefkit watch` renders with it). The files are
 * passed once the briefing is planned, before any section is drawn, and
 * when the template does not load or plan, those read before the mistake
 * are passed; nothing is passed when o->output is empty. A path is valid
 * during the call only. Since: 0.2 */
BK_API int bk_render_and_inputs(const bk_render_opts *o, void (*fn)(void *ctx, const char *path),
                                void *ctx, bk_render_stats *stats, bk_error *err);

/* The library's version string, e.g. "0.1.0". Since: 0.1 */
BK_API const char *bk_version(void);

/* ---- Scheduled batches (since 0.1) ----
 * A schedule (YAML, `briefkit_schedule: 1`) lists render jobs; a job may be
 * expanded over every item of a list in a data file (for_each). bk_batch_run
 * renders the jobs in child processes, several at once, and writes a JSON
 * summary. See docs/scheduling.md. */

typedef enum bk_batch_status {
    BK_BATCH_OK = 0,
    BK_BATCH_FAILED = 1,
    BK_BATCH_SKIPPED = 2 /* --skip-unchanged: inputs as last time, PDF present */
} bk_batch_status;

/* One finished job, as reported to the progress callback. Pointers are
 * borrowed for the duration of the callback. */
typedef struct bk_batch_result {
    const char *name;   /* "zone-profile[binhai]" */
    const char *output; /* the PDF path */
    bk_batch_status status;
    int pages;
    size_t bytes;
    double milliseconds;
    const bk_error *error; /* when status is BK_BATCH_FAILED, else NULL */
    int copies; /* numbered copies written, each to its own file (see
                   bk_render_opts.copies); 0: the one output. Since: 0.2 */
} bk_batch_result;

/* Counts so far; `last` is NULL for the call made before the first job
 * starts (so a caller can show the total at once). */
typedef struct bk_batch_progress {
    size_t total, done, failed, skipped;
    double elapsed_ms;
    const char *period; /* "YYYY-MM" */
    const bk_batch_result *last;
} bk_batch_progress;

typedef struct bk_batch_opts {
    const char *schedule_path;
    const char *period;       /* "YYYY-MM"; NULL: the month before now */
    int jobs;                 /* briefings rendered at once; 0: one per core */
    int shard_index;          /* 1-based K of --shard K/N; 0: no sharding */
    int shard_count;          /* N of --shard K/N */
    int skip_unchanged;       /* skip a job whose inputs' digest matches OUT.pdf.inputs */
    const char *summary_path; /* NULL: beside the schedule */
    const char *const *plugin_paths;
    size_t n_plugin_paths;
    /* Called in the calling thread after each job (and once before any). */
    void (*progress)(const bk_batch_progress *p, void *user);
    void *user;
    /* Receives each render's warnings (a placeholder page used, a plugin's
     * warning), prefixed with the job's name; called from the job's own
     * process. NULL drops them. Since: 0.1 */
    void (*warn)(void *ctx, const char *message);
    void *warn_ctx;
    /* Folders the jobs' templates may read data files in, as
     * bk_render_opts.allow_paths (--allow-path). Since: 0.2 */
    const char *const *allow_paths;
    size_t n_allow_paths;
    /* As bk_render_opts' (--section-timeout, --section-memory): each
     * section's limits when a job runs its sections isolated, and the
     * limits of a job's first, in-process run. 0: the defaults (60 s,
     * 2048 MB). Since: 0.2 */
    double section_timeout;
    size_t section_memory_mb;
} bk_batch_opts;

/* Figures from a whole batch. */
typedef struct bk_batch_totals {
    size_t jobs, ok, failed, skipped;
    double milliseconds;
    char summary_path[1024]; /* where the summary JSON was written */
} bk_batch_totals;

/* Fills `o` with defaults. Since: 0.1 [thread-safe] */
BK_API void bk_batch_opts_init(bk_batch_opts *o);

/* Parses "K/N" (1 <= K <= N <= 10000) as used by --shard. Since: 0.1 */
BK_API int bk_batch_parse_shard(const char *s, int *k, int *n, bk_error *err);

/* Loads the schedule, expands its jobs, renders this shard's jobs and
 * writes the summary. A failed job does not stop the others. Returns 0 when
 * every job succeeded or was skipped, BK_ERENDER when any failed (err says
 * how many and names the first), or the error that stopped the batch before
 * any job ran (a bad schedule, with its location). `totals` may be NULL.
 * Must not be called from a multi-threaded process (it forks). Since: 0.1 */
BK_API int bk_batch_run(const bk_batch_opts *o, bk_batch_totals *totals, bk_error *err);

#ifdef __cplusplus
}
#endif
#endif
