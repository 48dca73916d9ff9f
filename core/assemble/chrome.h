/* Internal: the pages and page furniture the core draws itself (cairo +
 * Pango, briefkit's own fonts): the cover, the contents pages, and one
 * overlay page per body page carrying the running header, the footer with
 * "Page X of N" and the classification mark.
 *
 * Everything is one in-memory cairo PDF that assemble.c takes apart with
 * qpdf. Its pages are, in order:
 *   [cover]                  cover_pages (0 or 1)
 *   [contents ...]           contents_pages
 *   [overlay ...]            one per physical page from cover_pages on
 * so the overlay for physical page p (0-based, p >= cover_pages) is chrome
 * page contents_pages + p. The contents page count is decided here (the
 * lines are laid out before anything is numbered), so entries name their
 * target by body page and the caller learns the physical numbers after. */
#ifndef BK_CHROME_H
#define BK_CHROME_H

#include <stddef.h>

#include <briefkit/error.h>

#include "fonts.h"
#include "template.h"
#include "theme.h"

typedef struct bk_chrome_entry {
    const char *title; /* UTF-8 */
    int level;         /* 0: a section, 1: a plugin sub-entry below it */
    int body_page;     /* 0-based among the body pages that follow the contents */
    double y;          /* destination from the page top, points */
} bk_chrome_entry;

/* A contents line as a link: where it is and where it goes. */
typedef struct bk_chrome_link {
    int page;              /* 0-based physical page holding the line */
    double x0, y0, x1, y1; /* the line's box in PDF space (y up) */
    int target;            /* 0-based physical page */
    double target_y;       /* destination top in PDF space (y up) */
} bk_chrome_link;

typedef struct bk_chrome_input {
    const bk_doc_settings *doc;
    const bk_theme *theme;
    bk_fonts *fonts;
    const bk_chrome_entry *entries;
    size_t n_entries;
    int body_pages;  /* pages the section fragments bring */
    long long epoch; /* seconds since 1970, for the cover date and metadata */
} bk_chrome_input;

typedef struct bk_chrome {
    unsigned char *pdf; /* malloc'd */
    size_t len;
    int cover_pages;       /* 0 or 1 */
    int contents_pages;    /* 0 when the document has no contents */
    int total_pages;       /* physical pages of the finished PDF */
    bk_chrome_link *links; /* malloc'd, one per contents line */
    size_t n_links;
} bk_chrome;

/* Draws the chrome PDF. On success *out owns its memory (bk__chrome_free);
 * on failure *out is left empty. */
int bk__chrome_render(const bk_chrome_input *in, bk_chrome *out, bk_error *err);
void bk__chrome_free(bk_chrome *c); /* frees the members, zeroes *c */

/* Physical 0-based page of a body page. */
static inline int bk__chrome_body_to_physical(const bk_chrome *c, int body_page)
{
    return c->cover_pages + c->contents_pages + body_page;
}

#endif
