/* Writes the skeleton of a new section plugin (`briefkit plugin new`).
 * Part of the CLI: it needs nothing of the library's but its error type.
 *
 * A third-party author's first five minutes decide whether the SDK feels
 * usable, so the skeleton is a complete, buildable plugin rather than a
 * fill-in-the-blanks sheet: a source file that draws natively and through
 * the building blocks, a CMakeLists.txt that finds the installed SDK, a
 * template that uses the plugin and a README with the commands. The files
 * are text with @NAME@-style markers substituted here; keeping them as C
 * strings means the installed library needs no data files to do this.
 *
 * The folder must not exist: we never write into someone's existing work,
 * and when a write fails halfway the folder and what was written are
 * removed again, so a failed run leaves nothing behind. */
#include <briefkit/briefkit.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scaffold.h"

#define PATH_MAX_LEN 4096

static const char source_common_head[] =
    "/* @NAME@: a briefkit section plugin.\n"
    " *\n"
    " * Draws a bordered box with a message, natively through @ENGINE_LABEL@,\n"
    " * then an optional note through the host's paragraph block. Everything\n"
    " * the host offers reaches the plugin through <briefkit/plugin.h>; the\n"
    " * plugin never links libbriefkit. */\n"
    "#include <briefkit/plugin.h>\n"
    "\n"
    "#include <@ENGINE_HEADER@>\n"
    "\n"
    "static const bk_option_spec options[] = {\n"
    "    {\"message\", BK_OPT_STRING, 0, \"Hello from @NAME@\", 0, 0, NULL,\n"
    "     \"text shown in the box (Chinese works too)\"},\n"
    "    {\"note\", BK_OPT_STRING, 0, NULL, 0, 0, NULL, \"a muted line under the box\"},\n"
    "    {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};\n"
    "\n"
    "static int render(bk_section *sec)\n"
    "{\n"
    "    int rc = bk_heading(sec, 1, sec->title[0] ? sec->title : \"@NAME@\");\n"
    "    if (rc)\n"
    "        return rc;\n"
    "    const char *message = bk_opt_str(sec, \"message\");\n"
    "    double pad = bk_size(sec, BK_SIZE_GAP);\n"
    "    double size = bk_size(sec, BK_SIZE_BODY);\n"
    "    double inner = sec->box_w - 2 * pad;\n"
    "    double height = bk_text_height(sec, BK_FONT_BODY, size, inner, message) + 2 * pad;\n"
    "    if (height > sec->box_h)\n"
    "        return bk_fail(sec, NULL, \"the message needs %.0f pt, more than a page holds\",\n"
    "                       height);\n"
    "    bk_need(sec, height);\n"
    "    double x = sec->box_x, y = bk_cursor(sec);\n"
    "    bk_rgb fill = bk_color(sec, BK_COLOR_FILL), rule = bk_color(sec, BK_COLOR_ACCENT);\n";

static const char source_cairo_draw[] =
    "    cairo_t *cr = bk_native(sec, BK_NATIVE_CAIRO);\n"
    "    if (!cr)\n"
    "        return bk_fail(sec, NULL, \"@NAME@ draws with cairo; set engine: cairo\");\n"
    "    /* cairo's y grows downwards, like the section's coordinates. */\n"
    "    cairo_save(cr);\n"
    "    cairo_rectangle(cr, x, y, sec->box_w, height);\n"
    "    cairo_set_source_rgb(cr, fill.r, fill.g, fill.b);\n"
    "    cairo_fill_preserve(cr);\n"
    "    cairo_set_source_rgb(cr, rule.r, rule.g, rule.b);\n"
    "    cairo_set_line_width(cr, 1.0);\n"
    "    cairo_stroke(cr);\n"
    "    cairo_restore(cr);\n"
    "    /* cairo's errors stick to the context: check once after drawing. */\n"
    "    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)\n"
    "        return bk_fail(sec, NULL, \"cairo: %s\", cairo_status_to_string(cairo_status(cr)));\n";

