/* Internal: write a whole file or nothing. A temp file in the target's
 * folder, fsync, rename over the target, fsync the folder. On any failure
 * the temp file is removed and an existing target is untouched. */
#ifndef BK_ATOMIC_WRITE_H
#define BK_ATOMIC_WRITE_H

#include <stddef.h>

#include <briefkit/error.h>

int bk__write_atomic(const char *path, const void *data, size_t len, bk_error *err);

#endif
