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
 * The search path and the registry of what was found are plugin_registry.c's. */
#include "plugin_loader.h"

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
    int rc = bk__schema_check(d->options, d->abi_minor, why, sizeof why);
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
