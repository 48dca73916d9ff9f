/* indicator_table: the table at the heart of a monthly statistical
 * briefing — indicator, unit, this month, year to date and 同比 % — from
 * rows in the data, wherever they came from (a YAML list, a CSV file, a
 * SQLite or PostgreSQL query: data_source.h in the core). A row is a map:
 *
 *   indicator: 规模以上工业增加值   required
 *   unit: 亿元                       optional; "%" is never scaled
 *   month: 123.4   ytd: 1234.5      numbers or null (shown as a dash)
 *   yoy: 8.2                         同比 %, one decimal
 *   level: 1                         indents a sub-indicator under the row above
 *   revised: "..."                   a footnote: how the figure was revised
 *   note: "..."                      any other footnote on the row
 *
 * Large figures read in 万/亿 (zh) or thousand/million/billion (en), the
 * step chosen per row from its larger value, through the shared number
 * formatting. Numbers line up at the decimal point: each number column
 * gets as many decimals as its widest number, the shorter ones padded with
 * figure spaces (U+2007, digit-wide) and a punctuation space (U+2008) where
 * the point would be, then right-aligned.
 *
 * Engine: Cairo, also declared for libharu. The plugin draws only through
 * the host's table and paragraphs (so the header repeats on a new page and
 * rows split cleanly in either engine), and those blocks render in both;
 * Cairo is preferred because an indicator table is mostly Chinese and cairo
 * embeds a real subset of the CJK face, where libharu 2.3 embeds the whole
 * font (~300 KB) in every fragment that uses it. */
#include <briefkit/plugin.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format_number.h"
#include "fields.h"
#include "section_lang.h"

#define IT_COLS 5
#define IT_CELL_MAX 96
#define IT_NAME_MAX 512
#define IT_MAX_LEVEL 3
#define IT_MAX_NOTES 9
#define IT_FIGURE_SPACE "\xe2\x80\x87" /* U+2007 */
#define IT_PUNCT_SPACE "\xe2\x80\x88"  /* U+2008 */
#define IT_EM_SPACE "\xe2\x80\x83"     /* U+2003 */
#define IT_DASH "\xe2\x80\x94"         /* U+2014 */

static const char *const superscripts[IT_MAX_NOTES] = {
    "\xc2\xb9",     "\xc2\xb2",     "\xc2\xb3",     "\xe2\x81\xb4", "\xe2\x81\xb5",
    "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9"}; /* ¹ .. ⁹ */

static const bk_option_spec options[] = {
    {"data_key", BK_OPT_STRING, 0, "indicators", 0, 0, NULL,
     "dotted path in the data to the list of indicator rows"},
    {"scale", BK_OPT_BOOL, 0, "true", 0, 0, NULL,
     "show large figures in 万/亿 (zh) or thousand/million/billion (en)"},
    {"decimals", BK_OPT_INT, 0, "1", 0, 4, NULL,
     "decimals of a scaled or fractional figure (whole numbers keep none)"},
    {"source", BK_OPT_STRING, 0, NULL, 0, 0, NULL, "a source line under the table"},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};

/* One row as read from the data. */
typedef struct it_row {
    const char *indicator, *unit, *revised, *note;
    double v[3]; /* month, ytd, yoy */
    int has[3];
    long level;
} it_row;

static const char *const value_keys[3] = {"month", "ytd", "yoy"};

static const char *opt_text(const bk_node *row, const char *key)
{
    const char *s = bk_node_str(bk_node_get(row, key));
    return s && *s ? s : NULL;
}

static int read_row(bk_section *sec, const bk_node *node, const char *key, size_t i, it_row *r)
{
    char path[160];
    snprintf(path, sizeof path, "%s.%zu", key, i);
    if (bk_node_kind(node) != BK_NODE_MAP)
        return bk_fail(sec, node,
                       "%s: expected an indicator row (a map with indicator, unit, "
                       "month, ytd, yoy)",
                       path);
    memset(r, 0, sizeof *r);
    r->indicator = opt_text(node, "indicator");
    if (!r->indicator)
        return bk_fail(sec, node, "%s.indicator: expected the indicator's name, got nothing", path);
    r->unit = opt_text(node, "unit");
    r->revised = opt_text(node, "revised");
    r->note = opt_text(node, "note");
    for (int k = 0; k < 3; k++) {
        int rc = bkp_read_num(sec, node, path, value_keys[k], &r->v[k]);
        if (rc < 0)
            return rc;
        r->has[k] = rc;
    }
    double level = 0;
    int rc = bkp_read_num(sec, node, path, "level", &level);
    if (rc < 0)
        return rc;
    if (level < 0 || level > IT_MAX_LEVEL || level != floor(level))
        return bk_fail(sec, bk_node_get(node, "level"),
                       "%s.level: expected a whole number from 0 to %d (how deep a "
                       "sub-indicator sits), got %g",
                       path, IT_MAX_LEVEL, level);
    r->level = (long)level;
    return 0;
}

