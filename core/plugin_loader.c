/* Finding, loading and checking section plugins.
 *
 * A plugin is native code we are about to run, found on a search path, so the
 * loader is suspicious in a fixed order and says exactly why it refused a
 * file: a plugin file, or a folder anywhere above it, that another user owns
 * or can write to (they could swap it; ssh checks the path to a key so),
 * something that is not an ELF shared object, a load failure, no entry
 * symbol (or the entry of another ABI major, which deserves its own message),
 * an ABI it does not speak, and finally a description that does not hold up
 * (name, version, callbacks, engines, option schema). Only the three header
 * fields are read from the plugin's struct before its size is known; the
 * rest is copied into a zeroed bk_plugin so fields a 1.0 plugin lacks read as
 * absent.
 *
 * The registry keeps refused plugins next to usable ones, in scan order, so
 * `briefkit plugins` can show what was found and why anything was turned
 * away. Folders are scanned in a fixed order and files sorted by name, so the
 * same tree always gives the same registry and the same "first one wins". */
#include "plugin_loader.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"
#include "options.h"
#include "paths.h"
#include "plugin_probe.h"

struct bk_registry {
    bk_loaded_plugin *items;
    size_t n, cap;
    char **dirs;
    size_t n_dirs, cap_dirs;
};

/* The smallest description a 1.0 plugin can have: everything up to render. */
#define BK_PLUGIN_MIN_SIZE (offsetof(bk_plugin, render) + sizeof(((bk_plugin *)0)->render))

static int refuse(bk_loaded_plugin *out, bk_error *err, int code, const char *fmt, ...)
    BK_PRINTF(4, 5);
static int refuse(bk_loaded_plugin *out, bk_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->refusal, sizeof out->refusal, fmt, ap);
    va_end(ap);
    out->ok = 0;
    return bk__error(err, code, NULL, "%s", out->refusal);
}

/* Writes the folder part of `path` into buf ("." when there is none). */
static void folder_of(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(buf, size, ".");
    else if (slash == path)
        snprintf(buf, size, "/");
    else
        snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

/* Why someone other than this user (or root) could replace what `st`
 * describes, or NULL. A folder's sticky bit (/tmp) keeps others from
 * renaming or removing what they do not own, so it may be shared. */
static const char *replaceable_by_others(const struct stat *st)
{
    if (st->st_uid != geteuid() && st->st_uid != 0)
        return "another user owns";
    if ((st->st_mode & (S_IWGRP | S_IWOTH)) && !(S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX)))
        return "other users can write to";
    return NULL;
}

/* Checks `path` and every folder above it up to the root, as ssh checks the
 * path to a key: a folder another user owns or can write to lets them swap
 * the plugin for their own code, which briefkit would then run. */
