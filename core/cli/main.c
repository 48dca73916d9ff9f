/* The briefkit command: a thin layer over libbriefkit's public API.
 *
 * It parses arguments, calls bk_render / bk_validate (batch.c: bk_batch_run,
 * plugins.c: bk_plugins_scan) and turns a bk_error into one line on stderr
 * ("file:line:col: message").
 * Exit codes: 0 success, 1 the input or a plugin was at fault, 2 usage. */
#include <briefkit/briefkit.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_cmd.h"
#include "cli_args.h"
#include "plugins_cmd.h"
#include "watch.h"
#include "plugin_test.h"
#include "scaffold.h"

#define EXIT_USAGE 2

static const char *prog = "briefkit";

static void usage_main(FILE *out)
{
    fprintf(
        out,
        "Usage: briefkit COMMAND [OPTIONS]\n"
        "Turns YAML templates and data into finished PDF briefings.\n\n"
        "Commands:\n"
        "  render TEMPLATE -o OUT.pdf   render a briefing\n"
        "  validate TEMPLATE            check template, data and section options; draw nothing\n"
        "  watch TEMPLATE -o OUT.pdf    render again whenever the template, data or a plugin\n"
        "                               changes (keeps the last good PDF on an error)\n"
        "  plugins [--describe NAME]    list section plugins, or one plugin's options\n"
        "  plugin new NAME              write a new section plugin's skeleton\n"
        "  plugin test TEMPLATE...      compare a plugin's pages with reference images\n"
        "  batch SCHEDULE.yaml          render every job of a schedule (monthly reports)\n\n"
        "Options:\n"
        "  -h, --help      this help (also: briefkit COMMAND --help)\n"
        "  -V, --version   print the version\n");
}

static void usage_render(FILE *out, const char *cmd)
{
    int watch = strcmp(cmd, "watch") == 0;
    int render = watch || strcmp(cmd, "render") == 0;
    fprintf(out,
            "Usage: briefkit %s TEMPLATE [--data FILE]... [--set NAME=VALUE]...%s\n\n"
            "%s\n\n"
            "  -d, --data FILE          also load this data file (YAML map), after the\n"
            "                           template's own; its keys replace theirs\n"
            "  -s, --set NAME=VALUE     set a template param\n"
            "  -p, --period YYYY-MM     the reporting month for {{ period }} (default: the\n"
            "                           month before today, or before SOURCE_DATE_EPOCH)\n"
            "  -l, --lang en|zh         the document's language instead of the template's\n"
            "  -P, --plugin-path DIR    look for plugins in DIR first (repeatable)\n"
            "  -A, --allow-path DIR     let the template read data files in DIR; by default\n"
            "                           only its own folder, the current folder and\n"
            "                           briefkit's are allowed (repeatable)\n"
            "      --issue N            the issue number (第N期) instead of the one the\n"
            "                           period gives (document.masthead)\n"
            "      --copies N           N numbered copies (份号), one PDF each\n"
            "      --font ROLE=FILE     a TrueType/TTC font for a role: title, heading,\n"
            "                           kai, body or latin (repeatable)\n"
            "      --missing-glyphs error|warn\n"
            "                           a character no font of briefkit's has is an\n"
            "                           error (default), or a warning each and a box\n"
            "%s"
            "  -h, --help               this help\n",
            cmd, render ? " -o OUT.pdf" : "",
            watch    ? "Renders TEMPLATE into OUT.pdf, then again whenever the template, its data\n"
                       "files or a plugin on the search path changes (inotify). A failed render\n"
                       "prints its error and leaves the last good PDF in place. Ctrl-C stops."
            : render ? "Renders TEMPLATE into a PDF, written atomically: on any error no file\n"
                       "is left at OUT.pdf and an existing file there is untouched."
                     : "Checks the template, its params and data, the plugins and every\n"
                       "section's options, exactly as render would, and draws nothing.",
            render
                ? "  -o, --output OUT.pdf     where to write the briefing (required)\n"
                  "  -j, --jobs N             sections rendered at once (default: one per core)\n"
                  "      --section-timeout S  stop a section after S seconds (default 60)\n"
                  "      --section-memory MB  address-space limit per section (default 2048)\n"
                  "      --no-isolate         render sections in this process, one by one\n"
                  "                           (for debugging a plugin; a crash then ends the run)\n"
                  "  -q, --quiet              print nothing on success\n"
                : "      --strict             a text without the document language's form (a\n"
                  "                           missing _zh in a zh briefing) is an error\n");
}

static void usage_plugin(FILE *out)
{
    fprintf(out, "Usage: briefkit plugin new NAME [--engine cairo|haru] [--dir DIR]\n\n"
                 "Writes a ready-to-build section plugin into DIR (default ./NAME):\n"
                 "NAME.c, CMakeLists.txt (find_package(briefkit)), README.md and NAME.yaml,\n"
                 "a template that uses it. NAME is lower-case letters, digits and _,\n"
                 "starting with a letter. An existing DIR is never written into.\n\n"
                 "  -e, --engine ENGINE      cairo (default) or haru: what the plugin draws with\n"
                 "  -C, --dir DIR            the new folder to write\n"
                 "  -h, --help               this help\n");
}

