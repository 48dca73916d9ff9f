/* A cairo PDF surface's output in memory (pdf_buffer.h). */
#include "pdf_buffer.h"

cairo_status_t bk__pdf_buffer_write(void *closure, const unsigned char *data, unsigned int n)
{
    bk_buf *b = closure;
    bk__buf_put(b, data, n);
    return b->failed ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}
