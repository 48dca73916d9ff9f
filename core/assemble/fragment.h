/* Internal: what one section's render hands to assembly: a small PDF of its
 * own pages plus the bookmarks the plugin reported. Flat and malloc'd, so it
 * can cross a pipe from a child process.
 *
 * Sections of an engine that can share one document may render as a group
 * into one PDF, so each font is created and embedded once (section_run.h,
 * bk__section_render_group). Their fragments then point at the same bytes:
 * the group's first fragment owns them, the others share them
 * (`shares_pdf`) and are only valid while the first is. Each names its page
 * range in the PDF.
 *
 * A section may begin on the page the section before it left (`break:
 * auto`, section_run.c). When both drew into one document, that page is
 * simply shared. When they did not (another engine, or one that cannot
 * share documents), the section's first page is a page of its own PDF,
 * drawn from start_y down and blank above it, which the assembler lays
 * over the previous section's last page (`overlay`). */
#ifndef BK_FRAGMENT_H
#define BK_FRAGMENT_H

#include <stddef.h>

typedef struct bk_outline_entry {
    int level;   /* 1: directly under the section's bookmark, 2: below that */
    char *title; /* UTF-8, malloc'd */
    int page;    /* 0-based page within the fragment */
    double y;    /* from the page top, points */
} bk_outline_entry;

typedef struct bk_fragment {
    unsigned char *pdf; /* malloc'd PDF bytes; shares_pdf: the group's first fragment's */
    size_t len;
    int pages;
    /* 0: every page of pdf is this section's. 1: pdf holds a group's
     * sections and this one's are [first_page, first_page + pages). */
    int grouped;
    int first_page; /* 0-based, in pdf */
    int shares_pdf; /* pdf is the group's first fragment's: not freed with this one */
    /* 1: the section began on the previous section's last page, at start_y
     * points from its top; outline pages count from that page. Without
     * `overlay` that page is the previous section's own (grouped only:
     * first_page in the shared PDF) and this section's pages follow it.
     * With `overlay`, first_page is this section's own first page, to be
     * laid over the previous section's last. */
    int continues;
    int overlay;
    double start_y;
    /* BK_ENGINE_*: the engine that wrote pdf, whose repair hook the
     * assembler runs on its pages (engine.h); 0: none. */
    int engine;
    bk_outline_entry *outline; /* malloc'd array */
    size_t n_outline;
} bk_fragment;

/* Frees the members (pdf only when it is not shared), zeroes *f. */
void bk__fragment_free(bk_fragment *f);

#endif
