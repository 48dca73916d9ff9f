/* Internal: the attributes a Pango layout of the Cairo engine carries, so
 * Pango sets a text as the libharu engine does.
 *
 * Two rules that Pango does not know are told to it with its own means:
 * in Chinese text the punctuation Latin faces draw narrow (“ ” ‘ ’ … —)
 * takes the role's Chinese face (font_chain.h), as a family attribute over
 * those characters; and a break Pango's UAX #14 allows but the Chinese
 * line-start and line-end prohibitions forbid (kinsoku.h, the table the
 * libharu engine uses too) is removed with an allow-breaks attribute over
 * the two characters around it. Nothing is inserted into the text, so it
 * extracts from the PDF as it was written. */
#ifndef BK_PANGO_ATTRS_H
#define BK_PANGO_ATTRS_H

#include <stddef.h>

#include <pango/pango.h>

#include "fonts.h"

/* The attributes for utf8[0..len) set in font role `role` (BK_FONT_*, or
 * BK__FONT_KAI) in language `lang` ("zh", "en"; NULL: none), Pango's
 * language being `language`; with `breaking`, the prohibitions for a
 * layout that wraps. NULL when the text needs none (or memory is short:
 * the text is then set as Pango would). The caller unrefs the list. */
PangoAttrList *bk__pango_attrs(const bk_fonts *fonts, int role, const char *lang,
                               PangoLanguage *language, int breaking, const char *utf8, size_t len);

/* Sets the text of `layout` to utf8[0..len) with those attributes (Pango's
 * language being that of the layout's context), replacing any it had: what
 * every layout of briefkit's text goes through. */
void bk__pango_set_text(PangoLayout *layout, const bk_fonts *fonts, int role, const char *lang,
                        int breaking, const char *utf8, size_t len);

#endif
