/* Page images compared pixel by pixel (png_diff.h). */
#include "png_diff.h"

#include <cairo.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int load(const char *path, cairo_surface_t **out, bk_error *err)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    cairo_status_t st = cairo_surface_status(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        memset(err, 0, sizeof *err);
        err->code = BK_EIO;
        snprintf(err->msg, sizeof err->msg, "cannot read %s: %s", path, cairo_status_to_string(st));
        return BK_EIO;
    }
    /* Compare in one format whatever each PNG was saved as. */
    if (cairo_image_surface_get_format(s) != CAIRO_FORMAT_ARGB32) {
        int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
        cairo_surface_t *c = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
        cairo_t *cr = cairo_create(c);
        cairo_set_source_surface(cr, s, 0, 0);
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
        cairo_paint(cr);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        s = c;
    }
    cairo_surface_flush(s);
    *out = s;
    return 0;
}

static int channel_delta(uint32_t a, uint32_t b)
{
    int max = 0;
    for (int shift = 0; shift < 32; shift += 8) {
        int d = (int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff);
        d = d < 0 ? -d : d;
        max = d > max ? d : max;
    }
    return max;
}

/* The reference at a quarter of its contrast, changed pixels in red. */
static int write_diff(cairo_surface_t *ref, cairo_surface_t *act, int fuzz, const char *path,
                      bk_error *err)
{
    int w = cairo_image_surface_get_width(ref), h = cairo_image_surface_get_height(ref);
    int aw = cairo_image_surface_get_width(act), ah = cairo_image_surface_get_height(act);
    cairo_surface_t *d =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w > aw ? w : aw, h > ah ? h : ah);
    unsigned char *dp = cairo_image_surface_get_data(d);
    int ds = cairo_image_surface_get_stride(d);
    const unsigned char *rp = cairo_image_surface_get_data(ref);
    const unsigned char *ap = cairo_image_surface_get_data(act);
    int rs = cairo_image_surface_get_stride(ref), as = cairo_image_surface_get_stride(act);
    for (int y = 0; y < (h > ah ? h : ah); y++)
        for (int x = 0; x < (w > aw ? w : aw); x++) {
            uint32_t *o = (uint32_t *)(dp + (size_t)y * ds) + x;
            int in_r = x < w && y < h, in_a = x < aw && y < ah;
            uint32_t r = in_r ? ((const uint32_t *)(rp + (size_t)y * rs))[x] : 0;
            uint32_t a = in_a ? ((const uint32_t *)(ap + (size_t)y * as))[x] : 0;
            if (!in_r || !in_a || channel_delta(r, a) > fuzz) {
                *o = 0xffff0000u;
            } else {
                uint32_t grey = ((r >> 16 & 0xff) + (r >> 8 & 0xff) + (r & 0xff)) / 3;
                grey = 255 - (255 - grey) / 4;
                *o = 0xff000000u | grey << 16 | grey << 8 | grey;
            }
        }
    cairo_surface_mark_dirty(d);
    cairo_status_t st = cairo_surface_write_to_png(d, path);
    cairo_surface_destroy(d);
    if (st != CAIRO_STATUS_SUCCESS) {
        memset(err, 0, sizeof *err);
        err->code = BK_EIO;
        snprintf(err->msg, sizeof err->msg, "cannot write %s: %s", path,
                 cairo_status_to_string(st));
        return BK_EIO;
    }
    return 0;
}

int bk_cli_png_diff(const char *reference, const char *actual, int fuzz, const char *diff_path,
                    bk_png_diff *out, bk_error *err)
{
    memset(out, 0, sizeof *out);
    cairo_surface_t *ref = NULL, *act = NULL;
    int rc = load(reference, &ref, err);
    if (!rc)
        rc = load(actual, &act, err);
    if (rc) {
        cairo_surface_destroy(ref);
        return rc;
    }
    out->width = cairo_image_surface_get_width(ref);
    out->height = cairo_image_surface_get_height(ref);
    if (out->width != cairo_image_surface_get_width(act) ||
        out->height != cairo_image_surface_get_height(act)) {
        out->size_differs = 1;
    } else {
        const unsigned char *rp = cairo_image_surface_get_data(ref);
        const unsigned char *ap = cairo_image_surface_get_data(act);
        int rs = cairo_image_surface_get_stride(ref), as = cairo_image_surface_get_stride(act);
        for (int y = 0; y < out->height; y++)
            for (int x = 0; x < out->width; x++) {
                int d = channel_delta(((const uint32_t *)(rp + (size_t)y * rs))[x],
                                      ((const uint32_t *)(ap + (size_t)y * as))[x]);
                out->max_delta = d > out->max_delta ? d : out->max_delta;
                out->changed += d > fuzz;
            }
    }
    if (diff_path && (out->changed || out->size_differs))
        rc = write_diff(ref, act, fuzz, diff_path, err);
    cairo_surface_destroy(ref);
    cairo_surface_destroy(act);
    return rc;
}
