/* Internal: one PDF page laid over another (libqpdf). The page on top
 * becomes a Form XObject of the output and is painted last on the page
 * below, whose own content is wrapped in q/Q first, so nothing the page
 * below leaves in the graphics state can move or recolour what goes over
 * it. The assembler decides what goes over what: the page chrome over
 * every body page, and a section's first page over the previous section's
 * last when it went on there from a document of its own (fragment.h,
 * `overlay`). */
#ifndef BK_PAGE_OVERLAY_H
#define BK_PAGE_OVERLAY_H

#include <qpdf/qpdf-c.h>

#include <briefkit/error.h>

#include "deflate_cache.h"

/* Page `page` of `src` (another handle, or `out` itself) as a new Form
 * XObject of `out` in *xo: its content streams decoded, joined and
 * deflated through `deflated` (may be NULL), its resources copied across
 * handles when they are another's. Its box is the page's MediaBox, or
 * page_w x page_h when it has none. Errors begin with `doing`. */
int bk__page_xobject(qpdf_data out, qpdf_data src, qpdf_oh page, double page_w, double page_h,
                     bk_deflate_cache *deflated, const char *doing, qpdf_oh *xo, bk_error *err);

/* Paints `xo` over `page` of `out`, under a resource name starting with
 * `prefix` ("/BkChrome") that the page does not use yet. *open_q is the
 * "q" stream the pages laid over in one pass share: start it at 0, and the
 * first call makes it. */
int bk__page_overlay(qpdf_data out, qpdf_oh page, qpdf_oh xo, const char *prefix, qpdf_oh *open_q,
                     bk_error *err);

/* Lays page `at` of `out` over page at - 1, with its links, and removes
 * it, so the pages after it move up by one. page_w, page_h, deflated and
 * *open_q as for bk__page_xobject and bk__page_overlay. */
int bk__page_lay_over_previous(qpdf_data out, int at, double page_w, double page_h,
                               bk_deflate_cache *deflated, qpdf_oh *open_q, bk_error *err);

#endif