static const char source_haru_draw[] =
    "    HPDF_Page page = bk_native(sec, BK_NATIVE_HARU_PAGE);\n"
    "    if (!page)\n"
    "        return bk_fail(sec, NULL, \"@NAME@ draws with libharu; set engine: haru\");\n"
    "    /* libharu's y grows upwards from the page bottom: flip with page_h - y. */\n"
    "    HPDF_Page_GSave(page);\n"
    "    HPDF_Page_SetRGBFill(page, (HPDF_REAL)fill.r, (HPDF_REAL)fill.g, (HPDF_REAL)fill.b);\n"
    "    HPDF_Page_SetRGBStroke(page, (HPDF_REAL)rule.r, (HPDF_REAL)rule.g, (HPDF_REAL)rule.b);\n"
    "    HPDF_Page_SetLineWidth(page, 1.0f);\n"
    "    HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)(sec->page_h - y - height),\n"
    "                        (HPDF_REAL)sec->box_w, (HPDF_REAL)height);\n"
    "    HPDF_Page_FillStroke(page);\n"
    "    HPDF_Page_GRestore(page);\n";

static const char source_common_tail[] =
    "    rc = bk_text_box(sec, x + pad, y + pad, inner, BK_FONT_BODY, size,\n"
    "                     bk_color(sec, BK_COLOR_TEXT), BK_ALIGN_LEFT, message, NULL);\n"
    "    if (rc)\n"
    "        return rc;\n"
    "    bk_advance(sec, height + pad);\n"
    "    if (bk_opt_has(sec, \"note\"))\n"
    "        rc = bk_paragraph(sec, BK_PARA_NOTE, bk_opt_str(sec, \"note\"));\n"
    "    return rc;\n"
    "}\n"
    "\n"
    "static const bk_plugin plugin = {BK_PLUGIN_HEADER,\n"
    "                                 .engines = @ENGINE_BIT@,\n"
    "                                 .preferred_engine = @ENGINE_BIT@,\n"
    "                                 .name = \"@NAME@\",\n"
    "                                 .version = \"0.1.0\",\n"
    "                                 .summary = \"A bordered message box\",\n"
    "                                 .license = \"MIT\",\n"
    "                                 .options = options,\n"
    "                                 .render = render};\n"
    "BK_PLUGIN(plugin)\n";

static const char cmake_text[] =
    "# Builds the @NAME@ section plugin against an installed briefkit:\n"
    "#   cmake -S . -B build -DCMAKE_PREFIX_PATH=/where/briefkit/is/installed\n"
    "#   cmake --build build\n"
    "cmake_minimum_required(VERSION 3.16)\n"
    "project(@NAME@ LANGUAGES C)\n"
    "\n"
    "find_package(briefkit REQUIRED)\n"
    "\n"
    "# A MODULE named @NAME@.so with only the entry symbol exported; it gets\n"
    "# the SDK headers and the engine's own library, never libbriefkit.\n"
    "briefkit_add_plugin(@NAME@ SOURCES @NAME@.c ENGINES @ENGINE@)\n"
    "target_compile_options(@NAME@ PRIVATE -Wall -Wextra)\n"
    "set_target_properties(@NAME@ PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON)\n"
    "\n"
    "# `cmake --install build` puts it where briefkit looks by default.\n"
    "install(TARGETS @NAME@ LIBRARY DESTINATION ${BRIEFKIT_PLUGIN_DIR})\n"
    "\n"
    "# `ctest --test-dir build`: the pages of @NAME@.yaml against the reference\n"
    "# images in ref/ (see README.md for making them).\n"
    "enable_testing()\n"
    "briefkit_add_plugin_test(@NAME@ TEMPLATES ${CMAKE_CURRENT_SOURCE_DIR}/@NAME@.yaml)\n";

