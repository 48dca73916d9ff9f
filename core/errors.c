/* Error codes to words, and the single constructor every error goes
 * through, so one breakpoint on bk__verror catches them all. */
#include "errors.h"

#include <stdio.h>
#include <string.h>

const char *bk_strerror(int code)
{
    switch (code) {
#define BK__TEXT(name, value, text)                                                           \
    case value:                                                                               \
        return text;
        BK_ERRNO_MAP(BK__TEXT)
#undef BK__TEXT
    }
    return "unknown error";
}

const char *bk_err_name(int code)
{
    switch (code) {
#define BK__NAME(name, value, text)                                                           \
    case value:                                                                               \
        return #name;
        BK_ERRNO_MAP(BK__NAME)
#undef BK__NAME
    }
    return "EUNKNOWNCODE";
}

int bk_error_format(const bk_error *err, char *buf, size_t size)
{
    if (!err->file[0])
        return snprintf(buf, size, "%s", err->msg);
    if (err->line <= 0)
        return snprintf(buf, size, "%s: %s", err->file, err->msg);
    if (err->col <= 0)
        return snprintf(buf, size, "%s:%d: %s", err->file, err->line, err->msg);
    return snprintf(buf, size, "%s:%d:%d: %s", err->file, err->line, err->col, err->msg);
}

void bk__error_clear(bk_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

int bk__verror(bk_error *err, int code, const bk_loc *loc, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    err->file[0] = '\0';
    err->line = err->col = 0;
    if (loc && loc->file) {
        snprintf(err->file, sizeof err->file, "%s", loc->file);
        err->line = loc->line;
        err->col = loc->col;
    }
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return code;
}

int bk__error(bk_error *err, int code, const bk_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bk__verror(err, code, loc, fmt, ap);
    va_end(ap);
    return code;
}
