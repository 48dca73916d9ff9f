/* A plugin as a third party built it against the released SDK 1.1 headers
 * (tests/abi/sdk-1.1, frozen). Every later 1.x host must load and run it:
 * it uses what 1.1 added (a validate callback, a LIST option with choices,
 * a range open at one end, a table with row kinds, a decimal column,
 * padding and a row height), so a field moved in bk_plugin or bk_table
 * shows up here as a wrong picture or a refusal rather than unnoticed. */
#include <briefkit/plugin.h>

#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {"plain", "total", NULL};

static const bk_option_spec options[] = {
    {"headline", BK_OPT_STRING, 1, NULL, 0, 0, NULL, "heading text"},
    {"rows", BK_OPT_LIST, 0, "[plain, plain, total]", 0, 0, kinds, "kind of each row"},
    {"scale", BK_OPT_NUMBER, 0, "1", 0, BK_UNBOUNDED, NULL, "factor for the values, >= 0"},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};

/* The data must hold a number `base`: checked before anything is drawn. */
static int validate(bk_section *sec)
{
    const bk_node *base = bk_node_get(sec->data, "base");
    double v;
    if (bk_node_num(base, &v) != 0)
        return bk_fail(sec, base, "expected a number for base, got \"%s\"",
                       bk_node_str(base) ? bk_node_str(base) : "(nothing)");
    return 0;
}

static int render(bk_section *sec)
{
    int rc = bk_heading(sec, 1, bk_opt_str(sec, "headline"));
    if (rc)
        return rc;
    char line[128];
    snprintf(line, sizeof line, "Frozen SDK 1.1 plugin, built for ABI %u.%u.", BK_ABI_MAJOR,
             BK_ABI_MINOR);
    if ((rc = bk_paragraph(sec, BK_PARA_BODY, line)))
        return rc;
    /* The 1.1 host services: a number as its reader counts, and a date. */
    char amount[48], date[32];
    if (bk_format_number(sec, 402500, "万", "yuan", "more_than", 0, BK_NUM_ALL, amount,
                         sizeof amount) != 0 ||
        bk_format_date(sec, "2025-03-01", date, sizeof date) != 0)
        return bk_fail(sec, NULL, "the 1.1 number and date services failed");
    snprintf(line, sizeof line, "Amount: %s, as of %s.", amount, date);
    if ((rc = bk_paragraph(sec, BK_PARA_BODY, line)))
        return rc;
    double base;
    bk_node_num(bk_node_get(sec->data, "base"), &base);
    double scale = bk_opt_num(sec, "scale");
    const bk_node *rows = bk_opt_node(sec, "rows");
    size_t n = bk_node_len(rows);
    if (n > 8)
        n = 8;
    static const char *header[] = {"Item", "Value"};
    static const int align[] = {BK_ALIGN_LEFT, BK_ALIGN_DECIMAL};
    const char *cells[16];
    int row_kinds[8];
    char text[8][2][32];
    for (size_t i = 0; i < n; i++) {
        int total = strcmp(bk_node_str(bk_node_at(rows, i)), "total") == 0;
        snprintf(text[i][0], sizeof text[i][0], total ? "total %zu" : "item %zu", i + 1);
        snprintf(text[i][1], sizeof text[i][1], "%.*f", (int)(i % 3),
                 base * scale * (double)(i + 1));
        cells[2 * i] = text[i][0];
        cells[2 * i + 1] = text[i][1];
        row_kinds[i] = total ? BK_ROW_TOTAL : BK_ROW_BODY;
    }
    const bk_table table = {.ncols = 2,
                            .header = header,
                            .align = align,
                            .nrows = n,
                            .cells = cells,
                            .row_kinds = row_kinds,
                            .pad_x = 5,
                            .pad_y = 4,
                            .row_height = 20};
    return bk_table_draw(sec, &table);
}

static const bk_plugin plugin = {BK_PLUGIN_HEADER,
                                 .engines = BK_ENGINE_HARU | BK_ENGINE_CAIRO,
                                 .preferred_engine = BK_ENGINE_CAIRO,
                                 .name = "abi_v1_1",
                                 .version = "1.1.0",
                                 .summary = "Built against the frozen SDK 1.1 headers",
                                 .license = "MIT",
                                 .options = options,
                                 .render = render,
                                 .validate = validate};
BK_PLUGIN(plugin)
