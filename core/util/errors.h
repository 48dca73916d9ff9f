/* Internal: the one place errors are made (set a breakpoint on bk__error). */
#ifndef BK_ERRORS_H
#define BK_ERRORS_H

#include <stdarg.h>

#include <briefkit/error.h>

/* Fills `err` (may be NULL) with code, location (may be NULL) and message;
 * returns `code`. */
int bk__error(bk_error *err, int code, const bk_loc *loc, const char *fmt, ...) BK_PRINTF(4, 5);
int bk__verror(bk_error *err, int code, const bk_loc *loc, const char *fmt, va_list ap);

/* Copies `in` to `out` (`size` bytes, always terminated) with every control
 * character written out, so that a value from a template or data file
 * cannot move the cursor, ring the bell or forge a line of a terminal or a
 * log: \n, \r and \t as such, other C0 codes and DEL as \xHH, the C1 codes
 * (U+0080..U+009F, which some terminals obey) as \u00HH. Returns the
 * length written. `in` and `out` may not overlap. */
size_t bk__escape_controls(const char *in, char *out, size_t size);

/* Clears `err` to "no error". */
void bk__error_clear(bk_error *err);

/* Adds `more` to `all`, so one run can report several mistakes: the first
 * error added keeps its code and location; each later one is appended to
 * the message as a line of its own, "\nfile:line:col: message", and when
 * the message is full it ends "\n(and more errors)". */
void bk__error_append(bk_error *all, const bk_error *more);

#endif
