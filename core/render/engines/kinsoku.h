/* Internal: Chinese line-breaking prohibitions (避头尾, kinsoku), one rule
 * set for both engines.
 *
 * UAX #14 (libunibreak, Pango) already keeps most closing punctuation off
 * a line start, but not all of what a Chinese compositor forbids (Pango
 * lets "·", "％" or "℃" begin a line after an ideograph, and anything
 * begin one after a space). Each engine takes the break opportunities its
 * UAX #14 gives and passes them through bk__kinsoku_apply, so the same
 * text breaks at the same places in libharu and Cairo: the libharu engine
 * drops the breaks it clears, the Cairo engine tells Pango not to break
 * there (an allow-breaks attribute). Pure functions of code points: no
 * fonts, no state. */
#ifndef BK_KINSOKU_H
#define BK_KINSOKU_H

#include <stddef.h>
#include <stdint.h>

/* True for punctuation that must not begin a line: 。，、；：？！）」』】》〉
 * ”’…… and their kin. */
int bk__kinsoku_no_start(uint32_t cp);

/* True for punctuation that must not end a line: （「『【《〈“‘ and kin. */
int bk__kinsoku_no_end(uint32_t cp);

/* May a line break between `before` and `after`, given that UAX #14 allows
 * one there? 0 when the break would put a no-start character at a line's
 * start or leave a no-end character at a line's end. */
int bk__kinsoku_may_break(uint32_t before, uint32_t after);

/* Applies the prohibitions to break opportunities: `allow[i]` non-zero
 * means UAX #14 allows a break after cps[i]. Each that would put a no-start
 * character at the next line's start, or leave a no-end character the last
 * one shown on this line (spaces hang past a line's end, so "“ " ends a
 * line with "“"), is cleared. Returns how many were cleared. */
size_t bk__kinsoku_apply(const uint32_t *cps, size_t n, unsigned char *allow);

#endif
