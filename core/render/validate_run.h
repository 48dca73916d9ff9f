/* Internal: `briefkit validate`'s last step, the plugins' own checks.
 *
 * Once a plan is sound (template, data, options), each section whose plugin
 * has a validate callback (ABI 1.1) runs it, in a child process when
 * isolation is on, so a plugin that crashes in validate costs one error as
 * it would in render. Every section is checked and every error reported. */
#ifndef BK_VALIDATE_RUN_H
#define BK_VALIDATE_RUN_H

#include <stddef.h>

#include <briefkit/error.h>

#include "isolate.h"
#include "section_run.h"

/* Runs the validate callbacks of jobs[0..n); 0 when all passed, else the
 * first failure's code with every failure in `err` (bk__error_append). */
int bk__validate_all(const bk_section_job *jobs, size_t n, const bk_isolation *iso, bk_error *err);

#endif