/* Decimals of a formatted number: what follows its point. */
static int decimals_of(const char *s)
{
    const char *dot = strchr(s, '.');
    return dot ? (int)strlen(dot + 1) : 0;
}

typedef struct it_cells {
    char name[IT_NAME_MAX];
    char unit[IT_CELL_MAX];
    char num[3][IT_CELL_MAX];
} it_cells;

/* Formats a row's numbers and unit; a figure whose magnitude calls for it
 * is shown in 万/亿 (or thousand/million/billion), both values of the row
 * in the same step so they read side by side. */
static void format_row(bk_section *sec, const it_row *r, int scale, int decimals, it_cells *c)
{
    double big = 0;
    for (int k = 0; k < 2; k++)
        if (r->has[k] && fabs(r->v[k]) > big)
            big = fabs(r->v[k]);
    double div = 1;
    const char *step = "";
    if (scale && !(r->unit && strcmp(r->unit, "%") == 0))
        step = bkp_scale_for(big, bkp_is_zh(sec), &div);
    const char *unit = r->unit ? r->unit : "";
    snprintf(c->unit, sizeof c->unit, "%s%s%s", step, *step && !bkp_is_zh(sec) && *unit ? " " : "",
             unit);
    for (int k = 0; k < 3; k++) {
        if (!r->has[k]) {
            snprintf(c->num[k], sizeof c->num[k], "%s", IT_DASH);
            continue;
        }
        double v = k < 2 ? r->v[k] / div : r->v[k];
        int whole = k < 2 && div == 1 && v == floor(v);
        bkp_format_fixed(v, k == 2 ? 1 : whole ? 0 : decimals, c->num[k], sizeof c->num[k]);
    }
}

/* Pads the numbers of column k so that their points line up. */
static void align_column(it_cells *cells, size_t n, int k)
{
    int max = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(cells[i].num[k], IT_DASH) != 0 && decimals_of(cells[i].num[k]) > max)
            max = decimals_of(cells[i].num[k]);
    for (size_t i = 0; i < n; i++) {
        char *s = cells[i].num[k];
        if (strcmp(s, IT_DASH) == 0)
            continue;
        int d = decimals_of(s);
        size_t used = strlen(s);
        if (d == 0 && max > 0)
            used += (size_t)snprintf(s + used, IT_CELL_MAX - used, IT_PUNCT_SPACE);
        for (int j = d; j < max && used < IT_CELL_MAX; j++)
            used += (size_t)snprintf(s + used, IT_CELL_MAX - used, IT_FIGURE_SPACE);
    }
}

