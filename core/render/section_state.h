/* Internal: the host state behind bk_section.host_private while a plugin
 * renders, and the layout helpers the host table and the building blocks
 * share. section_run.c owns it; host_table.c and the blocks (blocks.c,
 * table_block.c, text_lines.c) only call the helpers below, so page breaks
 * and error recording live in one place.
 *
 * Pages start lazily: a page is begun when something is first drawn on it,
 * and bk__state_new_page() on a page that holds nothing does not start
 * another, so a section never ends with (or contains) a blank page. */
#ifndef BK_SECTION_STATE_H
#define BK_SECTION_STATE_H

#include <stdarg.h>
#include <stddef.h>

#include <briefkit/error.h>
#include <briefkit/section.h>

#include "engine.h"
#include "fragment.h"
#include "section_job.h"

/* A heading placed but not drawn yet (blocks.c): its text waits for the
 * next drawing, so a page break that comes first carries it to the next
 * page with what follows; a heading never ends a page. */
#define BK_PENDING_HEADINGS 4
typedef struct bk_pending_heading {
    int level;
    int font;       /* bk_font, or fonts.h's own faces */
    int ruled;      /* a rule under it */
    char *text;     /* malloc'd */
    bk_line *lines; /* malloc'd, from the engine's line breaker */
    size_t n;
    double size, lh;
    double top; /* y of its first line box */
} bk_pending_heading;

enum { BK_CONT_NONE, BK_CONT_SHARED, BK_CONT_OVERLAY };

typedef struct bk_section_state {
    const bk_section_job *job;
    bk_section *sec;
    const bk_engine_ops *ops;
    bk_engine_ctx *eng;
    const bk_theme *theme;
    double y;                /* the cursor, from the page top */
    double top;              /* the current page's content top: box_y, lower under a masthead */
    int heading_counters[3]; /* Chinese heading numbers so far (doc_style.h) */
    int pages;               /* pages begun in the engine */
    int open;                /* the last begun page still takes drawing */
    double start_y;          /* where the section began on its first page */
    /* break: auto (section_run.c): the first page, until something is drawn
     * on it, is the page the previous section left (BK_CONT_SHARED: the
     * engine's open page; BK_CONT_OVERLAY: a page of this engine's to be
     * laid over it). A page break before that drops it: the section then
     * begins on a page of its own. `continued` says which one it began on. */
    int cont, continued;
    bk_outline_entry *outline;
    size_t n_outline, cap_outline;
    int failed; /* err holds the section's first error */
    bk_error err;
    /* Inside the plugin's validate callback: drawing and measuring fail
     * (there may be no engine at all). */
    int validating;
    bk_pending_heading pending[BK_PENDING_HEADINGS];
    size_t n_pending;
    size_t pending_outline; /* n_outline when the first pending one was placed */
} bk_section_state;

bk_section_state *bk__state(bk_section *sec);
/* The section's place in the template, for its errors (NULL: none). */
const bk_loc *bk__state_loc(const bk_section_state *st);

/* Draws the pending headings, then begins a page when none is open; call
 * before any drawing. Returns 0 or a recorded error. */
int bk__state_draw(bk_section_state *st);
/* Begins a page when none is open, leaving pending headings pending. */
int bk__state_begin(bk_section_state *st);
/* Moves the cursor to the top of the next page (begun on first drawing).
 * Pending headings below the page's top move along, bookmarks and all;
 * ones at its top are drawn where they are (moving would not help). */
void bk__state_new_page(bk_section_state *st);
/* 1 when the cursor is at the top of the content box. */
int bk__state_at_top(const bk_section_state *st);
/* 1 when nothing has moved the cursor since the section began. */
int bk__state_at_start(const bk_section_state *st);
double bk__state_space_left(const bk_section_state *st);
/* Breaks the page unless `pts` fit below the cursor or the cursor is already
 * at the top (where breaking would not help): 1 if it broke. */
int bk__state_need(bk_section_state *st, double pts);
/* 0-based page the next drawing lands on. */
int bk__state_page_index(const bk_section_state *st);
int bk__state_outline(bk_section_state *st, int level, const char *title);

/* Records the section's error (the first one wins), prefixed with
 * "section '<id>' (<plugin>): ", at `where` or the section's location.
 * Returns `code`. */
int bk__state_fail(bk_section_state *st, int code, const bk_node *where, const char *fmt, ...)
    BK_PRINTF(4, 5);
int bk__state_vfail(bk_section_state *st, int code, const bk_node *where, const char *fmt,
                    va_list ap);
/* Records an engine error (its message, no location of its own). */
int bk__state_engine_fail(bk_section_state *st, const bk_error *e);

/* Theme values with out-of-range roles mapped to TEXT / BODY. */
bk_rgb bk__state_color(const bk_section_state *st, int role);
double bk__state_size(const bk_section_state *st, int role);
double bk__state_line_h(const bk_section_state *st, double size);
/* Wraps `text` to `width` through the engine (*lines malloc'd). */
int bk__state_lines(bk_section_state *st, int font, double size, double width, const char *text,
                    bk_line **lines, size_t *n);
double bk__state_text_width(bk_section_state *st, int font, double size, const char *text);
/* Draws one line (bytes [0, len)) with its line box's top at y. */
int bk__state_text(bk_section_state *st, double x, double y, int font, double size, bk_rgb color,
                   const char *text, size_t len);

/* The building blocks of running text (blocks.c), behind the host table's
 * slots; the table is table_block.h's. */
int bk__block_heading(bk_section *sec, int level, const char *text);
int bk__block_paragraph(bk_section *sec, int style, const char *text);
int bk__block_cards(bk_section *sec, const bk_card *cards, size_t n);
/* Draws the pending headings where they were placed, and forgets them. */
int bk__block_headings_flush(bk_section_state *st);
/* Forgets the pending headings without drawing them. */
void bk__block_headings_drop(bk_section_state *st);

#endif
