/* Internal: trying a plugin file in a child process before this process
 * loads it.
 *
 * dlopen runs a library's constructors, and the entry function is the
 * plugin's own code: a plugin that calls exit() there, crashes reading its
 * own description or hangs would take down `briefkit plugins`, `validate`
 * and every `render` with that folder on the search path, even when no
 * template uses it. So the scan first loads each file in a child (the
 * child pool's deadline and wording); only a file the child loaded and
 * accepted is loaded here. The outcome is kept in a small cache file, keyed
 * by the file's real path, device, inode, size and modification time and by
 * briefkit's version, so the next run costs no child. */
#ifndef BK_PLUGIN_PROBE_H
#define BK_PLUGIN_PROBE_H

#include <briefkit/error.h>
#include <briefkit/host.h>

typedef struct bk_probe_cache bk_probe_cache;

/* Reads the cache at `path` (NULL or unreadable: an empty cache). NULL
 * only when out of memory. */
bk_probe_cache *bk__probe_cache_open(const char *path);
/* Writes the cache back when it changed (best effort: a cache that cannot
 * be written only costs the next run its children), and frees it. */
void bk__probe_cache_close(bk_probe_cache *c);
/* The default cache file: $XDG_CACHE_HOME/briefkit/plugin-probe, or
 * ~/.cache/briefkit/plugin-probe; NULL when neither is set. malloc'd. */
char *bk__probe_cache_default_path(void);

/* Loads `path` in a child (or takes the cached outcome): 1 when the child
 * accepted it, 0 when it refused it or died, with the reason in `refusal`
 * ("<path>: ..."). Checks the same things bk__plugin_load_file does, since
 * that is what the child runs. */
int bk__plugin_probe(bk_probe_cache *c, const char *path, const bk_host *host, char *refusal,
                     size_t size);

#endif
