/* Internal: small helpers over libqpdf's C API, shared by the assembler and
 * the engines' repair hooks (engine.h): qpdf's sticky per-handle error
 * turned into a bk_error, and a stream given data that is deflated here. */
#ifndef BK_QPDF_UTIL_H
#define BK_QPDF_UTIL_H

#include <stddef.h>

#include <qpdf/qpdf-c.h>

#include <briefkit/error.h>

#include "deflate_cache.h"

/* BK_EPDF with qpdf's last message on `q`: "<doing>: <message>". */
int bk__qpdf_fail(qpdf_data q, const char *doing, bk_error *err);
/* 0, or bk__qpdf_fail when the last calls on `q` failed. */
int bk__qpdf_check(qpdf_data q, const char *doing, bk_error *err);
/* 0, or bk__qpdf_fail when `code` or the handle says a call failed. */
int bk__qpdf_code(qpdf_data q, QPDF_ERROR_CODE code, const char *doing, bk_error *err);

/* Sets `stream`'s data to data[0..len) deflated (through `deflated`, which
 * may be NULL), with its filter named.
 * The assembler writes every stream as it is (the engines compressed
 * theirs), so a stream made or changed at assembly compresses itself. */
int bk__qpdf_set_deflated(qpdf_data q, qpdf_oh stream, const unsigned char *data, size_t len,
                          bk_deflate_cache *deflated, bk_error *err);

#endif
