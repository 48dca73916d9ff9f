/* Internal: writing a whole buffer to a file descriptor, across short
 * writes and EINTR (atomic_write, isolate and batch_run all need it). */
#ifndef BK_WRITE_ALL_H
#define BK_WRITE_ALL_H

#include <stddef.h>

/* 0 when all `len` bytes were written; -1 with errno set otherwise. */
int bk__write_all(int fd, const void *data, size_t len);

#endif
