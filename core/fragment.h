/* Internal: what one section's render hands to assembly: a small PDF of its
 * own pages plus the bookmarks the plugin reported. Flat and malloc'd, so it
 * can cross a pipe from a child process. */
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
    unsigned char *pdf; /* malloc'd PDF bytes */
    size_t len;
    int pages;
    bk_outline_entry *outline; /* malloc'd array */
    size_t n_outline;
} bk_fragment;

void bk__fragment_free(bk_fragment *f); /* frees the members, zeroes *f */

#endif