static int fail(const bk_error *err)
{
    char line[2048];
    bk_error_format(err, line, sizeof line);
    fprintf(stderr, "%s: %s\n", prog, line);
    return EXIT_FAILURE;
}

static int usage_error(const char *cmd, const char *msg)
{
    fprintf(stderr, "%s %s: %s\nTry 'briefkit %s --help'.\n", prog, cmd, msg, cmd);
    return EXIT_USAGE;
}

static void print_warning(void *ctx, const char *message)
{
    (void)ctx;
    fprintf(stderr, "%s: warning: %s\n", prog, message);
}

/* render and validate share their options. */
static int cmd_render(int argc, char **argv, const char *cmd)
{
    static const struct option longopts[] = {{"data", required_argument, NULL, 'd'},
                                             {"set", required_argument, NULL, 's'},
                                             {"plugin-path", required_argument, NULL, 'P'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"section-timeout", required_argument, NULL, 'T'},
                                             {"section-memory", required_argument, NULL, 'M'},
                                             {"no-isolate", no_argument, NULL, 'I'},
                                             {"period", required_argument, NULL, 'p'},
                                             {"allow-path", required_argument, NULL, 'A'},
                                             {"issue", required_argument, NULL, 'N'},
                                             {"copies", required_argument, NULL, 'C'},
                                             {"font", required_argument, NULL, 'F'},
                                             {"max-renders", required_argument, NULL, 'X'},
                                             {"lang", required_argument, NULL, 'l'},
                                             {"strict", no_argument, NULL, 'S'},
                                             {"missing-glyphs", required_argument, NULL, 'G'},
                                             {NULL, 0, NULL, 0}};
    int watch = strcmp(cmd, "watch") == 0;
    int render = watch || strcmp(cmd, "render") == 0;
    long max_renders = 0; /* watch: stop after this many (tests); 0: never */
    /* Every list is at most argc long. */
    const char **data = calloc((size_t)argc, sizeof *data);
    const char **sets = calloc((size_t)argc, sizeof *sets);
    const char **paths = calloc((size_t)argc, sizeof *paths);
    const char **allow = calloc((size_t)argc, sizeof *allow);
    const char **fonts = calloc((size_t)argc, sizeof *fonts);
    if (!data || !sets || !paths || !allow || !fonts) {
        fprintf(stderr, "%s: out of memory\n", prog);
        free(data), free(sets), free(paths), free(allow), free(fonts);
        return EXIT_FAILURE;
    }
    bk_render_opts o;
    bk_render_opts_init(&o);
    o.warn = print_warning;
    int quiet = 0, c, rc = EXIT_SUCCESS;
    double num;
    const char *bad;
    optind = 1;
    while ((c = getopt_long(argc, argv, render ? "d:s:P:A:o:qhj:p:l:" : "d:s:P:A:hp:l:", longopts,
                            NULL)) != -1) {
        switch (c) {
        case 'd':
            data[o.n_data_files++] = optarg;
            break;
        case 's':
            if (!strchr(optarg, '=')) {
                rc = usage_error(cmd, "--set expects NAME=VALUE");
                goto out;
            }
            sets[o.n_sets++] = optarg;
            break;
        case 'P':
            paths[o.n_plugin_paths++] = optarg;
            break;
        case 'A':
            allow[o.n_allow_paths++] = optarg;
            break;
        case 'o':
            o.output = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'j':
            if (bk_cli_number(optarg, 1, 256, &num)) {
                rc = usage_error(cmd, "--jobs expects a whole number from 1 to 256");
                goto out;
            }
            o.jobs = (int)num;
            break;
        case 'T':
            if ((bad = bk_cli_section_timeout(optarg, &o.section_timeout)) != NULL) {
                rc = usage_error(cmd, bad);
                goto out;
            }
            break;
        case 'M':
            if ((bad = bk_cli_section_memory(optarg, &o.section_memory_mb)) != NULL) {
                rc = usage_error(cmd, bad);
                goto out;
            }
            break;
        case 'I':
            o.isolate = 0;
            break;
        case 'p':
            o.period = optarg;
            break;
        case 'N':
        case 'C':
            if (bk_cli_number(optarg, 1, 999999, &num) || num != (int)num) {
                rc =
                    usage_error(cmd, c == 'N' ? "--issue expects a whole number from 1 to 999999"
                                              : "--copies expects a whole number from 1 to 999999");
                goto out;
            }
            *(c == 'N' ? &o.issue : &o.copies) = (int)num;
            break;
        case 'F':
            if (!strchr(optarg, '=')) {
                rc = usage_error(cmd, "--font expects ROLE=FILE");
                goto out;
            }
            fonts[o.n_fonts++] = optarg;
            break;
        case 'X':
            if (!watch || bk_cli_number(optarg, 1, 1e9, &num)) {
                rc = usage_error(cmd, "unknown option");
                goto out;
            }
            max_renders = (long)num;
            break;
        case 'l':
            if (strcmp(optarg, "en") != 0 && strcmp(optarg, "zh") != 0) {
                rc = usage_error(cmd, "--lang expects en or zh");
                goto out;
            }
            o.lang = optarg;
            break;
        case 'S':
            if (render) {
                rc = usage_error(cmd, "--strict is a validate option");
                goto out;
            }
            o.strict = 1;
            break;
        case 'G':
            if (strcmp(optarg, "error") != 0 && strcmp(optarg, "warn") != 0) {
                rc = usage_error(cmd, "--missing-glyphs expects error or warn");
                goto out;
            }
            o.missing_glyphs_warn = strcmp(optarg, "warn") == 0;
            break;
        case 'h':
            usage_render(stdout, cmd);
            goto out;
        default:
            rc = usage_error(cmd, "unknown option");
            goto out;
        }
    }
    if (optind != argc - 1) {
        rc = usage_error(cmd, optind >= argc ? "no TEMPLATE given" : "expected one TEMPLATE");
        goto out;
    }
    if (render && !o.output) {
        rc = usage_error(cmd, "no output file given (-o OUT.pdf)");
        goto out;
    }
    o.template_path = argv[optind];
    o.data_files = data;
    o.sets = sets;
    o.plugin_paths = paths;
    o.allow_paths = allow;
    o.fonts = fonts;

    bk_error err;
    if (watch) {
        rc = bk_cli_watch(&o, quiet, max_renders);
    } else if (render) {
        bk_render_stats st;
        if (bk_render(&o, &st, &err)) {
            rc = fail(&err);
            goto out;
        }
        if (!quiet && st.copies > 0)
            printf("%s: %d numbered copies of %d pages, %.0f ms\n", o.output, st.copies, st.pages,
                   st.milliseconds);
        else if (!quiet)
            printf("%s: %d pages, %zu bytes, %.0f ms\n", o.output, st.pages, st.bytes,
                   st.milliseconds);
    } else {
        if (bk_validate(&o, &err)) {
            rc = fail(&err);
            goto out;
        }
        printf("%s: ok\n", o.template_path);
    }
out:
    free(data), free(sets), free(paths), free(allow), free(fonts);
    return rc;
}

