/* Internal: where briefkit finds its own files. A libbriefkit that runs from
 * the build tree (found with dladdr) uses the source tree's fonts/ and the
 * build's plugins/; an installed one uses the install prefix. */
#ifndef BK_PATHS_H
#define BK_PATHS_H

#include <stddef.h>

/* BRIEFKIT_FONT_DIR if set, else the build or install fonts folder. */
const char *bk__paths_font_dir(void);
/* The build's or the install prefix's plugin folder. */
const char *bk__paths_plugin_dir(void);
/* 1 when this libbriefkit runs from its build tree. */
int bk__paths_in_build_tree(void);
/* briefkit's own data folder, which holds fonts/, templates/ and samples/:
 * the source tree in a build, share/briefkit when installed. */
const char *bk__paths_data_dir(void);

/* Where a template may read files from. `path` is allowed when its real
 * path (symlinks and ".." resolved) lies inside the real path of one of
 * `roots` (roots that do not exist are skipped). A path that does not
 * resolve (a missing file) counts as allowed, so the reader reports it as
 * missing rather than as forbidden. Returns 1 allowed, 0 outside. */
int bk__paths_allowed(const char *path, const char *const *roots, size_t n_roots);

#endif
