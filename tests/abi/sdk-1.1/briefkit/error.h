/* Error codes and the caller-owned error record.
 *
 * Every briefkit function that can fail returns 0 or a negative BK_E* code
 * and fills a bk_error the caller owns. Codes are never renumbered; a retired
 * code keeps its slot. One X-macro feeds the enum, bk_strerror() and
 * bk_err_name(), so they cannot drift apart. */
#ifndef BRIEFKIT_ERROR_H
#define BRIEFKIT_ERROR_H

#include <stddef.h>

#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BK_ERRNO_MAP(X)                                                  \
    X(OK, 0, "success")                                                  \
    X(EINVAL, -1, "invalid argument")                                    \
    X(ENOMEM, -2, "out of memory")                                       \
    X(EIO, -3, "input/output error")                                     \
    X(ESYNTAX, -4, "syntax error")                                       \
    X(ETYPE, -5, "wrong type")                                           \
    X(EMISSING, -6, "required value missing")                            \
    X(EUNKNOWN, -7, "unknown name")                                      \
    X(ELIMIT, -8, "limit exceeded")                                      \
    X(EPLUGIN, -9, "plugin refused")                                     \
    X(EABI, -10, "plugin ABI mismatch")                                  \
    X(ERENDER, -11, "section failed to render")                          \
    X(EFONT, -12, "font error")                                          \
    X(EPDF, -13, "PDF assembly failed")                                  \
    X(ECRASH, -14, "plugin crashed")                                     \
    X(ETIMEOUT, -15, "time limit exceeded")                              \
    X(EPATH, -16, "path not allowed")                                    \
    X(EDATA, -17, "bad data")

typedef enum bk_status {
#define BK__ENUM(name, value, text) BK_##name = value,
    BK_ERRNO_MAP(BK__ENUM)
#undef BK__ENUM
} bk_status;

/* Where in an input file something is; line and col are 1-based, 0 when
 * unknown. file points into memory owned by whoever produced the location. */
typedef struct bk_loc {
    const char *file;
    int line;
    int col;
} bk_loc;

/* A failure, filled by the function that failed. Caller-owned; fixed size so
 * it can live on the stack. file is empty when the error has no location. */
typedef struct bk_error {
    int code;
    int line;
    int col;
    char file[512];
    char msg[1024];
} bk_error;

/* Words for a code ("plugin crashed"); never NULL. Since: 0.1 [thread-safe] */
BK_API const char *bk_strerror(int code);

/* The code's name without prefix ("ECRASH"); never NULL. Since: 0.1 */
BK_API const char *bk_err_name(int code);

/* Formats "file:line:col: message" (or just the message when there is no
 * location) into buf; returns what snprintf returns. Since: 0.1 */
BK_API int bk_error_format(const bk_error *err, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
