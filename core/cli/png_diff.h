/* Comparing two page images (`briefkit plugin test`, part of the CLI).
 *
 * The way cairo's own test suite checks its output: both PNGs are read with
 * cairo's PNG loader, compared pixel by pixel, and a pixel counts as
 * changed when one of its channels differs by more than `fuzz` (0..255),
 * which absorbs anti-aliasing noise between rasterizer versions. On a
 * difference a diff image is written: the reference faded to grey, changed
 * pixels in red, so the eye finds them at once. */
#ifndef BK_CLI_PNG_DIFF_H
#define BK_CLI_PNG_DIFF_H

#include <stddef.h>

#include <briefkit/error.h>

typedef struct bk_png_diff {
    int width, height; /* of the reference */
    size_t changed;    /* pixels differing by more than fuzz */
    int max_delta;     /* the largest channel difference seen */
    int size_differs;  /* the images' sizes differ; nothing else compared */
} bk_png_diff;

/* Compares `actual` with `reference`; writes `diff_path` (when not NULL)
 * when any pixel changed or the sizes differ. 0, or BK_EIO when an image
 * cannot be read or the diff not written. */
int bk_cli_png_diff(const char *reference, const char *actual, int fuzz, const char *diff_path,
                    bk_png_diff *out, bk_error *err);

#endif
