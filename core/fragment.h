/* Internal: what one section's render hands to assembly: a small PDF of its
 * own pages plus the bookmarks the plugin reported. Flat and malloc'd, so it
 * can cross a pipe from a child process.
 *
 * The libharu sections of a briefing render into one shared PDF, so each
 * font is created and embedded once (section_run.h, bk__section_render_group).
 * Their fragments then point at the same bytes: the group's first fragment
 * owns them, the others borrow them (`borrowed`) and are only valid while the
 * owner is. Each names its page range in the PDF. */
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
    unsigned char *pdf; /* malloc'd PDF bytes; borrowed: the group owner's */
    size_t len;
    int pages;
    /* 0: every page of pdf is this section's. 1: pdf holds a group's
     * sections and this one's are [first_page, first_page + pages). */
    int shared;
    int first_page;            /* 0-based, in pdf */
    int borrowed;              /* pdf belongs to another fragment: not freed with this one */
    bk_outline_entry *outline; /* malloc'd array */
    size_t n_outline;
} bk_fragment;

/* Frees the members (pdf only when not borrowed), zeroes *f. */
void bk__fragment_free(bk_fragment *f);

#endif
