/* `briefkit watch`: re-render a briefing whenever its template, its data
 * or a plugin changes, so an author can keep a PDF viewer open beside the
 * editor.
 *
 * Each render names its inputs (bk_render_and_inputs: the template, the
 * YAML, CSV and SQLite files its data entries name, the plugins its
 * sections use), since an edit may add a data file or a section; they come
 * from the load it renders, so a database is queried once a render. They
 * are watched from the end of the render on: what reading them does
 * (opening a SQLite database may touch its -wal log) is not a change.
 * inotify watches the folders that hold them, not the files: editors save
 * by writing a new file and renaming it over the old, which a watch on the
 * old file would miss. A file written in place counts as soon as it is
 * written to, not only when closed: a program that keeps a SQLite database
 * open writes it (or, in WAL mode, only its -wal log, which is watched
 * too) and never closes it. PostgreSQL is a server, not a file:
 * its changes are not seen (the manual says so). The plugin search folders
 * are watched too, for a plugin rebuilt or added. Events are gathered
 * until the folders have been quiet for a moment, so one save (or one
 * `cmake --build`, or one transaction) is one render.
 *
 * A render writes atomically: when a render fails, the last good PDF stays
 * where it was, and the error is printed; the next change tries again. */
#define _XOPEN_SOURCE 700 /* realpath() under C11 */
#include "watch.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#define MAX_FILES 512
#define MAX_DIRS 128
#define QUIET_MS 200 /* a change is whole once the folders are this long quiet */
#define EVENTS (IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ATTRIB)

typedef struct watch_set {
    char *files[MAX_FILES]; /* real paths of the inputs */
    size_t n_files;
    struct {
        int wd;
        char *path;
        int plugins; /* a plugin folder: any *.so in it counts */
    } dirs[MAX_DIRS];
    size_t n_dirs;
} watch_set;

static void set_free(watch_set *s)
{
    for (size_t i = 0; i < s->n_files; i++)
        free(s->files[i]);
    for (size_t i = 0; i < s->n_dirs; i++)
        free(s->dirs[i].path);
    memset(s, 0, sizeof *s);
}

/* The folder of `path`, made absolute; NULL when it cannot be resolved. */
static char *dir_of(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return NULL;
    char *slash = strrchr(copy, '/');
    const char *dir = slash ? (slash == copy ? "/" : (*slash = '\0', copy)) : ".";
    char *real = realpath(dir, NULL);
    free(copy);
    return real;
}

static void add_dir(watch_set *s, int fd, char *dir, int plugins)
{
    for (size_t i = 0; i < s->n_dirs; i++)
        if (strcmp(s->dirs[i].path, dir) == 0) {
            s->dirs[i].plugins |= plugins;
            free(dir);
            return;
        }
    int wd = s->n_dirs < MAX_DIRS ? inotify_add_watch(fd, dir, EVENTS) : -1;
    if (wd < 0) {
        free(dir);
        return;
    }
    s->dirs[s->n_dirs].wd = wd;
    s->dirs[s->n_dirs].path = dir;
    s->dirs[s->n_dirs].plugins = plugins;
    s->n_dirs++;
}

/* Records an input by its real path (a file that is missing now counts
 * too, so that it can appear), while the render names it. */
static void add_input(void *ctx, const char *path)
{
    watch_set *s = ctx;
    char *dir = dir_of(path);
    if (!dir)
        return;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t need = strlen(dir) + strlen(base) + 2;
    char *full = s->n_files < MAX_FILES ? malloc(need) : NULL;
    if (full) {
        snprintf(full, need, "%s/%s", dir, base);
        s->files[s->n_files++] = full;
    }
    free(dir);
}

/* 1 when an event on `name` in watched folder `i` is one of our inputs. */
static int concerns(const watch_set *s, size_t i, const char *name)
{
    size_t len = strlen(name);
    if (s->dirs[i].plugins && len > 3 && strcmp(name + len - 3, ".so") == 0)
        return 1;
    size_t dl = strlen(s->dirs[i].path);
    for (size_t k = 0; k < s->n_files; k++) {
        const char *f = s->files[k];
        if (strncmp(f, s->dirs[i].path, dl) == 0 && f[dl] == '/' && strcmp(f + dl + 1, name) == 0)
            return 1;
    }
    return 0;
}

/* Reads what is waiting on fd; 1 when any of it concerns an input. */
static int drain(int fd, const watch_set *s)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    int hit = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            return hit;
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            for (size_t i = 0; i < s->n_dirs && ev->len; i++)
                if (s->dirs[i].wd == ev->wd && concerns(s, i, ev->name))
                    hit = 1;
            p += sizeof *ev + ev->len;
        }
    }
}

static void stamp(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, size, "%H:%M:%S", &tm);
}

/* Renders `o`, recording in `s` the files the render reads. */
static void render_once(const bk_render_opts *o, int quiet, watch_set *s)
{
    char when[16];
    bk_render_stats st;
    bk_error err;
    stamp(when, sizeof when);
    /* A broken template still names what it read. */
    if (bk_render_and_inputs(o, add_input, s, &st, &err) == 0) {
        if (!quiet)
            printf("[%s] %s: %d pages, %.0f ms\n", when, o->output, st.pages, st.milliseconds);
    } else {
        char line[2048];
        bk_error_format(&err, line, sizeof line);
        fprintf(stderr, "[%s] briefkit: %s\n[%s] %s keeps the last good render\n", when, line, when,
                o->output);
    }
    fflush(stdout);
    fflush(stderr);
}

/* Watches the folders of the inputs in `s` and the plugin search folders
 * of `o` on a new fd. */
static int watch_inputs(const bk_render_opts *o, watch_set *s)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0)
        return -1;
    for (size_t i = 0; i < s->n_files; i++) {
        char *dir = strdup(s->files[i]); /* "DIR/NAME", DIR real and never empty */
        if (dir) {
            *strrchr(dir, '/') = '\0';
            add_dir(s, fd, dir, 0);
        }
    }
    bk_error err;
    bk_plugins *pl;
    if (bk_plugins_scan(o->plugin_paths, o->n_plugin_paths, &pl, &err) == 0) {
        for (size_t i = 0; i < bk_plugins_dir_count(pl); i++) {
            char *real = realpath(bk_plugins_dir_at(pl, i), NULL);
            if (real)
                add_dir(s, fd, real, 1);
        }
        bk_plugins_free(pl);
    }
    return fd;
}

int bk_cli_watch(const bk_render_opts *o, int quiet, long max_renders)
{
    long renders = 0;
    for (;;) {
        watch_set s;
        memset(&s, 0, sizeof s);
        render_once(o, quiet, &s);
        if (max_renders > 0 && ++renders >= max_renders) {
            set_free(&s);
            return EXIT_SUCCESS;
        }
        int fd = watch_inputs(o, &s);
        if (fd < 0) {
            fprintf(stderr, "briefkit: cannot watch files: %s\n", strerror(errno));
            return EXIT_FAILURE;
        }
        if (!quiet)
            printf("watching %zu files in %zu folders (Ctrl-C to stop)\n", s.n_files, s.n_dirs);
        fflush(stdout);
        int changed = 0;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        while (!changed) {
            if (poll(&p, 1, -1) < 0 && errno != EINTR)
                break;
            changed = drain(fd, &s);
        }
        /* One save may be several events; wait for quiet. */
        while (poll(&p, 1, QUIET_MS) > 0)
            drain(fd, &s);
        close(fd);
        set_free(&s);
    }
}
