/* Internal: running one section's plugin into a fragment.
 *
 * Sets up the engine, the bk_section the plugin sees and the host state
 * behind it (cursor, pages, bookmarks, the first error), calls render(), and
 * returns the fragment. Runs in the calling process; isolate.c wraps it in a
 * child process. The libharu sections of a briefing can also render as one
 * group into one document (bk__section_render_group). */
#ifndef BK_SECTION_RUN_H
#define BK_SECTION_RUN_H

#include <briefkit/error.h>

#include "engine.h"
#include "fonts.h"
#include "fragment.h"
#include "options.h"
#include "plugin_loader.h"
#include "template.h"
#include "theme.h"

typedef struct bk_section_job {
    const bk_loaded_plugin *plugin;
    const bk_section_spec *spec;
    const bk_options *options;
    int engine; /* BK_ENGINE_HARU or BK_ENGINE_CAIRO, already checked */
    const bk_doc_settings *doc;
    const bk_theme *theme;
    bk_fonts *fonts;
    /* haru: the characters the font subsets hold, sorted and unique; NULL:
     * the section's own (see bk__section_codepoints). */
    const uint32_t *codepoints;
    size_t n_codepoints;
    /* Where the plugin's bk_log() lines go; NULL drops them. */
    void (*warn)(void *ctx, const char *message);
    void *warn_ctx;
    /* haru: a prototype document the engine may take over (engine.h). */
    bk_haru_proto *haru_proto;
} bk_section_job;

/* The sorted, unique characters every haru section among `jobs` may draw:
 * titles, options, data and common punctuation. Giving every haru section the
 * same set makes their font subsets identical, so the subsets are made once
 * (bk__fonts_subset remembers them) and the assembler keeps one copy of each
 * embedded font. *out is malloc'd. */
int bk__section_codepoints(const bk_section_job *jobs, size_t n, uint32_t **out, size_t *n_out,
                           bk_error *err);

/* Errors from the plugin carry the section's location (or the node it named)
 * and start with "section '<id>' (<plugin>): ". */
int bk__section_render(const bk_section_job *job, bk_fragment *out, bk_error *err);

/* Renders the libharu sections jobs[0..n) one after another into ONE libharu
 * document, each from a new page, so every font is created and embedded
 * once. Each section keeps its own bk_section and host state; only the
 * document is shared. The jobs must share one bk_doc_settings (one page
 * size). On success frags[0] owns the PDF and frags[1..n) borrow it (see
 * fragment.h), every fragment has `shared` set and its page range, and the
 * plugins' bk_log() lines are passed on; on failure every fragment is
 * empty, the lines are dropped and *err holds the first error. A failure
 * here is not meant for the user: the caller renders the sections one by
 * one (bk__section_render), which names the section at fault exactly. */
int bk__section_render_group(const bk_section_job *jobs, size_t n, bk_fragment *frags,
                             bk_error *err);

#endif
