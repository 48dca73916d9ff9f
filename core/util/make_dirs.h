/* Internal: making the folders a file's path needs (mkdir -p of its
 * parents). A batch makes its output folders itself: a schedule's outputs
 * are patterns (out/{{ zone }}/...), and creating a folder per zone by hand
 * for every new zone is what an unattended run must not need. */
#ifndef BK_MAKE_DIRS_H
#define BK_MAKE_DIRS_H

#include <briefkit/error.h>

/* Creates every folder above the file `path` that does not exist yet
 * (mode 0777 before the umask). 0, or BK_EPATH for a path longer than 4095
 * bytes, or BK_EIO naming the folder that could not be made. */
int bk__make_parents(const char *path, bk_error *err);

#endif
