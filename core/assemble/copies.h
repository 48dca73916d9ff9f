/* Internal: numbered copies (份号). A briefing with `copies` (or a
 * `recipients` list, or --copies N) is assembled once per copy from the
 * same section fragments, each copy with its six-digit number top left and
 * its recipient's name faint on every page, and written to a name of its
 * own. The copy number is all that differs, so a copy's bytes are the same
 * on every run. */
#ifndef BK_COPIES_H
#define BK_COPIES_H

#include <stddef.h>

#include <briefkit/error.h>

#include "assemble.h"

/* The file copy `k` (1-based) goes to: "{copy}" in `output` replaced by the
 * six-digit number, else "-NNNNNN" put before a final ".pdf" (or appended).
 * malloc'd; NULL when out of memory. */
char *bk__copy_path(const char *output, int k);

/* Assembles and writes every copy of in->doc->style; on failure the copies
 * already written are removed again. *pages and *bytes: the last copy's. */
int bk__copies_write(const bk_assembly *in, const char *output, int *pages, size_t *bytes,
                     bk_error *err);

#endif
