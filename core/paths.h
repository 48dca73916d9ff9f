/* Internal: where briefkit finds its own files. A libbriefkit that runs from
 * the build tree (found with dladdr) uses the source tree's fonts/ and the
 * build's plugins/; an installed one uses the install prefix. */
#ifndef BK_PATHS_H
#define BK_PATHS_H

/* BRIEFKIT_FONT_DIR if set, else the build or install fonts folder. */
const char *bk__paths_font_dir(void);
/* The build's or the install prefix's plugin folder. */
const char *bk__paths_plugin_dir(void);
/* 1 when this libbriefkit runs from its build tree. */
int bk__paths_in_build_tree(void);

#endif
