/* Internal: every character a briefing will draw checked against the font
 * chain (font_chain.h) before anything is drawn.
 *
 * A character no font of briefkit's has would come out as an empty box or
 * not at all, and nobody notices until the briefing is read aloud; so it is
 * an error that names where the character came from (file:line:col of the
 * character itself, what holds it: `zone "liangjiang" name_zh`) and what it
 * is (U+1F680 '🚀'). The template's text (document settings, section
 * titles, options) and the data are checked when the plan is made, so
 * `validate` reports the same; a plugin's own strings are checked as they
 * reach the engine (bk__coverage_first_missing, from section_run.c). With
 * `--missing-glyphs warn` each such character is a warning instead, and the
 * engines draw their visible replacement mark (the face's .notdef box). */
#ifndef BK_COVERAGE_H
#define BK_COVERAGE_H

#include <stddef.h>
#include <stdint.h>

#include <briefkit/error.h>

#include "fonts.h"
#include "template.h"

typedef struct bk_coverage_opts {
    int warn_only; /* 1: warnings through warn(), not an error */
    void (*warn)(void *ctx, const char *message);
    void *warn_ctx;
    uint32_t faces; /* set on return: the faces the text uses, 1 << bk_face each */
} bk_coverage_opts;

/* Checks the document settings, every section's title and options and the
 * data of `tpl`. Returns 0, or BK_EFONT with *err located at the first
 * character no font has (warn_only: 0 after one warning per character and
 * place). */
int bk__coverage_check_template(const bk_template *tpl, const bk_fonts *fonts, bk_coverage_opts *o,
                                bk_error *err);

/* The faces (1 << bk_face each) that draw the characters of utf8[0..len)
 * beyond ASCII, in the body chain. */
uint32_t bk__coverage_faces(const bk_fonts *fonts, const char *utf8, size_t len);

/* The first character of utf8[0..len) that `role`'s chain cannot draw:
 * 1 with *cp set, or 0 when there is none. Malformed UTF-8 is skipped (the
 * loader refuses it; a plugin's own bytes are the engine's concern). */
int bk__coverage_first_missing(const bk_fonts *fonts, int role, const char *utf8, size_t len,
                               uint32_t *cp);

/* "U+1F680 '🚀'" (the character itself left out when it is invisible). */
void bk__coverage_describe(uint32_t cp, char *buf, size_t size);

#endif
