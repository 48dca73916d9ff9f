/* Internal: rendering sections in child processes, several at once.
 *
 * Each section renders in a forked child (child_pool.h) with an address-
 * space limit and a deadline; the child sends its fragment (or its error)
 * back over a pipe.
 * A plugin that crashes, hangs, calls exit() or exhausts its memory costs one
 * clear error naming the plugin and the section; the parent never crashes or
 * waits forever. With isolation off, sections render in this process, one
 * after another (for debugging a plugin under gdb or valgrind). Either way
 * the libharu sections first render together into one libharu document,
 * and one by one only if that fails (isolate.c). */
#ifndef BK_ISOLATE_H
#define BK_ISOLATE_H

#include <stddef.h>

#include <briefkit/error.h>

#include "fragment.h"
#include "section_run.h"

/* A section child's address-space limit when bk_isolation gives none. */
#define BK_SECTION_MEMORY_MB 2048u

typedef struct bk_isolation {
    int enabled;      /* 0: render in this process, sequentially */
    int jobs;         /* children at once; <= 0: one per online CPU */
    double timeout;   /* seconds per section (the libharu group: times its
                       * sections); <= 0: 60 */
    size_t memory_mb; /* address-space limit per child; 0: BK_SECTION_MEMORY_MB */
} bk_isolation;

/* Renders jobs[i] into frags[i] for every i, and records each outcome in
 * errs[i] (code 0 on success). Returns 0 when every section rendered, else
 * the code of the first failed section in document order. Every fragment
 * must be freed by the caller whatever the result. */
int bk__render_all(const bk_section_job *jobs, size_t n, const bk_isolation *iso,
                   bk_fragment *frags, bk_error *errs);

#endif
