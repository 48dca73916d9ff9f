/* Internal: each of briefkit's fonts embedded once per briefing.
 *
 * After assembly every page (and every form it paints) may hold fonts of
 * its own fragment, each a subset of one of briefkit's faces. This replaces
 * them by one CID font per face, subset to the glyphs the briefing shows,
 * glyph ids kept, with a ToUnicode map, and rewrites the pages' text to it
 * (font_unify.c says how). Fonts that are not briefkit's are left alone. */
#ifndef BK_FONT_UNIFY_H
#define BK_FONT_UNIFY_H

#include <qpdf/qpdf-c.h>

#include <briefkit/error.h>

#include "fonts.h"

/* Returns 0 or a negative BK_E* code with *err set. */
int bk__font_unify(qpdf_data q, bk_fonts *fonts, bk_error *err);

#endif
