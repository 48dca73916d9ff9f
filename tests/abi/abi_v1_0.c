/* A plugin as a third party built it against the released SDK 1.0 headers
 * (tests/abi/sdk-1.0, frozen). Every later 1.x host must load and run it:
 * it uses options of each kind, the data tree, the building blocks and the
 * text calls, so a slot moved or a signature changed in host.h shows up
 * here as a wrong picture or a crash rather than going unnoticed. */
#include <briefkit/plugin.h>

#include <stdio.h>

static const char *const tones[] = {"plain", "loud", NULL};

static const bk_option_spec options[] = {
    {"headline", BK_OPT_STRING, 1, NULL, 0, 0, NULL, "heading text"},
    {"count", BK_OPT_INT, 0, "3", 1, 10, NULL, "rows in the table"},
    {"tone", BK_OPT_ENUM, 0, "plain", 0, 0, tones, "plain or loud"},
    {"show_cards", BK_OPT_BOOL, 0, "true", 0, 0, NULL, "draw a card row"},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};

static int render(bk_section *sec)
{
    int rc = bk_heading(sec, 1, bk_opt_str(sec, "headline"));
    if (rc)
        return rc;
    char line[128];
    snprintf(line, sizeof line, "Frozen SDK 1.0 plugin, tone %s, host ABI %u.%u.",
             bk_opt_str(sec, "tone"), bk__host->abi_major, bk__host->abi_minor);
    if ((rc = bk_paragraph(sec, BK_PARA_BODY, line)))
        return rc;
    if (bk_opt_bool(sec, "show_cards")) {
        const bk_card cards[] = {{"1.0", NULL, "SDK built against", NULL, 0, NULL},
                                 {"42", "units", "A figure", "+1.5%", 1, "test data"}};
        if ((rc = bk_cards(sec, cards, 2)))
            return rc;
    }
    int count = (int)bk_opt_num(sec, "count");
    const char *header[] = {"Row", "Value"};
    const char *cells[20];
    char text[10][2][16];
    for (int i = 0; i < count; i++) {
        snprintf(text[i][0], sizeof text[i][0], "row %d", i + 1);
        snprintf(text[i][1], sizeof text[i][1], "%d", (i + 1) * 7);
        cells[2 * i] = text[i][0];
        cells[2 * i + 1] = text[i][1];
    }
    const bk_table table = {2, header, NULL, NULL, (size_t)count, cells};
    return bk_table_draw(sec, &table);
}

static const bk_plugin plugin = {BK_PLUGIN_HEADER,
                                 .engines = BK_ENGINE_HARU | BK_ENGINE_CAIRO,
                                 .preferred_engine = BK_ENGINE_HARU,
                                 .name = "abi_v1_0",
                                 .version = "1.0.0",
                                 .summary = "Built against the frozen SDK 1.0 headers",
                                 .license = "MIT",
                                 .options = options,
                                 .render = render};
BK_PLUGIN(plugin)
