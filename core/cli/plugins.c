/* `briefkit plugins`: the plugins found on the search path as a table, and
 * why any were refused; with --describe NAME, that plugin's option schema.
 * Printed here, over the library's list (briefkit.h, bk_plugins_scan): the
 * library itself never prints. */
#include "plugins_cmd.h"

#include <briefkit/briefkit.h>
#include <briefkit/plugin.h>

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_USAGE 2

static void usage_plugins(FILE *out)
{
    fprintf(out, "Usage: briefkit plugins [--describe NAME] [--plugin-path DIR]...\n\n"
                 "Lists the section plugins found on the search path (name, version,\n"
                 "engines, file) and why any were refused.\n\n"
                 "  -D, --describe NAME      print NAME's option schema\n"
                 "  -P, --plugin-path DIR    look for plugins in DIR first (repeatable)\n"
                 "  -h, --help               this help\n");
}

/* "haru", "cairo" or "haru,cairo". */
static const char *engines_str(unsigned engines, char buf[16])
{
    snprintf(buf, 16, "%s%s%s", (engines & BK_ENGINE_HARU) ? "haru" : "",
             (engines & BK_ENGINE_HARU) && (engines & BK_ENGINE_CAIRO) ? "," : "",
             (engines & BK_ENGINE_CAIRO) ? "cairo" : "");
    return buf;
}

static const char *type_name(bk_opt_type t)
{
    switch (t) {
    case BK_OPT_STRING:
        return "string";
    case BK_OPT_INT:
        return "integer";
    case BK_OPT_NUMBER:
        return "number";
    case BK_OPT_BOOL:
        return "bool";
    case BK_OPT_ENUM:
        return "enum";
    case BK_OPT_LIST:
        return "list";
    case BK_OPT_NODE:
        return "any";
    }
    return "?";
}

static void describe(FILE *out, const bk_plugin_info *d)
{
    fprintf(out, "%s %s: %s\n", d->name, d->version, d->summary ? d->summary : "");
    fprintf(out, "  file:    %s\n", d->path);
    fprintf(out, "  licence: %s\n", d->license ? d->license : "(not stated)");
    char eng[16];
    fprintf(out, "  ABI:     %u.%u\n  engines: %s\n", d->abi_major, d->abi_minor,
            engines_str(d->engines, eng));
    if (d->has_validate)
        fprintf(out, "  checks:  its data and options in `briefkit validate`\n");
    fprintf(out, "  options:\n");
    if (!d->options || !d->options[0].name)
        fprintf(out, "    (none)\n");
    int w = 14;
    for (const bk_option_spec *s = d->options; s && s->name; s++)
        if ((int)strlen(s->name) > w)
            w = (int)strlen(s->name);
    for (const bk_option_spec *s = d->options; s && s->name; s++) {
        fprintf(out, "    %-*s %-8s %s", w, s->name, type_name(s->type),
                s->required ? "required" : "optional");
        if (s->default_value)
            fprintf(out, ", default %s", s->default_value);
        if ((s->type == BK_OPT_INT || s->type == BK_OPT_NUMBER) && s->min < s->max) {
            if (!isinf(s->min) && isinf(s->max))
                fprintf(out, ", %g or more", s->min);
            else if (isinf(s->min) && !isinf(s->max))
                fprintf(out, ", at most %g", s->max);
            else if (!isinf(s->min))
                fprintf(out, ", %g to %g", s->min, s->max);
        }
        int list_choices = s->type == BK_OPT_LIST && d->abi_minor >= 1;
        if ((s->type == BK_OPT_ENUM || list_choices) && s->choices) {
            fprintf(out, s->type == BK_OPT_ENUM ? ", one of" : ", items from");
            for (const char *const *c = s->choices; *c; c++)
                fprintf(out, "%s%s", c == s->choices ? " " : "|", *c);
        }
        fprintf(out, "\n      %s\n", s->help ? s->help : "");
    }
}

/* Columns as wide as their longest entry (at least the 1.0 widths), so a
 * long name or version never pushes its row out of line. */
