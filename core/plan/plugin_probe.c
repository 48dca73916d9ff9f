/* Trying plugin files in a child process, with a cache (plugin_probe.h).
 *
 * The cache is a text file, one line a file:
 *   ok|no <TAB> dev <TAB> ino <TAB> size <TAB> mtime ns <TAB> path <TAB> refusal
 * under a first line naming briefkit's version, so an upgrade (whose
 * loader may judge differently) starts afresh. Control characters in a path
 * or reason are stored escaped and a line that does not parse is dropped:
 * the cache is a saving, never a source of truth, and a wrong line costs at
 * most a child. */
#include "plugin_probe.h"

#include <briefkit/version.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic_write.h"
#include "child_pool.h"
#include "errors.h"
#include "make_dirs.h"
#include "plugin_loader.h"

/* A plugin's constructors and entry get this long in the child. */
#define PROBE_DEADLINE_MS 10000.0
#define PROBE_MEMORY_MB 2048

typedef struct probe_entry {
    int ok;
    unsigned long long dev, ino, size, mtime_ns;
    char *path;
    char *refusal;
} probe_entry;

struct bk_probe_cache {
    char *file; /* NULL: not kept */
    probe_entry *items;
    size_t n, cap;
    int changed;
};

static const char header_prefix[] = "briefkit plugin probe cache ";

char *bk__probe_cache_default_path(void)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    const char *base = xdg && *xdg == '/' ? xdg : NULL;
    char buf[PATH_MAX];
    int n;
    if (base)
        n = snprintf(buf, sizeof buf, "%s/briefkit/plugin-probe", base);
    else if (home && *home == '/')
        n = snprintf(buf, sizeof buf, "%s/.cache/briefkit/plugin-probe", home);
    else
        return NULL;
    return n > 0 && (size_t)n < sizeof buf ? strdup(buf) : NULL;
}

static int add(bk_probe_cache *c, const probe_entry *e)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        probe_entry *items = realloc(c->items, cap * sizeof *items);
        if (!items)
            return -1;
        c->items = items;
        c->cap = cap;
    }
    c->items[c->n++] = *e;
    return 0;
}

static void parse_line(bk_probe_cache *c, char *line)
{
    char *f[7];
    for (int i = 0; i < 7; i++) {
        f[i] = line;
        char *tab = i < 6 ? strchr(line, '\t') : NULL;
        if (i < 6 && !tab)
            return;
        if (tab) {
            *tab = '\0';
            line = tab + 1;
        }
    }
    probe_entry e = {0};
    if (strcmp(f[0], "ok") != 0 && strcmp(f[0], "no") != 0)
        return;
    e.ok = f[0][0] == 'o';
    char *end;
    unsigned long long *nums[4] = {&e.dev, &e.ino, &e.size, &e.mtime_ns};
    for (int i = 0; i < 4; i++) {
        errno = 0;
        *nums[i] = strtoull(f[1 + i], &end, 10);
        if (errno || *end || end == f[1 + i])
            return;
    }
    e.path = strdup(f[5]);
    e.refusal = strdup(f[6]);
    if (!e.path || !e.refusal || add(c, &e)) {
        free(e.path);
        free(e.refusal);
    }
}

bk_probe_cache *bk__probe_cache_open(const char *path)
{
    bk_probe_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (path && !(c->file = strdup(path))) {
        free(c);
        return NULL;
    }
    FILE *f = path ? fopen(path, "re") : NULL;
    if (!f)
        return c;
    char line[PATH_MAX + 1024];
    if (fgets(line, sizeof line, f) &&
        strncmp(line, header_prefix, sizeof header_prefix - 1) == 0 &&
        strcmp(line + sizeof header_prefix - 1, BK_VERSION_STRING "\n") == 0) {
        while (fgets(line, sizeof line, f)) {
            size_t len = strlen(line);
            if (!len || line[len - 1] != '\n')
                break; /* too long or cut short: the rest is not trusted */
            line[len - 1] = '\0';
            parse_line(c, line);
        }
    }
    fclose(f);
    return c;
}

static void put_raw(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t want = (*len + n + 1) * 2;
        char *grown = realloc(*buf, want);
        if (!grown)
            return;
        *buf = grown;
        *cap = want;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
}

/* Appends `s` with tabs, newlines and other control characters escaped,
 * so a line stays one line of seven fields. */
static void put_field(char **buf, size_t *len, size_t *cap, const char *s)
{
    char esc[2 * PATH_MAX];
    size_t n = bk__escape_controls(s, esc, sizeof esc);
    put_raw(buf, len, cap, esc, n);
}

