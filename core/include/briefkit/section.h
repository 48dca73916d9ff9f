/* The section a plugin draws: what the host tells it about the page.
 *
 * The host owns this struct and fills it before render(); a plugin only reads
 * it. Coordinates are PDF points measured from the page's top-left corner,
 * y growing downwards, in both engines (libharu's own y grows upwards: use
 * page_h - y there). Fields are append-only; `size` says how many exist. */
#ifndef BRIEFKIT_SECTION_H
#define BRIEFKIT_SECTION_H

#include <stddef.h>
#include <stdint.h>

#include "node.h"
#include "version.h"

typedef enum bk_engine {
    BK_ENGINE_HARU = 1u << 0,  /* libharu: HPDF_Doc / HPDF_Page */
    BK_ENGINE_CAIRO = 1u << 1  /* cairo PDF surface + Pango */
} bk_engine;

/* What bk_native() can hand out. */
typedef enum bk_native_kind {
    BK_NATIVE_HARU_DOC = 1,   /* HPDF_Doc */
    BK_NATIVE_HARU_PAGE = 2,  /* HPDF_Page: the current page; fetch again after a page break */
    BK_NATIVE_CAIRO = 3,      /* cairo_t *, y down, same across page breaks */
    BK_NATIVE_PANGO = 4       /* PangoContext * set up with the briefing's fonts */
} bk_native_kind;

typedef struct bk_section {
    uint32_t size;   /* sizeof(bk_section) as the host was built */
    uint32_t engine; /* one bk_engine value */
    const char *id;    /* the section's id: template `id`, else "<plugin>-<n>" */
    const char *title; /* the section's title, variables expanded; may be "" */
    const char *lang;  /* document language: "en" or "zh" */
    double page_w, page_h;       /* page size */
    double box_x, box_y;         /* top-left of the content box */
    double box_w, box_h;         /* content box size */
    const bk_node *data;         /* the section's `data`, or NULL; without a
                                  * `data:` path, all of it, with briefkit's
                                  * own `briefing.sections` (id, plugin,
                                  * title, title_zh of every section, in
                                  * order) beside the files' keys */
    void *host_private;          /* the host's; do not touch */
} bk_section;

BK_STATIC_ASSERT(offsetof(bk_section, size) == 0, "bk_section.size must come first");
BK_STATIC_ASSERT(offsetof(bk_section, engine) == 4, "bk_section.engine is at offset 4");

#endif
