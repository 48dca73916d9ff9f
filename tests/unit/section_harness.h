/* Shared by test_blocks.c and test_section_run.c: runs a fake plugin (a
 * bk_loaded_plugin whose render is a test function) through
 * bk__section_render on an A4 page with 20 mm margins, the default theme and
 * the repo's fonts, writes the fragment to a temp file and reads it back with
 * poppler's tools. The including test defines `bk__host` (the plugin-side
 * pointer the SDK's inline wrappers read). */
#ifndef BK_TEST_SECTION_HARNESS_H
#define BK_TEST_SECTION_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <briefkit/plugin.h>

#include "arena.h"
#include "fonts.h"
#include "fragment.h"
#include "host_table.h"
#include "node.h"
#include "section_run.h"
#include "theme.h"

/* After the briefkit headers: cmocka defines a `fail` macro. */
#include <cmocka.h>

#define MM (72.0 / 25.4)

typedef struct harness {
    bk_arena *arena;
    bk_fonts *fonts;
    bk_theme theme;
    bk_doc_settings doc;
    bk_loaded_plugin plugin;
    bk_section_spec spec;
    bk_section_job job;
    bk_fragment frag;
    bk_error err;
    char path[64];
} harness;

static inline harness *harness_new(int engine, int (*render)(bk_section *))
{
    bk__host = bk__host_table();
    harness *h = calloc(1, sizeof *h);
    assert_non_null(h);
    h->arena = bk__arena_new(0);
    assert_non_null(h->arena);
    assert_int_equal(bk__fonts_open(BK_TEST_BUILD_FONT_DIR, &h->fonts, &h->err), 0);
    bk__theme_default(&h->theme);
    h->doc.lang = "en";
    h->doc.page_w = 595.28;
    h->doc.page_h = 841.89;
    h->doc.margin_top = h->doc.margin_right = h->doc.margin_bottom = h->doc.margin_left = 20 * MM;
    h->plugin.ok = 1;
    h->plugin.desc.size = sizeof h->plugin.desc;
    h->plugin.desc.abi_major = BK_ABI_MAJOR;
    h->plugin.desc.name = "fake";
    h->plugin.desc.engines = BK_ENGINE_HARU | BK_ENGINE_CAIRO;
    h->plugin.desc.render = render;
    h->spec.plugin = "fake";
    h->spec.id = "sec1";
    h->spec.title = "Test section";
    bk_loc loc = {"brief.yaml", 7, 3};
    h->spec.node = bk__node_new(h->arena, BK_NODE_MAP, loc);
    h->job.plugin = &h->plugin;
    h->job.spec = &h->spec;
    h->job.engine = engine;
    h->job.doc = &h->doc;
    h->job.theme = &h->theme;
    h->job.fonts = h->fonts;
    snprintf(h->path, sizeof h->path, "/tmp/bk_section_%d_XXXXXX", (int)getpid());
    return h;
}

/* Renders; on success writes the fragment to h->path. */
static inline int harness_run(harness *h)
{
    bk__fragment_free(&h->frag);
    int rc = bk__section_render(&h->job, &h->frag, &h->err);
    if (rc < 0)
        return rc;
    if (strstr(h->path, "XXXXXX")) {
        int fd = mkstemp(h->path);
        assert_true(fd >= 0);
        close(fd);
    }
    FILE *f = fopen(h->path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(h->frag.pdf, 1, h->frag.len, f), h->frag.len);
    assert_int_equal(fclose(f), 0);
    return 0;
}

static inline void harness_free(harness *h)
{
    if (!strstr(h->path, "XXXXXX") && !getenv("BK_KEEP_TEST_PDF"))
        unlink(h->path);
    bk__fragment_free(&h->frag);
    bk__fonts_free(h->fonts);
    bk__arena_free(h->arena);
    free(h);
}

static inline bk_node *str_node(harness *h, const char *s, int line)
{
    bk_loc loc = {"data.yaml", line, 5};
    bk_node *n = bk__node_string(h->arena, s, loc);
    assert_non_null(n);
    return n;
}

/* Output of a shell command (malloc'd, NUL-terminated). */
static inline char *run_cmd(const char *fmt, ...)
{
    char cmd[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    buf[len] = '\0';
    pclose(p);
    return buf;
}

/* The text of one page (1-based), whitespace removed so wrapped lines join. */
static inline char *page_text(const harness *h, int page)
{
    char *t = run_cmd("pdftotext -q -f %d -l %d '%s' - 2>/dev/null", page, page, h->path);
    size_t k = 0;
    for (size_t i = 0; t[i]; i++)
        if (t[i] != ' ' && t[i] != '\n' && t[i] != '\f' && t[i] != '\r' && t[i] != '\t')
            t[k++] = t[i];
    t[k] = '\0';
    return t;
}

static inline int pdf_pages(const harness *h)
{
    char *t = run_cmd("pdfinfo '%s' 2>/dev/null | sed -n 's/^Pages: *//p'", h->path);
    int n = atoi(t);
    free(t);
    return n;
}

/* 1 when `needle` (spaces removed) is on page `page`. */
static inline int on_page(const harness *h, int page, const char *needle)
{
    char want[1024];
    size_t k = 0;
    for (size_t i = 0; needle[i] && k + 1 < sizeof want; i++)
        if (needle[i] != ' ')
            want[k++] = needle[i];
    want[k] = '\0';
    char *t = page_text(h, page);
    int found = strstr(t, want) != NULL;
    free(t);
    return found;
}

#endif
