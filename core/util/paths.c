/* Where briefkit finds its own fonts and plugins, and which folders a
 * template may read files from.
 *
 * The same binary must work from the build tree (developers, tests, CI) and
 * from an install prefix, without a flag. So we ask the dynamic linker which
 * file this code was loaded from (dladdr on one of our own functions) and
 * compare its real path with the build directory compiled in: under it, the
 * build's folders; anywhere else, the install prefix's. Unit tests link the
 * archive statically, so dladdr names the test executable, which also lives
 * in the build tree and so gets the build paths, as it should.
 *
 * An installed library works out its folders from its own location too
 * (libdir/briefkit/plugins, libdir/../share/briefkit/fonts, the relative
 * steps compiled in), so `cmake --install --prefix ANYWHERE` works without
 * rebuilding; the configure-time prefix is the fallback when dladdr cannot
 * say where we are.
 *
 * The answer cannot change during a run, so it is worked out once. */
#define _GNU_SOURCE /* dladdr and Dl_info are GNU extensions */
#include "paths.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_once_t paths_once = PTHREAD_ONCE_INIT;
static int paths_in_build;
static const char *paths_font;
static char paths_font_env[PATH_MAX]; /* a copy: a later setenv may free getenv's string */
static const char *paths_plugin;
static char paths_install_font[PATH_MAX];
static char paths_install_plugin[PATH_MAX];
static char paths_data[PATH_MAX];

/* 1 when `path` is `dir` itself or lies below it. */
static int path_is_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (strncmp(path, dir, n) != 0)
        return 0;
    return path[n] == '\0' || path[n] == '/';
}

/* The real path of the file this code runs from, or 0 when unknown. */
static int self_path(char *self)
{
    Dl_info info;
    if (!dladdr((const void *)&bk__paths_in_build_tree, &info) || !info.dli_fname)
        return 0;
    return realpath(info.dli_fname, self) != NULL;
}

static int runs_from_build_tree(void)
{
    char self[PATH_MAX], build[PATH_MAX];
    if (!self_path(self))
        return 0;
    /* A build dir that no longer exists cannot hold the running file. */
    if (!realpath(BK_BUILD_DIR, build))
        return 0;
    return path_is_under(self, build);
}

/* dir(libbriefkit)/rel into out; the compiled-in `fallback` when that
 * cannot be worked out or does not exist. */
static const char *install_dir(const char *rel, const char *fallback, char *out)
{
    char self[PATH_MAX];
    if (!self_path(self))
        return fallback;
    char *slash = strrchr(self, '/');
    if (!slash)
        return fallback;
    *slash = '\0';
    int n = snprintf(out, PATH_MAX, "%s/%s", self, rel);
    if (n < 0 || n >= PATH_MAX || access(out, F_OK) != 0)
        return fallback;
    return out;
}

static void paths_init(void)
{
    paths_in_build = runs_from_build_tree();
    paths_plugin = paths_in_build ? BK_BUILD_PLUGIN_DIR
                                  : install_dir(BK_LIBDIR_TO_PLUGINS, BK_INSTALL_PLUGIN_DIR,
                                                paths_install_plugin);
    /* Installed, the data folder is the fonts folder's parent; in the build
     * tree the fonts are the build's copies (fonts/CMakeLists.txt) and the
     * data the source tree's. BRIEFKIT_FONT_DIR moves only the fonts, not
     * the templates and samples. */
    const char *own_fonts =
        paths_in_build ? BK_BUILD_FONT_DIR
                       : install_dir(BK_LIBDIR_TO_FONTS, BK_INSTALL_FONT_DIR, paths_install_font);
    if (paths_in_build)
        snprintf(paths_data, sizeof paths_data, "%s", BK_BUILD_DATA_DIR);
    else
        snprintf(paths_data, sizeof paths_data, "%s/..", own_fonts);
    const char *env = getenv("BRIEFKIT_FONT_DIR");
    if (env && env[0] && strlen(env) < sizeof paths_font_env) {
        memcpy(paths_font_env, env, strlen(env) + 1);
        paths_font = paths_font_env;
    } else
        paths_font = own_fonts;
}

const char *bk__paths_font_dir(void)
{
    pthread_once(&paths_once, paths_init);
    return paths_font;
}

const char *bk__paths_plugin_dir(void)
{
    pthread_once(&paths_once, paths_init);
    return paths_plugin;
}

int bk__paths_in_build_tree(void)
{
    pthread_once(&paths_once, paths_init);
    return paths_in_build;
}

const char *bk__paths_data_dir(void)
{
    pthread_once(&paths_once, paths_init);
    return paths_data;
}

int bk__paths_allowed(const char *path, const char *const *roots, size_t n_roots)
{
    char real[PATH_MAX], root[PATH_MAX];
    if (!realpath(path, real))
        return 1;
    for (size_t i = 0; i < n_roots; i++)
        if (roots[i] && realpath(roots[i], root) && path_is_under(real, root))
            return 1;
    return 0;
}