static int draw(bk_section *sec, const it_row *rows, it_cells *cells, size_t n)
{
    const char **grid = calloc(n * IT_COLS, sizeof *grid);
    if (!grid)
        return bk_fail(sec, NULL, "out of memory for a %zu-row indicator table", n);
    int scale = bk_opt_bool(sec, "scale");
    int decimals = (int)bk_opt_num(sec, "decimals");
    size_t notes = 0;
    for (size_t i = 0; i < n; i++) {
        format_row(sec, &rows[i], scale, decimals, &cells[i]);
        char indent[IT_MAX_LEVEL * 3 + 1] = "";
        for (long l = 0; l < rows[i].level; l++)
            strcat(indent, IT_EM_SPACE);
        const char *mark = "";
        if (rows[i].revised || rows[i].note)
            mark = notes < IT_MAX_NOTES ? superscripts[notes] : "*";
        notes += rows[i].revised || rows[i].note;
        snprintf(cells[i].name, sizeof cells[i].name, "%s%s%s", indent, rows[i].indicator, mark);
    }
    for (int k = 0; k < 3; k++)
        align_column(cells, n, k);
    for (size_t i = 0; i < n; i++) {
        const char **row = grid + i * IT_COLS;
        row[0] = cells[i].name;
        row[1] = cells[i].unit;
        row[2] = cells[i].num[0];
        row[3] = cells[i].num[1];
        row[4] = cells[i].num[2];
    }
    const char *header[IT_COLS] = {bkp_tr(sec, "Indicator", "指标"), bkp_tr(sec, "Unit", "单位"),
                                   bkp_tr(sec, "This month", "本月"),
                                   bkp_tr(sec, "Year to date", "1月至本月"),
                                   bkp_tr(sec, "YoY %", "同比增长%")};
    static const double widths[IT_COLS] = {0.36, 0.14, 0.17, 0.17, 0.16};
    static const int align[IT_COLS] = {BK_ALIGN_LEFT, BK_ALIGN_LEFT, BK_ALIGN_RIGHT, BK_ALIGN_RIGHT,
                                       BK_ALIGN_RIGHT};
    bk_table t = {.ncols = IT_COLS,
                  .header = header,
                  .widths = widths,
                  .align = align,
                  .nrows = n,
                  .cells = grid};
    int rc = bk_table_draw(sec, &t);
    free(grid);
    /* Footnotes, numbered as their marks, under the table. */
    notes = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!rows[i].revised && !rows[i].note)
            continue;
        char line[2 * IT_NAME_MAX];
        snprintf(line, sizeof line, "%s %s%s%s%s", notes < IT_MAX_NOTES ? superscripts[notes] : "*",
                 rows[i].revised ? bkp_tr(sec, "Revised: ", "修订：") : "",
                 rows[i].revised ? rows[i].revised : "", rows[i].revised && rows[i].note ? " " : "",
                 rows[i].note ? rows[i].note : "");
        notes++;
        rc = bk_paragraph(sec, BK_PARA_SMALL, line);
    }
    if (rc == 0 && bk_opt_has(sec, "source")) {
        char line[IT_NAME_MAX];
        snprintf(line, sizeof line, "%s%s", bkp_tr(sec, "Source: ", "资料来源："),
                 bk_opt_str(sec, "source"));
        rc = bk_paragraph(sec, BK_PARA_SMALL, line);
    }
    return rc;
}

static int render(bk_section *sec)
{
    const char *key = bk_opt_str(sec, "data_key");
    const bk_node *list = bk_node_lookup(sec->data, key);
    if (!list)
        return bk_fail(sec, NULL,
                       "no \"%s\" in the section's data: expected a list of indicator rows there "
                       "(a data entry with as: %s, or set data_key)",
                       key, key);
    if (bk_node_kind(list) != BK_NODE_LIST)
        return bk_fail(sec, list, "%s: expected a list of indicator rows", key);
    int rc = 0;
    if (sec->title && *sec->title)
        rc = bk_heading(sec, 1, sec->title);
    size_t n = bk_node_len(list);
    if (rc < 0 || n == 0)
        return rc < 0 ? rc
                      : bk_paragraph(sec, BK_PARA_NOTE,
                                     bkp_tr(sec, "No data for this period.", "本期无数据。"));
    it_row *rows = calloc(n, sizeof *rows);
    it_cells *cells = calloc(n, sizeof *cells);
    if (!rows || !cells)
        rc = bk_fail(sec, NULL, "out of memory for %zu indicator rows", n);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = read_row(sec, bk_node_at(list, i), key, i, &rows[i]);
    if (rc == 0)
        rc = draw(sec, rows, cells, n);
    free(rows);
    free(cells);
    return rc;
}

static const bk_plugin plugin = {BK_PLUGIN_HEADER,
                                 .engines = BK_ENGINE_CAIRO | BK_ENGINE_HARU,
                                 .preferred_engine = BK_ENGINE_CAIRO,
                                 .name = "indicator_table",
                                 .version = "1.0.0",
                                 .summary = "Monthly indicators: this month, year to date, 同比 %",
                                 .license = "MIT",
                                 .options = options,
                                 .render = render};
BK_PLUGIN(plugin)