static int check_folders(const char *shown, const char *path, bk_loaded_plugin *out, bk_error *err)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    for (;;) {
        char up[PATH_MAX];
        folder_of(dir, up, sizeof up);
        struct stat st;
        if (stat(up, &st) != 0)
            return refuse(out, err, BK_EPLUGIN, "%s: cannot read its folder %s: %s", shown, up,
                          strerror(errno));
        const char *why = replaceable_by_others(&st);
        if (why)
            return refuse(out, err, BK_EPLUGIN,
                          "%s: refusing a plugin in a folder %s: %s (owner uid %u, mode %04o)",
                          shown, why, up, (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
        if (strcmp(up, "/") == 0 || strcmp(up, ".") == 0)
            return 0;
        snprintf(dir, sizeof dir, "%s", up);
    }
}

/* Checks the file and the folders holding it (both the one named and, through
 * symlinks, the real one) for permissions others could abuse. */
static int check_permissions(const char *path, const char *real, bk_loaded_plugin *out,
                             bk_error *err)
{
    struct stat st;
    if (stat(real, &st) != 0)
        return refuse(out, err, BK_EPLUGIN, "%s: cannot read: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return refuse(out, err, BK_EPLUGIN, "%s: not a regular file", path);
    const char *why = replaceable_by_others(&st);
    if (why)
        return refuse(out, err, BK_EPLUGIN,
                      "%s: refusing a plugin file %s (owner uid %u, mode %04o)", path, why,
                      (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
    int rc = check_folders(path, real, out, err);
    if (!rc && strcmp(path, real) != 0)
        rc = check_folders(path, path, out, err);
    return rc;
}

/* The ELF header fields that say which CPU a file is for. */
typedef struct elf_kind {
    unsigned char elf_class; /* 1: 32-bit, 2: 64-bit */
    unsigned char data;      /* 1: little-endian, 2: big-endian */
    unsigned machine;        /* e_machine */
} elf_kind;

static int read_elf_kind(int fd, elf_kind *k)
{
    unsigned char h[20];
    if (pread(fd, h, sizeof h, 0) != (ssize_t)sizeof h || memcmp(h, "\177ELF", 4) != 0)
        return -1;
    k->elf_class = h[4];
    k->data = h[5];
    k->machine = h[5] == 2 ? (unsigned)h[18] << 8 | h[19] : (unsigned)h[19] << 8 | h[18];
    return 0;
}

static const char *machine_name(unsigned m, char *buf, size_t size)
{
    static const struct {
        unsigned m;
        const char *name;
    } names[] = {{3, "i386"},     {8, "MIPS"},       {20, "PowerPC"}, {21, "PowerPC64"},
                 {22, "s390"},    {40, "ARM"},       {62, "x86-64"},  {183, "AArch64"},
                 {243, "RISC-V"}, {258, "LoongArch"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].m == m)
            return names[i].name;
    snprintf(buf, size, "machine %u", m);
    return buf;
}

/* dlopen of a text file gives a confusing "invalid ELF header", and of a
 * library built for another CPU glibc's "No such file or directory": say
 * plainly what the file is. The running program's own header says what this
 * machine runs. */
static int check_elf(const char *path, const char *real, bk_loaded_plugin *out, bk_error *err)
{
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return refuse(out, err, BK_EPLUGIN, "%s: cannot read: %s", path, strerror(errno));
    elf_kind file;
    int bad = read_elf_kind(fd, &file);
    close(fd);
    if (bad)
        return refuse(out, err, BK_EPLUGIN, "%s: not a shared object (no ELF header)", path);
    elf_kind self;
    fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0; /* no /proc: dlopen will say what it can */
    bad = read_elf_kind(fd, &self);
    close(fd);
    if (!bad && (file.machine != self.machine || file.elf_class != self.elf_class ||
                 file.data != self.data)) {
        char a[32], b[32];
        return refuse(out, err, BK_EPLUGIN,
                      "%s: built for another CPU (%s, %d-bit), this briefkit runs on %s, %d-bit: "
                      "rebuild the plugin on this machine",
                      path, machine_name(file.machine, a, sizeof a), file.elf_class == 1 ? 32 : 64,
                      machine_name(self.machine, b, sizeof b), self.elf_class == 1 ? 32 : 64);
    }
    return 0;
}

/* No v1 entry: if the file carries another major's entry, say which side to
 * upgrade instead of calling it "not a plugin". */
static int missing_entry(void *handle, const char *path, bk_loaded_plugin *out, bk_error *err)
{
    for (int major = 2; major <= 9; major++) {
        char sym[32];
        snprintf(sym, sizeof sym, "briefkit_plugin_v%d", major);
        if (dlsym(handle, sym))
            return refuse(out, err, BK_EABI,
                          "%s: built for plugin ABI %d, this briefkit provides ABI %d: rebuild "
                          "the plugin against briefkit's SDK %d.x or upgrade briefkit",
                          path, major, BK_ABI_MAJOR, BK_ABI_MAJOR);
    }
    return refuse(out, err, BK_EPLUGIN, "%s: not a briefkit plugin: no %s symbol", path,
                  BK_ENTRY_SYMBOL);
}

static int check_header(const char *path, const bk_plugin *d, bk_loaded_plugin *out, bk_error *err)
{
    /* The size first, alone: a description smaller than the header must
     * not be read past its end to find its version. */
    uint32_t size;
    memcpy(&size, d, sizeof size);
    if (size < BK_PLUGIN_MIN_SIZE)
        return refuse(out, err, BK_EABI,
                      "%s: description size %u is below the ABI %d.0 minimum %zu", path,
                      (unsigned)size, BK_ABI_MAJOR, (size_t)BK_PLUGIN_MIN_SIZE);
    uint32_t hdr[3];
    memcpy(hdr, d, sizeof hdr);
    uint32_t major = hdr[1], minor = hdr[2];
    if (major > BK_ABI_MAJOR)
        return refuse(out, err, BK_EABI,
                      "%s: built for plugin ABI %u.%u, this briefkit provides %d.%d: upgrade "
                      "briefkit",
                      path, (unsigned)major, (unsigned)minor, BK_ABI_MAJOR, BK_ABI_MINOR);
    if (major < BK_ABI_MAJOR)
        return refuse(out, err, BK_EABI,
                      "%s: built for plugin ABI %u.%u, this briefkit provides %d.%d: rebuild the "
                      "plugin against briefkit's SDK %d.x",
                      path, (unsigned)major, (unsigned)minor, BK_ABI_MAJOR, BK_ABI_MINOR,
                      BK_ABI_MAJOR);
    if (minor > BK_ABI_MINOR)
        return refuse(out, err, BK_EABI,
                      "%s: built for plugin ABI %u.%u, this briefkit provides %d.%d: upgrade "
                      "briefkit",
                      path, (unsigned)major, (unsigned)minor, BK_ABI_MAJOR, BK_ABI_MINOR);
    memcpy(&out->desc, d, size < sizeof out->desc ? size : sizeof out->desc);
    return 0;
}

static int check_description(const char *path, bk_loaded_plugin *out, bk_error *err)
{
    const bk_plugin *d = &out->desc;
    const uint32_t known = BK_ENGINE_HARU | BK_ENGINE_CAIRO;
    if (!d->name || !*d->name)
        return refuse(out, err, BK_EPLUGIN, "%s: the plugin has no name", path);
    if (!bk__valid_name(d->name))
        return refuse(out, err, BK_EPLUGIN, "%s: plugin name '%.64s' may use only a-z, 0-9 and _",
                      path, d->name);
    if (!d->version || !*d->version)
        return refuse(out, err, BK_EPLUGIN, "%s: plugin '%s' has no version", path, d->name);
    if (!d->render)
        return refuse(out, err, BK_EPLUGIN, "%s: plugin '%s' is missing required callback 'render'",
                      path, d->name);
    if (!d->engines)
        return refuse(out, err, BK_EPLUGIN,
                      "%s: plugin '%s' declares no engines (expected haru, cairo or both)", path,
                      d->name);
    if (d->engines & ~known)
        return refuse(out, err, BK_EPLUGIN, "%s: plugin '%s' declares unknown engine bits 0x%x",
                      path, d->name, (unsigned)(d->engines & ~known));
    if (d->preferred_engine && ((d->preferred_engine & (d->preferred_engine - 1)) != 0 ||
                                (d->preferred_engine & d->engines) == 0))
        return refuse(out, err, BK_EPLUGIN,
                      "%s: plugin '%s' prefers engine 0x%x, which is not one of its engines "
                      "(0x%x)",
                      path, d->name, (unsigned)d->preferred_engine, (unsigned)d->engines);
    char why[384];
    int rc = bk__schema_check(d->options, why, sizeof why);
    if (rc == BK_ENOMEM)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    if (rc)
        return refuse(out, err, BK_EPLUGIN, "%s: plugin '%s': %s", path, d->name, why);
    return 0;
}

/* Leaves out->path alone: the registry owns that string. */
int bk__plugin_load_file(const char *path, const bk_host *host, bk_loaded_plugin *out,
                         bk_error *err)
{
    char *keep = out->path;
    memset(out, 0, sizeof *out);
    out->path = keep;

    char real[PATH_MAX];
    if (!realpath(path, real))
        return refuse(out, err, BK_EPLUGIN, "%s: cannot read: %s", path, strerror(errno));
    int rc = check_permissions(path, real, out, err);
    if (!rc)
        rc = check_elf(path, real, out, err);
    if (rc)
        return rc;

    /* The real path: a bare name would send dlopen searching LD_LIBRARY_PATH.
     * A plugin is never dlclose()d, not even when refused below: destructors
     * registered by it or its libraries would run after the unmap, and a CLI
     * run gains nothing from giving the mapping back. */
    void *handle = dlopen(real, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        return refuse(out, err, BK_EPLUGIN, "%s: cannot load: %s", path,
                      why ? why : "unknown error");
    }
    void *sym = dlsym(handle, BK_ENTRY_SYMBOL);
    if (!sym)
        return missing_entry(handle, path, out, err);
    bk_entry_fn entry = (bk_entry_fn)sym;
    const bk_plugin *d = entry(host);
    if (!d)
        return refuse(out, err, BK_EPLUGIN, "%s: the plugin's entry returned no description", path);
    rc = check_header(path, d, out, err);
    if (!rc)
        rc = check_description(path, out, err);
    if (rc)
        return rc;
    out->ok = 1;
    return 0;
}

static int add_dir(bk_registry *r, const char *dir, bk_error *err)
{
    if (!dir || !*dir)
        return 0;
    for (size_t i = 0; i < r->n_dirs; i++)
        if (strcmp(r->dirs[i], dir) == 0)
            return 0; /* scanning it twice would refuse every plugin as its own duplicate */
    if (r->n_dirs == r->cap_dirs) {
        size_t cap = r->cap_dirs ? r->cap_dirs * 2 : 8;
        char **dirs = realloc(r->dirs, cap * sizeof *dirs);
        if (!dirs)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        r->dirs = dirs;
        r->cap_dirs = cap;
    }
    if (!(r->dirs[r->n_dirs] = strdup(dir)))
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    r->n_dirs++;
    return 0;
}

static int build_dirs(bk_registry *r, const char *const *extra, size_t n, bk_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (add_dir(r, extra[i], err))
            return BK_ENOMEM;
    const char *env = getenv("BRIEFKIT_PLUGIN_PATH");
    if (env) {
        char *copy = strdup(env);
        if (!copy)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        char *save = NULL;
        for (char *tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save))
            if (add_dir(r, tok, err)) {
                free(copy);
                return BK_ENOMEM;
            }
        free(copy);
    }
    const char *home = getenv("HOME");
    if (home && *home) {
        char user[PATH_MAX];
        if (snprintf(user, sizeof user, "%s/.local/lib/briefkit/plugins", home) <
                (int)sizeof user &&
            add_dir(r, user, err))
            return BK_ENOMEM;
    }
    return add_dir(r, bk__paths_plugin_dir(), err);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with_so(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".so") == 0;
}

/* The *.so names in dir, sorted; a folder that cannot be opened yields none. */
static int list_dir(const char *dir, char ***names_out, size_t *n_out, bk_error *err)
{
    *names_out = NULL;
    *n_out = 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d))) {
        if (!ends_with_so(e->d_name))
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **grown = realloc(names, ncap * sizeof *grown);
            if (!grown) {
                rc = BK_ENOMEM;
                break;
            }
            names = grown;
            cap = ncap;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = BK_ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (rc) {
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    }
    if (n)
        qsort(names, n, sizeof *names, compare_names);
    *names_out = names;
    *n_out = n;
    return 0;
}

static bk_loaded_plugin *push_entry(bk_registry *r)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        bk_loaded_plugin *items = realloc(r->items, cap * sizeof *items);
        if (!items)
            return NULL;
        r->items = items;
        r->cap = cap;
    }
    bk_loaded_plugin *p = &r->items[r->n];
    memset(p, 0, sizeof *p);
    return p;
}

