/* Internal: one finished PDF from the section fragments (libqpdf).
 *
 * Cover and contents pages and the page chrome (running header, "Page X of
 * N", classification mark) are drawn with cairo by chrome.c; the fragments'
 * pages are copied in order; the chrome is laid over every page but the
 * cover; then bookmarks (one per section, plugin sub-entries below), page
 * labels, links from the contents page, metadata (Info and XMP-free), and a
 * document ID derived from the content. The result is bytes in memory; the
 * caller writes them atomically. */
#ifndef BK_ASSEMBLE_H
#define BK_ASSEMBLE_H

#include <stddef.h>

#include <briefkit/error.h>

#include "deflate_cache.h"
#include "fonts.h"
#include "fragment.h"
#include "template.h"
#include "theme.h"

typedef struct bk_assembly_part {
    const char *title; /* section title for contents and bookmark */
    const bk_fragment *frag;
} bk_assembly_part;

typedef struct bk_assembly {
    const bk_doc_settings *doc;
    const bk_theme *theme;
    bk_fonts *fonts;
    const bk_assembly_part *parts;
    size_t n_parts;
    long long epoch;     /* seconds since 1970: SOURCE_DATE_EPOCH, else now */
    const char *creator; /* "briefkit 0.1.0" */
    /* Where streams made or repaired here are deflated (deflate_cache.h);
     * NULL: no cache. */
    bk_deflate_cache *deflated;
} bk_assembly;

int bk__assemble(const bk_assembly *in, unsigned char **pdf, size_t *len, int *pages,
                 bk_error *err);

/* Does, in a process about to fork renders, what every briefing's
 * assembly would do the same (each engine's repair_prepare, engine.h:
 * streams deflated once into `deflated`, deflate_cache.h), so each render
 * with that cache finds it done. Tries every engine; returns the first
 * failure. */
int bk__assemble_prepare(bk_deflate_cache *deflated, bk_error *err);

#endif