void bk__probe_cache_close(bk_probe_cache *c)
{
    if (!c)
        return;
    if (c->file && c->changed) {
        size_t cap = 4096, len = 0;
        char *buf = malloc(cap);
        int ok = buf != NULL;
        if (ok)
            len = (size_t)snprintf(buf, cap, "%s%s\n", header_prefix, BK_VERSION_STRING);
        for (size_t i = 0; ok && i < c->n; i++) {
            const probe_entry *e = &c->items[i];
            char nums[128];
            int n = snprintf(nums, sizeof nums, "%s\t%llu\t%llu\t%llu\t%llu\t", e->ok ? "ok" : "no",
                             e->dev, e->ino, e->size, e->mtime_ns);
            put_raw(&buf, &len, &cap, nums, (size_t)n);
            put_field(&buf, &len, &cap, e->path);
            put_raw(&buf, &len, &cap, "\t", 1);
            put_field(&buf, &len, &cap, e->refusal);
            put_raw(&buf, &len, &cap, "\n", 1);
        }
        bk_error ignored; /* a cache that cannot be written only costs children */
        if (ok && bk__make_parents(c->file, &ignored) == 0)
            (void)bk__write_atomic(c->file, buf, len, &ignored);
        free(buf);
    }
    for (size_t i = 0; i < c->n; i++) {
        free(c->items[i].path);
        free(c->items[i].refusal);
    }
    free(c->items);
    free(c->file);
    free(c);
}

/* What the child sends back. */
typedef struct probe_wire {
    int ok;
    char refusal[512];
} probe_wire;

typedef struct probe_job {
    const char *path;
    const bk_host *host;
} probe_job;

static void probe_child(void *arg, bk_child *self)
{
    const probe_job *job = arg;
    probe_wire w;
    memset(&w, 0, sizeof w);
    bk_loaded_plugin lp;
    memset(&lp, 0, sizeof lp);
    bk_error err;
    w.ok = bk__plugin_load_file(job->path, job->host, &lp, &err) == 0 && lp.ok;
    if (!w.ok) {
        const char *why = lp.refusal[0] ? lp.refusal : err.msg;
        size_t n = strnlen(why, sizeof w.refusal - 1);
        memcpy(w.refusal, why, n);
        w.refusal[n] = '\0';
    }
    (void)bk__child_send(self, &w, sizeof w);
}

/* Runs the child; 1 accepted, 0 refused (reason in `refusal`). */
static int probe_in_child(const char *path, const bk_host *host, char *refusal, size_t size)
{
    bk_child_pool *pool = bk__child_pool_new(1);
    if (!pool) {
        snprintf(refusal, size, "%s: out of memory trying the plugin", path);
        return 0;
    }
    probe_job job = {path, host};
    bk_child_opts o = {.deadline_ms = PROBE_DEADLINE_MS,
                       .memory_mb = PROBE_MEMORY_MB,
                       .max_result = sizeof(probe_wire),
                       .no_core_dump = 1};
    bk_error err;
    int ok = 0;
    if (bk__child_start(pool, 0, &o, probe_child, &job, &err) != 0) {
        snprintf(refusal, size, "%s: cannot try the plugin: %s", path, err.msg);
        bk__child_pool_free(pool);
        return 0;
    }
    bk_child_event ev;
    while (bk__child_pool_wait(pool, &ev, &err) == 0) {
        if (ev.kind == BK_CHILD_PROGRESS)
            continue;
        if (ev.kind == BK_CHILD_RESULT && ev.len == sizeof(probe_wire)) {
            probe_wire w;
            memcpy(&w, ev.result, sizeof w);
            w.refusal[sizeof w.refusal - 1] = '\0';
            ok = w.ok;
            if (!ok)
                snprintf(refusal, size, "%s", w.refusal);
        } else {
            char how[256];
            bk__child_describe(&ev, how, sizeof how);
            snprintf(refusal, size,
                     "%s: loading the plugin ended its process, which %s (its constructors and "
                     "entry function must only return its description: no exit(), no waiting)",
                     path, how);
        }
        break;
    }
    bk__child_pool_free(pool);
    return ok;
}

int bk__plugin_probe(bk_probe_cache *c, const char *path, const bk_host *host, char *refusal,
                     size_t size)
{
    refusal[0] = '\0';
    char real[PATH_MAX];
    struct stat st;
    if (!realpath(path, real) || stat(real, &st) != 0)
        return 1; /* bk__plugin_load_file says what is wrong */
    unsigned long long mtime = (unsigned long long)st.st_mtim.tv_sec * 1000000000ull +
                               (unsigned long long)st.st_mtim.tv_nsec;
    for (size_t i = 0; c && i < c->n; i++) {
        const probe_entry *e = &c->items[i];
        if (e->dev == (unsigned long long)st.st_dev && e->ino == (unsigned long long)st.st_ino &&
            e->size == (unsigned long long)st.st_size && e->mtime_ns == mtime &&
            strcmp(e->path, real) == 0) {
            if (!e->ok)
                snprintf(refusal, size, "%s", e->refusal);
            return e->ok;
        }
    }
    int ok = probe_in_child(path, host, refusal, size);
    if (c) {
        /* A file that changed replaces its old line. */
        for (size_t i = 0; i < c->n; i++)
            if (strcmp(c->items[i].path, real) == 0) {
                free(c->items[i].path);
                free(c->items[i].refusal);
                c->items[i--] = c->items[--c->n];
            }
        probe_entry e = {ok,
                         (unsigned long long)st.st_dev,
                         (unsigned long long)st.st_ino,
                         (unsigned long long)st.st_size,
                         mtime,
                         strdup(real),
                         strdup(ok ? "" : refusal)};
        if (e.path && e.refusal && add(c, &e) == 0) {
            c->changed = 1;
        } else {
            free(e.path);
            free(e.refusal);
        }
    }
    return ok;
}
