/* Internal: the chain of faces that draws a font role's text, and what it
 * cannot draw.
 *
 * A role (BK_FONT_*) draws each character with the first face of its chain
 * that has a glyph for it: the role's own Latin face (and a document
 * style's Chinese face for the role, fonts.h), then DejaVu Sans (so
 * a character the bold or mono face lacks still takes the body face's
 * glyph; it also has the Arabic script, Uyghur's letters included), then
 * the Chinese face, then the faces for the Arabic script, Tibetan,
 * Mongolian and the rarer CJK ideographs (fonts/README.md). Both engines and the coverage check
 * (coverage.h) walk the same chain, so a character the check passes is one
 * every engine can draw, whichever role draws it. */
#ifndef BK_FONT_CHAIN_H
#define BK_FONT_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "fonts.h"

#define BK_FONT_CHAIN_MAX BK_FACE_COUNT_

/* The faces of `role`'s chain (BK_FONT_*, or BK__FONT_KAI), in the order
 * tried; returns how many. */
size_t bk__font_chain(const bk_fonts *f, int role, bk_face faces[BK_FONT_CHAIN_MAX]);
/* The first face of `role`'s chain with a glyph for `cp`, or -1. */
int bk__font_chain_face(const bk_fonts *f, int role, uint32_t cp);
/* 1 for the punctuation whose East Asian width is ambiguous and which
 * Chinese text sets full width: “ ” ‘ ’ … ‥ — ― ·. Latin faces have these
 * too, narrow; in Chinese text they come from the role's Chinese face. */
int bk__font_chain_zh_punct(uint32_t cp);
/* The face `role` draws Chinese text's punctuation of bk__font_chain_zh_punct
 * with: the style's Chinese face for the role, else the CJK face. */
bk_face bk__font_chain_zh_face(const bk_fonts *f, int role);
/* The face that draws `cp` in `role` in a text in language `lang` ("zh",
 * "en"; NULL: none): in Chinese, bk__font_chain_zh_face for the
 * punctuation of bk__font_chain_zh_punct when that face has it; otherwise,
 * and in every other language, bk__font_chain_face. */
int bk__font_chain_face_in(const bk_fonts *f, int role, const char *lang, uint32_t cp);
/* 1 when `cp` draws nothing and needs no glyph: controls, line and
 * paragraph separators, joiners, direction marks, variation selectors. */
int bk__font_chain_ignorable(uint32_t cp);
/* 1 when every role's chain has a glyph for `cp` (or it is ignorable). */
int bk__font_chain_covers(const bk_fonts *f, uint32_t cp);
/* The family names of the faces every role falls back on, for messages:
 * "DejaVu Sans, WenQuanYi Micro Hei". Written into buf (always terminated). */
void bk__font_chain_names(const bk_fonts *f, char *buf, size_t size);

#endif
