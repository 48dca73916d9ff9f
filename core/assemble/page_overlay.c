/* Laying one page over another (page_overlay.h), through libqpdf's C API.
 *
 * The page below keeps its own content streams, only wrapped: a shared
 * "q" stream before them, and after them one that restores the state and
 * paints the overlay. Its resource dictionaries are copied before the
 * overlay's name goes in, as pages may share them. qpdf reports through a
 * sticky per-handle error, so each step checks the handle it used. */
#include "page_overlay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qpdf_util.h"

/* A new dictionary holding the same entries as `src` (or none), so that
 * changing it cannot reach another page sharing the original. */
static qpdf_oh dict_copy(qpdf_data q, qpdf_oh src)
{
    qpdf_oh d = qpdf_oh_new_dictionary(q);
    if (!qpdf_oh_is_dictionary(q, src))
        return d;
    qpdf_oh_begin_dict_key_iter(q, src);
    while (qpdf_oh_dict_more_keys(q)) {
        char key[256];
        snprintf(key, sizeof key, "%s", qpdf_oh_dict_next_key(q));
        qpdf_oh_replace_key(q, d, key, qpdf_oh_get_key(q, src, key));
    }
    return d;
}

static qpdf_oh new_stream(qpdf_data q, const char *data)
{
    qpdf_oh s = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, s, (const unsigned char *)data, strlen(data),
                                qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    return s;
}

int bk__page_xobject(qpdf_data out, qpdf_data src, qpdf_oh page, double page_w, double page_h,
                     bk_deflate_cache *deflated, const char *doing, qpdf_oh *xo, bk_error *err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = bk__qpdf_code(src, qpdf_oh_get_page_content_data(src, page, &data, &len), doing, err);
    if (rc < 0) {
        free(data);
        return rc;
    }
    qpdf_oh res = qpdf_oh_get_key(src, page, "/Resources");
    qpdf_oh box = qpdf_oh_get_key(src, page, "/MediaBox");
    double v[4] = {0, 0, page_w, page_h};
    for (int i = 0; i < 4 && qpdf_oh_get_array_n_items(src, box) == 4; i++)
        v[i] = qpdf_oh_get_numeric_value(src, qpdf_oh_get_array_item(src, box, i));
    if (src != out) {
        /* copy_foreign_object only takes indirect objects. */
        if (!qpdf_oh_is_indirect(src, res))
            res = qpdf_make_indirect_object(src, res);
        if ((rc = bk__qpdf_check(src, doing, err)) < 0) {
            free(data);
            return rc;
        }
        res = qpdf_oh_copy_foreign_object(out, src, res);
    }
    if ((rc = bk__qpdf_check(out, doing, err)) < 0) {
        free(data);
        return rc;
    }

    /* The writer passes every stream through as it is (deflating the
     * engines' already-compressed streams again was a fifth of a render),
     * so the few made at assembly compress themselves. */
    *xo = qpdf_oh_new_stream(out);
    rc = bk__qpdf_set_deflated(out, *xo, data, len, deflated, err);
    free(data);
    if (rc < 0)
        return rc;
    qpdf_oh d = qpdf_oh_get_dict(out, *xo);
    qpdf_oh bbox = qpdf_oh_new_array(out);
    for (int i = 0; i < 4; i++)
        qpdf_oh_append_item(out, bbox, qpdf_oh_new_real_from_double(out, v[i], 3));
    qpdf_oh_replace_key(out, d, "/Type", qpdf_oh_new_name(out, "/XObject"));
    qpdf_oh_replace_key(out, d, "/Subtype", qpdf_oh_new_name(out, "/Form"));
    qpdf_oh_replace_key(out, d, "/BBox", bbox);
    qpdf_oh_replace_key(out, d, "/Resources", res);
    return bk__qpdf_check(out, doing, err);
}

int bk__page_overlay(qpdf_data out, qpdf_oh page, qpdf_oh xo, const char *prefix, qpdf_oh *open_q,
                     bk_error *err)
{
    if (!*open_q)
        *open_q = new_stream(out, "q\n");
    qpdf_oh res = dict_copy(out, qpdf_oh_get_key(out, page, "/Resources"));
    qpdf_oh xobjs = dict_copy(out, qpdf_oh_get_key_if_dict(out, res, "/XObject"));
    char name[32];
    snprintf(name, sizeof name, "%s", prefix);
    for (int i = 1; qpdf_oh_has_key(out, xobjs, name); i++)
        snprintf(name, sizeof name, "%s%d", prefix, i);
    qpdf_oh_replace_key(out, xobjs, name, xo);
    qpdf_oh_replace_key(out, res, "/XObject", xobjs);
    qpdf_oh_replace_key(out, page, "/Resources", res);

    qpdf_oh old = qpdf_oh_get_key(out, page, "/Contents");
    qpdf_oh contents = qpdf_oh_new_array(out);
    qpdf_oh_append_item(out, contents, *open_q);
    if (qpdf_oh_is_array(out, old)) {
        int n = qpdf_oh_get_array_n_items(out, old);
        for (int i = 0; i < n; i++)
            qpdf_oh_append_item(out, contents, qpdf_oh_get_array_item(out, old, i));
    } else if (qpdf_oh_is_stream(out, old)) {
        qpdf_oh_append_item(out, contents, old);
    }
    char tail[64];
    snprintf(tail, sizeof tail, "\nQ\nq %s Do Q\n", name);
    qpdf_oh_append_item(out, contents, new_stream(out, tail));
    qpdf_oh_replace_key(out, page, "/Contents", contents);
    return bk__qpdf_check(out, "cannot lay one page over another", err);
}

int bk__page_lay_over_previous(qpdf_data out, int at, double page_w, double page_h,
                               bk_deflate_cache *deflated, qpdf_oh *open_q, bk_error *err)
{
    const char *doing = "cannot lay a section's first page over the previous section's last";
    qpdf_oh page = qpdf_get_page_n(out, (size_t)at);
    qpdf_oh under = qpdf_get_page_n(out, (size_t)(at - 1));
    int rc = bk__qpdf_check(out, doing, err);
    if (rc < 0)
        return rc;
    qpdf_oh xo;
    if ((rc = bk__page_xobject(out, out, page, page_w, page_h, deflated, doing, &xo, err)) < 0 ||
        (rc = bk__page_overlay(out, under, xo, "/BkFlow", open_q, err)) < 0)
        return rc;
    qpdf_oh links = qpdf_oh_get_key(out, page, "/Annots");
    int n = qpdf_oh_is_array(out, links) ? qpdf_oh_get_array_n_items(out, links) : 0;
    if (n > 0) {
        qpdf_oh annots = qpdf_oh_get_key(out, under, "/Annots");
        if (!qpdf_oh_is_array(out, annots)) {
            annots = qpdf_oh_new_array(out);
            qpdf_oh_replace_key(out, under, "/Annots", annots);
        }
        for (int i = 0; i < n; i++)
            qpdf_oh_append_item(out, annots, qpdf_oh_get_array_item(out, links, i));
    }
    return bk__qpdf_code(out, qpdf_remove_page(out, page), doing, err);
}