static void list(FILE *out, const bk_plugins *pl)
{
    fprintf(out, "Searched:");
    for (size_t i = 0; i < bk_plugins_dir_count(pl); i++)
        fprintf(out, " %s", bk_plugins_dir_at(pl, i));
    size_t n = bk_plugins_count(pl), refused = 0;
    int wn = 18, wv = 8;
    for (size_t i = 0; i < n; i++) {
        const bk_plugin_info *d = bk_plugin_info_at(pl, i);
        if (d->refused)
            continue;
        if ((int)strlen(d->name) > wn)
            wn = (int)strlen(d->name);
        if ((int)strlen(d->version) > wv)
            wv = (int)strlen(d->version);
    }
    fprintf(out, "\n\n%-*s %-*s %-11s %s\n", wn, "NAME", wv, "VERSION", "ENGINES", "FILE");
    for (size_t i = 0; i < n; i++) {
        const bk_plugin_info *d = bk_plugin_info_at(pl, i);
        if (d->refused) {
            refused++;
            continue;
        }
        char eng[16];
        fprintf(out, "%-*s %-*s %-11s %s\n", wn, d->name, wv, d->version,
                engines_str(d->engines, eng), d->path);
    }
    if (refused) {
        fprintf(out, "\nRefused:\n");
        for (size_t i = 0; i < n; i++) {
            const bk_plugin_info *d = bk_plugin_info_at(pl, i);
            if (d->refused)
                fprintf(out, "  %s\n", d->refused);
        }
    }
}

/* The refused plugin called `name` (by its description, or by its file
 * name when it was refused before it said), so --describe can say why as
 * render does: "was found but refused: ...". */
static const bk_plugin_info *find_refused(const bk_plugins *pl, const char *name)
{
    for (size_t i = 0; i < bk_plugins_count(pl); i++) {
        const bk_plugin_info *d = bk_plugin_info_at(pl, i);
        if (!d->refused)
            continue;
        if (d->name && strcmp(d->name, name) == 0)
            return d;
        const char *base = d->path ? strrchr(d->path, '/') : NULL;
        base = base ? base + 1 : d->path;
        size_t len = strlen(name);
        if (!d->name && base && strncmp(base, name, len) == 0 && strcmp(base + len, ".so") == 0)
            return d;
    }
    return NULL;
}

/* The usable plugin called `name`: the first, as renders pick it. */
static const bk_plugin_info *find_usable(const bk_plugins *pl, const char *name)
{
    for (size_t i = 0; i < bk_plugins_count(pl); i++) {
        const bk_plugin_info *d = bk_plugin_info_at(pl, i);
        if (!d->refused && d->name && strcmp(d->name, name) == 0)
            return d;
    }
    return NULL;
}

int bk_cli_plugins(int argc, char **argv)
{
    static const struct option longopts[] = {{"describe", required_argument, NULL, 'D'},
                                             {"plugin-path", required_argument, NULL, 'P'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char **paths = calloc((size_t)argc, sizeof *paths);
    if (!paths)
        return EXIT_FAILURE;
    size_t n = 0;
    const char *name = NULL;
    int c, rc = EXIT_SUCCESS;
    optind = 1;
    while ((c = getopt_long(argc, argv, "D:P:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'D':
            name = optarg;
            break;
        case 'P':
            paths[n++] = optarg;
            break;
        case 'h':
            usage_plugins(stdout);
            goto out;
        default:
            fprintf(stderr, "briefkit plugins: unknown option\nTry 'briefkit plugins --help'.\n");
            rc = EXIT_USAGE;
            goto out;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "briefkit plugins: unexpected argument\nTry 'briefkit plugins --help'.\n");
        rc = EXIT_USAGE;
        goto out;
    }
    bk_plugins *pl;
    bk_error err;
    if (bk_plugins_scan(paths, n, &pl, &err)) {
        char line[2048];
        bk_error_format(&err, line, sizeof line);
        fprintf(stderr, "briefkit: %s\n", line);
        rc = EXIT_FAILURE;
        goto out;
    }
    if (!name) {
        list(stdout, pl);
    } else {
        const bk_plugin_info *d = find_usable(pl, name);
        const bk_plugin_info *r = d ? NULL : find_refused(pl, name);
        if (d) {
            describe(stdout, d);
        } else if (r) {
            fprintf(stderr, "briefkit: plugin \"%s\" was found but refused: %s\n", name,
                    r->refused);
            rc = EXIT_FAILURE;
        } else {
            fprintf(stderr, "briefkit: no usable plugin called \"%s\"\n", name);
            rc = EXIT_FAILURE;
        }
    }
    bk_plugins_free(pl);
out:
    free(paths);
    return rc;
}