static const char readme_text[] =
    "# @NAME@\n"
    "\n"
    "A briefkit section plugin that draws a bordered message box with @ENGINE_LABEL@.\n"
    "\n"
    "## Build\n"
    "\n"
    "```sh\n"
    "cmake -S . -B build -DCMAKE_PREFIX_PATH=/where/briefkit/is/installed\n"
    "cmake --build build\n"
    "```\n"
    "\n"
    "## Try it\n"
    "\n"
    "```sh\n"
    "briefkit plugins --plugin-path build --describe @NAME@\n"
    "briefkit render @NAME@.yaml --plugin-path build -o @NAME@.pdf\n"
    "pdftotext @NAME@.pdf - | grep 'Hello from @NAME@'\n"
    "```\n"
    "\n"
    "## Test it\n"
    "\n"
    "`ctest --test-dir build` renders @NAME@.yaml and compares each page with the\n"
    "reference images in `ref/`, the way cairo tests its own drawing. Make them\n"
    "once, look at them, and commit them:\n"
    "\n"
    "```sh\n"
    "briefkit plugin test @NAME@.yaml --plugin-path build --update   # writes ref/@NAME@-1.png\n"
    "ctest --test-dir build --output-on-failure\n"
    "```\n"
    "\n"
    "A page that changes fails the test and leaves `build/plugin-test-out/@NAME@-1-diff.png`\n"
    "with the changes in red; after an intended change, run `--update` again.\n"
    "\n"
    "While developing, `--no-isolate` renders in the briefkit process itself,\n"
    "so `gdb --args briefkit render ... --no-isolate` stops inside your code.\n"
    "\n"
    "## Install\n"
    "\n"
    "`cmake --install build` copies `@NAME@.so` into briefkit's plugin folder;\n"
    "or put it in `~/.local/lib/briefkit/plugins`, or name its folder in\n"
    "`BRIEFKIT_PLUGIN_PATH`.\n"
    "\n"
    "## Documentation\n"
    "\n"
    "Installed with briefkit: `man 7 briefkit-plugin`, and the plugin guide and\n"
    "the template reference in its documentation folder:\n"
    "\n"
    "```sh\n"
    "ls \"$(pkg-config --variable=docdir briefkit)\"   # plugin-guide.md, template-reference.md\n"
    "```\n"
    "\n"
    "(`${BRIEFKIT_DOC_DIR}` in CMake.) The guide explains the lifecycle, the\n"
    "option types, the building blocks and the ABI rules.\n";

static const char template_text[] =
    "# A briefing with one @NAME@ section; render it with\n"
    "#   briefkit render @NAME@.yaml --plugin-path build -o @NAME@.pdf\n"
    "briefkit: 1\n"
    "document:\n"
    "  title: \"@NAME@ demo\"\n"
    "  lang: en\n"
    "  cover: false\n"
    "  contents: false\n"
    "sections:\n"
    "  - plugin: @NAME@\n"
    "    id: demo\n"
    "    title: \"@NAME@\"\n"
    "    options:\n"
    "      message: \"Hello from @NAME@. 你好，这是一个插件示例。\"\n"
    "      note: \"Drawn by the @NAME@ plugin.\"\n";

