/* Internal: the 版记 (colophon) at the foot of a 简报's or 公文's last page:
 * 报/送/发 lists, the issuing office with the date of issue, and how many
 * copies were printed, between the rules GB/T 9704-2012 7.4 draws.
 *
 * Its lines are broken here by a fixed measure (a Chinese character is one
 * em, anything else half), not by the font, so the plan can reserve its
 * height before anything is drawn and the chrome draws exactly those lines. */
#ifndef BK_BANJI_H
#define BK_BANJI_H

#include <stddef.h>

#include "doc_style.h"

#define BK_BANJI_SIZE 14.0  /* 4号 */
#define BK_BANJI_PITCH 26.0 /* points a line */

typedef struct bk_banji_line {
    char *text;     /* malloc'd */
    double indent;  /* ems from the left edge of the type area */
    int right;      /* 1: set flush right (one em in) */
    int rule_after; /* 0 none, 1 thin, 2 thick */
} bk_banji_line;

/* Lays the 版记 out for a type area `width` points wide: *lines malloc'd
 * (bk__banji_free), *n of them; none when the style has no 版记. */
int bk__banji_layout(const bk_doc_style *s, double width, bk_banji_line **lines, size_t *n);
void bk__banji_free(bk_banji_line *lines, size_t n);
/* Points the 版记 takes above the bottom of the type area (0: none). */
double bk__banji_height(const bk_doc_style *s, double width);

#endif
