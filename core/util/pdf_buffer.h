/* Internal: the write function through which a cairo PDF surface
 * (cairo_pdf_surface_create_for_stream) writes into a bk_buf, shared by the
 * cairo engine and the page chrome. */
#ifndef BK_PDF_BUFFER_H
#define BK_PDF_BUFFER_H

#include <cairo.h>

#include "byte_buf.h"

/* The cairo_write_func_t; `closure` is a bk_buf. A failed allocation fails
 * the surface too. */
cairo_status_t bk__pdf_buffer_write(void *closure, const unsigned char *data, unsigned int n);

#endif
