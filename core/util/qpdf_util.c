/* Helpers over libqpdf's C API (qpdf_util.h). qpdf reports through a sticky
 * error on the handle rather than a return code for most object calls, so
 * callers check the handle after each step. */
#include "qpdf_util.h"

#include <stdlib.h>

#include "deflate_cache.h"
#include "errors.h"

int bk__qpdf_fail(qpdf_data q, const char *doing, bk_error *err)
{
    const char *text = NULL;
    if (qpdf_has_error(q)) {
        qpdf_error e = qpdf_get_error(q);
        text = e ? qpdf_get_error_full_text(q, e) : NULL;
    }
    return bk__error(err, BK_EPDF, NULL, "%s: %s", doing,
                     text && text[0] ? text : "qpdf reported an error without a message");
}

int bk__qpdf_check(qpdf_data q, const char *doing, bk_error *err)
{
    return qpdf_has_error(q) ? bk__qpdf_fail(q, doing, err) : 0;
}

int bk__qpdf_code(qpdf_data q, QPDF_ERROR_CODE code, const char *doing, bk_error *err)
{
    return (code & QPDF_ERRORS) || qpdf_has_error(q) ? bk__qpdf_fail(q, doing, err) : 0;
}

int bk__qpdf_set_deflated(qpdf_data q, qpdf_oh stream, const unsigned char *data, size_t len,
                          bk_deflate_cache *deflated, bk_error *err)
{
    unsigned char *z = NULL;
    size_t zlen = 0;
    if (bk__deflate(deflated, data, len, &z, &zlen) != 0)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory compressing a stream");
    qpdf_oh_replace_stream_data(q, stream, z, zlen, qpdf_oh_new_name(q, "/FlateDecode"),
                                qpdf_oh_new_null(q));
    free(z);
    return 0;
}
