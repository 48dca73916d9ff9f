/* Internal: the one place errors are made (set a breakpoint on bk__error). */
#ifndef BK_ERRORS_H
#define BK_ERRORS_H

#include <stdarg.h>

#include <briefkit/error.h>

/* Fills `err` (may be NULL) with code, location (may be NULL) and message;
 * returns `code`. */
int bk__error(bk_error *err, int code, const bk_loc *loc, const char *fmt, ...)
    BK_PRINTF(4, 5);
int bk__verror(bk_error *err, int code, const bk_loc *loc, const char *fmt, va_list ap);

/* Clears `err` to "no error". */
void bk__error_clear(bk_error *err);

#endif
