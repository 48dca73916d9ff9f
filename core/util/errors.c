/* Error codes to words, and the single constructor every error goes
 * through, so one breakpoint on bk__verror catches them all. */
#include "errors.h"

#include <stdio.h>
#include <string.h>

const char *bk_strerror(int code)
{
    switch (code) {
#define BK__TEXT(name, value, text)                                                                \
    case value:                                                                                    \
        return text;
        BK_ERRNO_MAP(BK__TEXT)
#undef BK__TEXT
    }
    return "unknown error";
}

const char *bk_err_name(int code)
{
    switch (code) {
#define BK__NAME(name, value, text)                                                                \
    case value:                                                                                    \
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

size_t bk__escape_controls(const char *in, char *out, size_t size)
{
    size_t n = 0;
    if (!size)
        return 0;
    for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
        char esc[8] = "";
        if (*p == '\n' || *p == '\r' || *p == '\t')
            snprintf(esc, sizeof esc, "\\%c", *p == '\n' ? 'n' : *p == '\r' ? 'r' : 't');
        else if (*p < 0x20 || *p == 0x7f)
            snprintf(esc, sizeof esc, "\\x%02x", *p);
        else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            snprintf(esc, sizeof esc, "\\u00%02x", *++p);
        size_t len = *esc ? strlen(esc) : 1;
        if (n + len >= size)
            break;
        if (*esc)
            memcpy(out + n, esc, len);
        else
            out[n] = (char)*p;
        n += len;
    }
    out[n] = '\0';
    return n;
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
        bk__escape_controls(loc->file, err->file, sizeof err->file);
        err->line = loc->line;
        err->col = loc->col;
    }
    /* Messages quote values from templates and data: none may reach a
     * terminal or log with its control characters. */
    char raw[sizeof err->msg];
    vsnprintf(raw, sizeof raw, fmt, ap);
    bk__escape_controls(raw, err->msg, sizeof err->msg);
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

void bk__error_append(bk_error *all, const bk_error *more)
{
    static const char tail[] = "\n(and more errors)";
    if (!more || !more->code)
        return;
    if (!all->code) {
        *all = *more;
        return;
    }
    size_t used = strlen(all->msg);
    if (used >= sizeof tail - 1 && strcmp(all->msg + used - (sizeof tail - 1), tail) == 0)
        return;
    char line[sizeof all->msg + sizeof all->file + 32];
    bk_error_format(more, line, sizeof line);
    if (used + 1 + strlen(line) + sizeof tail <= sizeof all->msg) {
        snprintf(all->msg + used, sizeof all->msg - used, "\n%s", line);
        return;
    }
    /* Full: end at a whole line rather than inside a character. */
    if (used + sizeof tail > sizeof all->msg) {
        char *nl = all->msg + sizeof all->msg - sizeof tail;
        while (nl > all->msg && *nl != '\n')
            nl--;
        used = (size_t)(nl - all->msg);
    }
    snprintf(all->msg + used, sizeof all->msg - used, "%s", tail);
}