/* Fills `err` (no location) and returns `code`. */
static int fail_with(bk_error *err, int code, const char *fmt, ...) BK_PRINTF(3, 4);
static int fail_with(bk_error *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    memset(err, 0, sizeof *err);
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

typedef struct scaffold_vars {
    const char *name, *engine, *engine_label, *engine_header, *engine_bit;
} scaffold_vars;

int bk_cli_scaffold_check_name(const char *name, bk_error *err)
{
    if (!name || !name[0])
        return fail_with(err, BK_EINVAL,
                         "no plugin name given; expected lower-case letters, digits and _, "
                         "starting with a letter (e.g. key_numbers)");
    size_t len = strlen(name);
    if (len > BK_SCAFFOLD_NAME_MAX)
        return fail_with(err, BK_EINVAL,
                         "plugin name \"%.20s...\" is %zu bytes long; at most %d are allowed", name,
                         len, BK_SCAFFOLD_NAME_MAX);
    if (!(name[0] >= 'a' && name[0] <= 'z'))
        return fail_with(err, BK_EINVAL,
                         "plugin name \"%s\" must start with a lower-case letter a-z", name);
    for (size_t i = 1; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return fail_with(err, BK_EINVAL,
                             "plugin name \"%s\" has '%c' at position %zu; only a-z, 0-9 and _ "
                             "are allowed (it becomes a C identifier and a file name)",
                             name, c, i + 1);
    }
    return 0;
}

/* Writes `text` to `f` with each @KEY@ replaced by its value. */
static int put_text(FILE *f, const char *text, const scaffold_vars *v)
{
    static const struct {
        const char *key;
        size_t off;
    } keys[] = {{"@NAME@", offsetof(scaffold_vars, name)},
                {"@ENGINE@", offsetof(scaffold_vars, engine)},
                {"@ENGINE_LABEL@", offsetof(scaffold_vars, engine_label)},
                {"@ENGINE_HEADER@", offsetof(scaffold_vars, engine_header)},
                {"@ENGINE_BIT@", offsetof(scaffold_vars, engine_bit)}};
    const char *p = text;
    while (*p) {
        const char *at = strchr(p, '@');
        size_t plain = at ? (size_t)(at - p) : strlen(p);
        if (plain && fwrite(p, 1, plain, f) != plain)
            return -1;
        p += plain;
        if (!at)
            break;
        size_t k = 0;
        for (; k < sizeof keys / sizeof keys[0]; k++)
            if (strncmp(p, keys[k].key, strlen(keys[k].key)) == 0)
                break;
        if (k == sizeof keys / sizeof keys[0]) {
            if (fputc('@', f) == EOF)
                return -1;
            p++;
            continue;
        }
        const char *value = *(const char *const *)((const char *)v + keys[k].off);
        if (fputs(value, f) == EOF)
            return -1;
        p += strlen(keys[k].key);
    }
    return 0;
}

/* Creates dir/file from the concatenation of `parts`. */
static int write_file(const char *dir, const char *file, const char *const *parts, size_t n,
                      const scaffold_vars *v, char *path, size_t path_size, bk_error *err)
{
    int len = snprintf(path, path_size, "%s/%s", dir, file);
    if (len < 0 || (size_t)len >= path_size)
        return fail_with(err, BK_EINVAL, "folder name \"%s\" is too long", dir);
    FILE *f = fopen(path, "wx");
    if (!f)
        return fail_with(err, BK_EIO, "cannot create \"%s\": %s", path, strerror(errno));
    int bad = 0;
    for (size_t i = 0; i < n && !bad; i++)
        bad = put_text(f, parts[i], v);
    if (fclose(f) || bad)
        return fail_with(err, BK_EIO, "cannot write \"%s\": %s", path, strerror(errno));
    return 0;
}

int bk_cli_plugin_new(const char *name, const char *engine, const char *dir, FILE *out,
                      bk_error *err)
{
    int rc = bk_cli_scaffold_check_name(name, err);
    if (rc)
        return rc;
    if (!engine)
        engine = "cairo";
    scaffold_vars v = {.name = name, .engine = engine};
    const char *draw;
    if (strcmp(engine, "cairo") == 0) {
        v.engine_label = "cairo";
        v.engine_header = "cairo.h";
        v.engine_bit = "BK_ENGINE_CAIRO";
        draw = source_cairo_draw;
    } else if (strcmp(engine, "haru") == 0) {
        v.engine_label = "libharu";
        v.engine_header = "hpdf.h";
        v.engine_bit = "BK_ENGINE_HARU";
        draw = source_haru_draw;
    } else {
        return fail_with(err, BK_EINVAL, "unknown engine \"%s\"; expected cairo or haru", engine);
    }
    if (!dir || !dir[0])
        dir = name;
    if (strlen(dir) > PATH_MAX_LEN - 2 * BK_SCAFFOLD_NAME_MAX)
        return fail_with(err, BK_EINVAL, "folder name \"%.40s...\" is too long", dir);
    if (mkdir(dir, 0777)) {
        if (errno == EEXIST)
            return fail_with(err, BK_EINVAL,
                             "\"%s\" already exists; give a new folder with --dir, or remove "
                             "it first (nothing was written)",
                             dir);
        return fail_with(err, BK_EIO, "cannot create the folder \"%s\": %s", dir, strerror(errno));
    }

    char file_c[BK_SCAFFOLD_NAME_MAX + 8], file_yaml[BK_SCAFFOLD_NAME_MAX + 8];
    snprintf(file_c, sizeof file_c, "%s.c", name);
    snprintf(file_yaml, sizeof file_yaml, "%s.yaml", name);
    const char *const source[] = {source_common_head, draw, source_common_tail};
    const char *const cmake[] = {cmake_text};
    const char *const readme[] = {readme_text};
    const char *const tmpl[] = {template_text};
    const struct {
        const char *file;
        const char *const *parts;
        size_t n;
    } files[] = {{file_c, source, 3},
                 {"CMakeLists.txt", cmake, 1},
                 {"README.md", readme, 1},
                 {file_yaml, tmpl, 1}};
    size_t n_files = sizeof files / sizeof files[0];
    char path[PATH_MAX_LEN];
    size_t written = 0;
    for (; written < n_files; written++) {
        rc = write_file(dir, files[written].file, files[written].parts, files[written].n, &v, path,
                        sizeof path, err);
        if (rc)
            break;
        if (out)
            fprintf(out, "wrote %s\n", path);
    }
    if (!rc)
        return 0;
    /* Take back everything, including the file that failed halfway. */
    for (size_t i = 0; i <= written && i < n_files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i].file);
        unlink(path);
    }
    rmdir(dir);
    return rc;
}
