/* A cairo PDF surface's output in memory (pdf_buffer.h): doubling growth,
 * and a failed allocation reported to cairo, which then fails the surface. */
#include "pdf_buffer.h"

#include <stdlib.h>
#include <string.h>

cairo_status_t bk__pdf_buffer_write(void *closure, const unsigned char *data, unsigned int n)
{
    bk_pdf_buffer *b = closure;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *p = realloc(b->data, cap);
        if (!p) {
            b->out_of_memory = 1;
            return CAIRO_STATUS_NO_MEMORY;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    return CAIRO_STATUS_SUCCESS;
}
