/* Internal: running one section's plugin into a fragment.
 *
 * Sets up the engine, the bk_section the plugin sees and the host state
 * behind it (cursor, pages, bookmarks, the first error), calls render(), and
 * returns the fragment. Runs in the calling process; isolate.c wraps it in a
 * child process. Sections can also render as one group, in order, sharing
 * documents and pages (bk__section_render_group). */
#ifndef BK_SECTION_RUN_H
#define BK_SECTION_RUN_H

#include <briefkit/error.h>

#include "engine.h"
#include "fonts.h"
#include "fragment.h"
#include "options.h"
#include "plan.h"
#include "plugin_loader.h"
#include "section_job.h"
#include "template.h"
#include "theme.h"
#include "yaml_file.h"

/* The characters the warm-ups before a fork lay out in every face and
 * size (render.c, render_env.c): punctuation, arrows, signs, and the CJK
 * characters of dates, numbers and units that plugins print. Sorted;
 * *out is malloc'd. */
int bk__section_sample_chars(uint32_t **out, size_t *n, bk_error *err);

/* Runs the plugin's validate callback (ABI 1.1) with no engine: 0 when it
 * has none or it passed; else its error, worded as render's. Only `theme`,
 * `doc`, `spec`, `plugin` and `options` of the job are used. */
int bk__section_validate(const bk_section_job *job, bk_error *err);

/* Errors from the plugin carry the section's location (or the node it named)
 * and start with "section '<id>' (<plugin>): ". */
int bk__section_render(const bk_section_job *job, bk_fragment *out, bk_error *err);

/* The group of jobs[0..n): the sections that render one after another in
 * one process (bk__section_render_group), their indexes into idx[] in
 * order; returns how many (0 when fewer than two: a group of one gains
 * nothing). It holds every section of an engine that can share a document
 * (bk_engine_class.shares_document), so each font is created and embedded
 * once, and every section a `break: auto` links to its neighbour, since it
 * can only start where the one before it ended once that one has drawn. */
size_t bk__section_group(const bk_section_job *jobs, size_t n, size_t *idx);

/* Renders the group jobs[0..n) (bk__section_group) in order: the sections
 * of an engine that can share a document into ONE document of it, each
 * other section into its own. A `break: auto` section goes on on the page
 * the one before it left when enough of it is free (fragment.h: the same
 * page of a shared document, or a page laid over it). Each section keeps
 * its own bk_section and host state. On success each shared document's PDF
 * is owned by its first section's fragment and shared by the others (see
 * fragment.h), those fragments have `grouped` set and their page ranges,
 * and the plugins' bk_log() lines are passed on; on failure every fragment
 * is empty, the lines are dropped and *err holds the first error. A failure
 * here is not meant for the user: the caller renders the sections one by
 * one (bk__section_render), which names the section at fault exactly. */
int bk__section_render_group(const bk_section_job *jobs, size_t n, bk_fragment *frags,
                             bk_error *err);

/* What the plan says of each section's job: plugin, spec, options, engine
 * and document settings; jobs[0..p->n_sections) are zeroed first, so the
 * caller adds the rest (fonts, theme, caches, warnings). */
void bk__section_jobs_of_plan(const bk_plan *p, bk_section_job *jobs);

#endif
