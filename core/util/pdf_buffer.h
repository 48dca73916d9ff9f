/* Internal: the growing memory buffer a cairo PDF surface writes into
 * (cairo_pdf_surface_create_for_stream), shared by the cairo engine and the
 * page chrome. */
#ifndef BK_PDF_BUFFER_H
#define BK_PDF_BUFFER_H

#include <stddef.h>

#include <cairo.h>

typedef struct bk_pdf_buffer {
    unsigned char *data; /* malloc'd */
    size_t len, cap;
    int out_of_memory; /* a write failed: the surface's status says so too */
} bk_pdf_buffer;

/* The cairo_write_func_t; `closure` is a bk_pdf_buffer. */
cairo_status_t bk__pdf_buffer_write(void *closure, const unsigned char *data, unsigned int n);

#endif
