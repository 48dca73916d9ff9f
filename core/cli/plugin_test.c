/* `briefkit plugin test TEMPLATE...`: renders each fixture template, turns
 * every page into a PNG and compares it with a reference image, the way
 * cairo's test suite checks cairo: a page passes when at most `tolerance`
 * pixels differ by more than `fuzz` in a channel; a failing page leaves its
 * rendered image and a diff image (png_diff.h) beside the PDF. `--update`
 * makes the references from the current render instead, for the author to
 * look at and commit.
 *
 * Pages are rasterized by poppler's pdftoppm, run as a child process: it
 * is what a reader's viewer would show, and it keeps a PDF rasterizer out
 * of briefkit itself. SOURCE_DATE_EPOCH is fixed (unless set) so the cover
 * date, and so the pixels, do not change from day to day. */
#include "plugin_test.h"

#include <briefkit/briefkit.h>

#include <errno.h>
#include <getopt.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "png_diff.h"

#define EXIT_USAGE 2
#define PATH_LEN 4096
#define FIXED_EPOCH "1740787200" /* 2025-03-01, as briefkit's own tests */

extern char **environ;

typedef struct test_opts {
    const char **plugin_paths;
    size_t n_plugin_paths;
    const char *ref_dir; /* NULL: <template's folder>/ref */
    const char *out_dir;
    int fuzz;
    long tolerance;
    int dpi;
    int update;
} test_opts;

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: briefkit plugin test TEMPLATE... [--plugin-path DIR]... [--ref-dir DIR]\n"
            "                            [--out-dir DIR] [--fuzz N] [--tolerance PIXELS]\n"
            "                            [--resolution DPI] [--update]\n\n"
            "Renders each TEMPLATE and compares every page, as an image, with the\n"
            "reference REF_DIR/NAME-PAGE.png (NAME: the template's file name without\n"
            ".yaml). A failing page leaves OUT_DIR/NAME-PAGE.png and NAME-PAGE-diff.png\n"
            "(changes in red). Pages are rasterized with pdftoppm (poppler-utils).\n\n"
            "  -P, --plugin-path DIR    look for plugins in DIR first (repeatable)\n"
            "  -r, --ref-dir DIR        the reference images (default: ref/ beside the template)\n"
            "  -o, --out-dir DIR        where renders and diffs go (default: plugin-test-out)\n"
            "      --fuzz N             ignore channel differences up to N of 255 (default 2)\n"
            "      --tolerance PIXELS   pixels that may differ per page (default 0)\n"
            "      --resolution DPI     rasterize at DPI (default 72)\n"
            "  -u, --update             write the references from this render instead\n"
            "  -h, --help               this help\n");
}

/* snprintf for paths: -1 when the result would not fit. */
static int pathf(char *buf, size_t size, const char *fmt, ...) BK_PRINTF(3, 4);
static int pathf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int make_dir(const char *path)
{
    char buf[PATH_LEN];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    int ok = in && out;
    char buf[65536];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    ok = ok && !ferror(in);
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/* pdftoppm -r DPI -png -f PAGE -l PAGE -singlefile PDF PREFIX -> PREFIX.png */
static int rasterize(const char *pdf, int page, int dpi, const char *prefix)
{
    char p[16], r[16];
    snprintf(p, sizeof p, "%d", page);
    snprintf(r, sizeof r, "%d", dpi);
    char *args[] = {"pdftoppm", "-r",          r,           "-png",         "-f", p, "-l",
                    p,          "-singlefile", (char *)pdf, (char *)prefix, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, "pdftoppm", NULL, NULL, args, environ);
    if (rc != 0) {
        fprintf(stderr, "briefkit: cannot run pdftoppm (poppler-utils): %s\n", strerror(rc));
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "briefkit: pdftoppm could not rasterize page %d of %s\n", page, pdf);
        return -1;
    }
    return 0;
}

/* "dir/name.yaml" -> "name" and "dir". */
static void split_template(const char *path, char *name, size_t nsize, char *dir, size_t dsize)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".yaml") == 0)
        len -= 5;
    else if (len > 4 && strcmp(base + len - 4, ".yml") == 0)
        len -= 4;
    snprintf(name, nsize, "%.*s", (int)len, base);
    if (!slash)
        snprintf(dir, dsize, ".");
    else
        snprintf(dir, dsize, "%.*s", (int)(slash - path), path);
}