static int load_into_registry(bk_registry *r, bk_probe_cache *probes, const char *path,
                              const bk_host *host, bk_error *err)
{
    bk_loaded_plugin *p = push_entry(r);
    if (!p)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    if (!(p->path = strdup(path)))
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    r->n++;
    /* Tried in a child first (plugin_probe.h): only what loaded there
     * without harm is loaded here. */
    if (!bk__plugin_probe(probes, path, host, p->refusal, sizeof p->refusal)) {
        p->ok = 0;
        return 0;
    }
    bk_error one;
    bk__error_clear(&one);
    if (bk__plugin_load_file(path, host, p, &one) == BK_ENOMEM)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    if (!p->ok)
        return 0;
    const bk_loaded_plugin *first = bk__registry_find(r, p->desc.name);
    if (first && first != p) {
        /* Long paths are cut to fit the fixed refusal buffer. */
        refuse(p, NULL, BK_EPLUGIN, "%s: plugin '%s' is already provided by %s", path, p->desc.name,
               first->path);
    }
    return 0;
}

int bk__registry_scan(const char *const *extra_paths, size_t n, const bk_host *host,
                      bk_registry **out, bk_error *err)
{
    *out = NULL;
    bk_registry *r = calloc(1, sizeof *r);
    if (!r)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    int rc = build_dirs(r, extra_paths, n, err);
    char *cache_path = bk__probe_cache_default_path();
    bk_probe_cache *probes = bk__probe_cache_open(cache_path);
    free(cache_path);
    if (!probes && !rc)
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; !rc && i < r->n_dirs; i++) {
        char **names;
        size_t count;
        rc = list_dir(r->dirs[i], &names, &count, err);
        for (size_t j = 0; j < count; j++) {
            char path[PATH_MAX];
            if (!rc &&
                snprintf(path, sizeof path, "%s/%s", r->dirs[i], names[j]) < (int)sizeof path)
                rc = load_into_registry(r, probes, path, host, err);
            free(names[j]);
        }
        free(names);
    }
    bk__probe_cache_close(probes);
    if (rc) {
        bk__registry_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

void bk__registry_free(bk_registry *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->items[i].path);
    free(r->items);
    for (size_t i = 0; i < r->n_dirs; i++)
        free(r->dirs[i]);
    free(r->dirs);
    free(r);
}

size_t bk__registry_count(const bk_registry *r)
{
    return r ? r->n : 0;
}

const bk_loaded_plugin *bk__registry_at(const bk_registry *r, size_t i)
{
    return r && i < r->n ? &r->items[i] : NULL;
}

const bk_loaded_plugin *bk__registry_find(const bk_registry *r, const char *name)
{
    if (!r || !name)
        return NULL;
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].ok && strcmp(r->items[i].desc.name, name) == 0)
            return &r->items[i];
    return NULL;
}

size_t bk__registry_dir_count(const bk_registry *r)
{
    return r ? r->n_dirs : 0;
}

const char *bk__registry_dir_at(const bk_registry *r, size_t i)
{
    return r && i < r->n_dirs ? r->dirs[i] : NULL;
}
