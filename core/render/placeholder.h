/* Internal: the marked "section unavailable" page that stands in for a
 * section whose template says `on_error: placeholder`. */
#ifndef BK_PLACEHOLDER_H
#define BK_PLACEHOLDER_H

#include <briefkit/error.h>

#include "fragment.h"
#include "section_run.h"

/* One page naming the section and why it failed (`why`), drawn with cairo. */
int bk__placeholder_fragment(const bk_section_job *job, const bk_error *why, bk_fragment *out,
                             bk_error *err);

#endif