/* One template: 0 when every page matches (or was updated), 1 otherwise. */
static int test_template(const test_opts *t, const char *tpl)
{
    char name[256], tdir[PATH_LEN], ref_dir[PATH_LEN], pdf[PATH_LEN];
    split_template(tpl, name, sizeof name, tdir, sizeof tdir);
    if ((t->ref_dir ? pathf(ref_dir, sizeof ref_dir, "%s", t->ref_dir)
                    : pathf(ref_dir, sizeof ref_dir, "%s/ref", tdir)) != 0 ||
        pathf(pdf, sizeof pdf, "%s/%s.pdf", t->out_dir, name) != 0) {
        fprintf(stderr, "briefkit: a path for %s is too long\n", tpl);
        return 1;
    }

    bk_render_opts o;
    bk_render_opts_init(&o);
    o.template_path = tpl;
    o.output = pdf;
    o.plugin_paths = t->plugin_paths;
    o.n_plugin_paths = t->n_plugin_paths;
    bk_render_stats st;
    bk_error err;
    if (bk_render(&o, &st, &err) != 0) {
        char line[2048];
        bk_error_format(&err, line, sizeof line);
        fprintf(stderr, "FAIL %s: the render failed: %s\n", name, line);
        return 1;
    }
    if (t->update && make_dir(ref_dir) != 0) {
        fprintf(stderr, "briefkit: cannot make %s: %s\n", ref_dir, strerror(errno));
        return 1;
    }
    int failed = 0;
    for (int page = 1; page <= st.pages; page++) {
        char prefix[PATH_LEN], png[PATH_LEN], ref[PATH_LEN], diff[PATH_LEN];
        if (pathf(prefix, sizeof prefix, "%s/%s-%d", t->out_dir, name, page) != 0 ||
            pathf(png, sizeof png, "%s.png", prefix) != 0 ||
            pathf(ref, sizeof ref, "%s/%s-%d.png", ref_dir, name, page) != 0 ||
            pathf(diff, sizeof diff, "%s-diff.png", prefix) != 0) {
            fprintf(stderr, "briefkit: a path for %s is too long\n", tpl);
            return 1;
        }
        if (rasterize(pdf, page, t->dpi, prefix) != 0)
            return 1;
        remove(diff);
        if (t->update) {
            if (copy_file(png, ref) != 0) {
                fprintf(stderr, "briefkit: cannot write %s\n", ref);
                return 1;
            }
            printf("%s page %d: reference written to %s\n", name, page, ref);
            continue;
        }
        if (!exists(ref)) {
            printf("FAIL %s page %d: no reference image %s (run with --update to make it "
                   "from this render, look at it, and commit it)\n",
                   name, page, ref);
            failed = 1;
            continue;
        }
        bk_png_diff d;
        if (bk_cli_png_diff(ref, png, t->fuzz, diff, &d, &err) != 0) {
            printf("FAIL %s page %d: %s\n", name, page, err.msg);
            failed = 1;
        } else if (d.size_differs) {
            printf("FAIL %s page %d: the page is not the reference's size (%dx%d); diff: %s\n",
                   name, page, d.width, d.height, diff);
            failed = 1;
        } else if ((long)d.changed > t->tolerance) {
            printf("FAIL %s page %d: %zu pixels differ from %s (largest difference %d/255; "
                   "tolerance %ld pixels, fuzz %d); diff: %s\n",
                   name, page, d.changed, ref, d.max_delta, t->tolerance, t->fuzz, diff);
            failed = 1;
        } else {
            printf("ok %s page %d\n", name, page);
            remove(png);
        }
    }
    /* A reference page past the render's last: the plugin lost a page. */
    char extra[PATH_LEN];
    if (pathf(extra, sizeof extra, "%s/%s-%d.png", ref_dir, name, st.pages + 1) == 0 &&
        exists(extra)) {
        if (t->update) {
            for (int p = st.pages + 1; exists(extra); p++) {
                remove(extra);
                if (pathf(extra, sizeof extra, "%s/%s-%d.png", ref_dir, name, p + 1) != 0)
                    break;
            }
        } else {
            printf("FAIL %s: %d pages, but the reference has more (%s)\n", name, st.pages, extra);
            failed = 1;
        }
    }
    return failed;
}

int bk_cli_plugin_test(int argc, char **argv)
{
    static const struct option longopts[] = {{"plugin-path", required_argument, NULL, 'P'},
                                             {"ref-dir", required_argument, NULL, 'r'},
                                             {"out-dir", required_argument, NULL, 'o'},
                                             {"fuzz", required_argument, NULL, 'F'},
                                             {"tolerance", required_argument, NULL, 'T'},
                                             {"resolution", required_argument, NULL, 'R'},
                                             {"update", no_argument, NULL, 'u'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    test_opts t = {.out_dir = "plugin-test-out", .fuzz = 2, .tolerance = 0, .dpi = 72};
    t.plugin_paths = calloc((size_t)argc + 1, sizeof *t.plugin_paths);
    if (!t.plugin_paths)
        return EXIT_FAILURE;
    int c, rc = EXIT_SUCCESS;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "P:r:o:uh", longopts, NULL)) != -1) {
        switch (c) {
        case 'P':
            t.plugin_paths[t.n_plugin_paths++] = optarg;
            break;
        case 'r':
            t.ref_dir = optarg;
            break;
        case 'o':
            t.out_dir = optarg;
            break;
        case 'F':
            t.fuzz = (int)strtol(optarg, &end, 10);
            if (*end || t.fuzz < 0 || t.fuzz > 255)
                rc = EXIT_USAGE;
            break;
        case 'T':
            t.tolerance = strtol(optarg, &end, 10);
            if (*end || t.tolerance < 0)
                rc = EXIT_USAGE;
            break;
        case 'R':
            t.dpi = (int)strtol(optarg, &end, 10);
            if (*end || t.dpi < 10 || t.dpi > 600)
                rc = EXIT_USAGE;
            break;
        case 'u':
            t.update = 1;
            break;
        case 'h':
            usage(stdout);
            goto out;
        default:
            rc = EXIT_USAGE;
        }
        if (rc == EXIT_USAGE)
            break;
    }
    if (rc == EXIT_USAGE || optind >= argc) {
        fprintf(stderr, "briefkit plugin test: %s\nTry 'briefkit plugin test --help'.\n",
                optind >= argc && rc != EXIT_USAGE
                    ? "no TEMPLATE given"
                    : "bad option (--fuzz 0..255, --tolerance >= 0, --resolution 10..600)");
        rc = EXIT_USAGE;
        goto out;
    }
    if (!getenv("SOURCE_DATE_EPOCH"))
        setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH, 1);
    if (make_dir(t.out_dir) != 0) {
        fprintf(stderr, "briefkit: cannot make %s: %s\n", t.out_dir, strerror(errno));
        rc = EXIT_FAILURE;
        goto out;
    }
    int failed = 0;
    for (int i = optind; i < argc; i++)
        failed |= test_template(&t, argv[i]);
    rc = failed ? EXIT_FAILURE : EXIT_SUCCESS;
out:
    free(t.plugin_paths);
    return rc;
}
