/* A growing byte buffer (byte_buf.h). */
#include "byte_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for `more` bytes and the NUL after them, or b->failed. */
static int reserve(bk_buf *b, size_t more)
{
    if (b->failed)
        return -1;
    if (more >= (size_t)-1 - b->n) {
        b->failed = 1;
        return -1;
    }
    size_t need = b->n + more + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > (size_t)-1 / 2 ? need : cap * 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void bk__buf_put(bk_buf *b, const void *data, size_t n)
{
    if (reserve(b, n) < 0)
        return;
    if (n)
        memcpy(b->p + b->n, data, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void bk__buf_puts(bk_buf *b, const char *s)
{
    bk__buf_put(b, s, strlen(s));
}

void bk__buf_printf(bk_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0) {
        b->failed = 1;
        return;
    }
    if (reserve(b, (size_t)len) < 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)len + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)len;
}

void bk__buf_free(bk_buf *b)
{
    free(b->p);
    *b = (bk_buf){0};
}
