/* Internal: a growing byte buffer, for what briefkit builds in memory before
 * handing it on (content streams, ToUnicode maps, the JSON summary, a
 * child's result, a cairo surface's PDF). It doubles as it grows. A failed
 * allocation is remembered rather than returned from every append, so a
 * builder appends freely and checks `failed` once at the end. The bytes are
 * always followed by a NUL that `n` does not count, so text reads as a C
 * string. */
#ifndef BK_BYTE_BUF_H
#define BK_BYTE_BUF_H

#include <stddef.h>

#include <briefkit/error.h>

typedef struct bk_buf {
    char *p; /* malloc'd; NULL until the first append */
    size_t n, cap;
    int failed; /* an allocation failed: the contents are incomplete */
} bk_buf;

void bk__buf_put(bk_buf *b, const void *data, size_t n);
void bk__buf_puts(bk_buf *b, const char *s);
void bk__buf_printf(bk_buf *b, const char *fmt, ...) BK_PRINTF(2, 3);
/* Frees the bytes and empties b. */
void bk__buf_free(bk_buf *b);

#endif