/* `plugin new NAME`: the only subcommand so far; others (e.g. a check of a
 * built plugin) would sit beside it. */
static int cmd_plugin(int argc, char **argv)
{
    static const struct option longopts[] = {{"engine", required_argument, NULL, 'e'},
                                             {"dir", required_argument, NULL, 'C'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    if (argc < 2) {
        usage_plugin(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        usage_plugin(stdout);
        return EXIT_SUCCESS;
    }
    if (!strcmp(argv[1], "test"))
        return bk_cli_plugin_test(argc - 1, argv + 1);
    if (strcmp(argv[1], "new") != 0)
        return usage_error("plugin", "unknown subcommand; expected 'new' or 'test'");
    const char *engine = "cairo", *dir = NULL;
    int c;
    optind = 1;
    argc--, argv++;
    while ((c = getopt_long(argc, argv, "e:C:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'e':
            engine = optarg;
            break;
        case 'C':
            dir = optarg;
            break;
        case 'h':
            usage_plugin(stdout);
            return EXIT_SUCCESS;
        default:
            return usage_error("plugin", "unknown option");
        }
    }
    if (optind != argc - 1)
        return usage_error("plugin", optind >= argc ? "no NAME given" : "expected one NAME");
    if (strcmp(engine, "cairo") != 0 && strcmp(engine, "haru") != 0)
        return usage_error("plugin", "--engine expects cairo or haru");
    const char *name = argv[optind];
    if (!dir)
        dir = name;
    bk_error err;
    if (bk_cli_plugin_new(name, engine, dir, stdout, &err))
        return fail(&err);
    printf("\nNext:\n"
           "  cmake -S %s -B %s/build -DCMAKE_PREFIX_PATH=<briefkit's install prefix>\n"
           "  cmake --build %s/build\n"
           "  briefkit render %s/%s.yaml --plugin-path %s/build -o %s.pdf\n",
           dir, dir, dir, dir, name, dir, name);
    return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage_main(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage_main(stdout);
        return EXIT_SUCCESS;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("briefkit %s (plugin ABI %d.%d)\n", bk_version(), BK_ABI_MAJOR, BK_ABI_MINOR);
        return EXIT_SUCCESS;
    }
    /* Subcommands parse argv from their own name on. */
    if (!strcmp(cmd, "render") || !strcmp(cmd, "validate") || !strcmp(cmd, "watch"))
        return cmd_render(argc - 1, argv + 1, cmd);
    if (!strcmp(cmd, "batch"))
        return bk_cli_batch(argc - 1, argv + 1);
    if (!strcmp(cmd, "plugins"))
        return bk_cli_plugins(argc - 1, argv + 1);
    if (!strcmp(cmd, "plugin"))
        return cmd_plugin(argc - 1, argv + 1);
    fprintf(stderr, "%s: unknown command '%s'\n", prog, cmd);
    usage_main(stderr);
    return EXIT_USAGE;
}
