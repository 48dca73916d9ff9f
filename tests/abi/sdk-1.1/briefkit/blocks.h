/* Types for the building blocks the host draws for a plugin, in either engine:
 * headings, flowing paragraphs, key-figure cards and tables. The functions
 * that draw them are in host.h. Structs here are read by the host according
 * to the plugin's declared abi_minor, so they only grow at the end. */
#ifndef BRIEFKIT_BLOCKS_H
#define BRIEFKIT_BLOCKS_H

#include <stddef.h>

/* A colour, each channel 0..1. */
typedef struct bk_rgb {
    double r, g, b;
} bk_rgb;

/* Font roles. The host picks the face; Chinese falls back to the CJK face. */
typedef enum bk_font {
    BK_FONT_BODY = 0,
    BK_FONT_BOLD = 1,   /* headings, table headers, emphasis */
    BK_FONT_FIGURE = 2, /* large numbers on cards and charts */
    BK_FONT_MONO = 3
} bk_font;

/* Theme colours. */
typedef enum bk_color_role {
    BK_COLOR_TEXT = 0,
    BK_COLOR_MUTED = 1,   /* captions, sources, notes */
    BK_COLOR_ACCENT = 2,  /* headings, rules, timeline line */
    BK_COLOR_ACCENT2 = 3, /* second series, targets */
    BK_COLOR_RULE = 4,    /* thin lines, grid */
    BK_COLOR_FILL = 5,    /* light panel background */
    BK_COLOR_UP = 6,      /* a rise */
    BK_COLOR_DOWN = 7,    /* a fall */
    BK_COLOR_SERIES0 = 8, /* chart series 0..5: BK_COLOR_SERIES0 + i */
    BK_COLOR_COUNT_ = 14  /* not a colour: the number of roles in 1.0 */
} bk_color_role;

/* Theme sizes in points: font sizes and vertical rhythm. */
typedef enum bk_size_role {
    BK_SIZE_BODY = 0,   /* body font size */
    BK_SIZE_SMALL = 1,  /* captions, table cells, sources */
    BK_SIZE_H1 = 2,     /* section title */
    BK_SIZE_H2 = 3,     /* sub-heading */
    BK_SIZE_H3 = 4,     /* minor heading */
    BK_SIZE_FIGURE = 5, /* card value */
    BK_SIZE_GAP = 6,    /* space between blocks */
    BK_SIZE_LEADING = 7, /* line height as a multiple of font size */
    BK_SIZE_COUNT_ = 8
} bk_size_role;

/* Paragraph styles. */
typedef enum bk_para {
    BK_PARA_BODY = 0,
    BK_PARA_LEAD = 1,  /* a slightly larger opening paragraph */
    BK_PARA_SMALL = 2, /* captions, sources */
    BK_PARA_NOTE = 3   /* muted, e.g. "No data for this period." */
} bk_para;

/* One key-figure card. Only value and label are required. */
typedef struct bk_card {
    const char *value;  /* "2,000" */
    const char *unit;   /* "billion yuan", may be NULL */
    const char *label;  /* "Output value 2021" */
    const char *change; /* "+11.9%", may be NULL */
    int trend;          /* +1 up arrow, -1 down arrow, 0 none */
    const char *note;   /* source or footnote, may be NULL */
} bk_card;

typedef enum bk_align {
    BK_ALIGN_LEFT = 0,
    BK_ALIGN_RIGHT = 1,
    BK_ALIGN_CENTER = 2,
    /* Table columns only: numbers lined up on their decimal point ("."),
     * whole numbers ending where the others' points are. Since: 1.1 */
    BK_ALIGN_DECIMAL = 3
} bk_align;

/* What a table row is (bk_table.row_kinds). Since: 1.1 */
typedef enum bk_row_kind {
    BK_ROW_BODY = 0,  /* an ordinary row */
    BK_ROW_BOLD = 1,  /* an ordinary row in the bold face */
    BK_ROW_GROUP = 2, /* a group's title: its first cell spans the whole row,
                       * bold on the panel fill; the other cells are ignored */
    BK_ROW_TOTAL = 3  /* a total: bold, on the panel fill, a heavier rule above */
} bk_row_kind;

/* A table. Cells are row-major, nrows * ncols strings (NULL is empty); a
 * "\n" in a cell (or a header) starts a new line in it. The header row
 * repeats on every page the table reaches; a row moves whole to the next
 * page rather than split, unless it is taller than a page. A heading drawn
 * just before a table is kept with its header and first body row. */
typedef struct bk_table {
    size_t ncols;
    const char *const *header; /* ncols strings */
    const double *widths;      /* ncols fractions of the box width, or NULL for equal */
    const int *align;          /* ncols bk_align values, or NULL for left */
    size_t nrows;
    const char *const *cells;
    /* --- Since 1.1 (read only from plugins built for 1.1; zero: the 1.0 look) --- */
    const int *row_kinds; /* nrows bk_row_kind values, or NULL: every row BK_ROW_BODY */
    double pad_x, pad_y;  /* cell padding in points; 0: 4 and 3 */
    double row_height;    /* least height of a body row in points; 0: what its text needs */
} bk_table;

#endif
