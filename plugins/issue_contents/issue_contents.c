/* issue_contents: the 本期要目 / "In this issue" block that opens a periodic
 * briefing: a short numbered list of what this issue covers, written in the
 * template (it changes with the period, which the items may name through
 * {{ period.label }}), each item in both languages (`text` / `text_zh`, the
 * data convention read through the host's node_text, SDK 1.1). */
#include <briefkit/plugin.h>

#include <stdio.h>
#include <string.h>

#define IC_LINE_MAX 512

static const bk_option_spec options[] = {
    {"items", BK_OPT_NODE, 1, NULL, 0, 0, NULL,
     "what the issue covers: texts, or maps with text and text_zh"},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};

static int is_zh(const bk_section *sec)
{
    return sec->lang && strcmp(sec->lang, "zh") == 0;
}

/* 一、二、... up to 十; Arabic numbers past it. */
static void number(const bk_section *sec, size_t n, char *out, size_t size)
{
    static const char *const zh[10] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    if (is_zh(sec) && n >= 1 && n <= 10)
        snprintf(out, size, "%s、", zh[n - 1]);
    else
        snprintf(out, size, "%zu. ", n);
}

static int render(bk_section *sec)
{
    const bk_node *items = bk_opt_node(sec, "items");
    const char *heading =
        sec->title && *sec->title ? sec->title : (is_zh(sec) ? "本期要目" : "In this issue");
    int rc = bk_heading(sec, 1, heading);
    for (size_t i = 0; i < bk_node_len(items) && rc == 0; i++) {
        const bk_node *item = bk_node_at(items, i);
        const char *text =
            bk_node_kind(item) == BK_NODE_MAP ? bk_text_of(sec, item, "text") : bk_node_str(item);
        if (!text || !*text)
            return bk_fail(sec, item, "items.%zu: expected a text, or a map with text and text_zh",
                           i);
        char line[IC_LINE_MAX], num[32];
        number(sec, i + 1, num, sizeof num);
        snprintf(line, sizeof line, "%s%s", num, text);
        rc = bk_paragraph(sec, BK_PARA_LEAD, line);
    }
    return rc;
}

static const bk_plugin plugin = {BK_PLUGIN_HEADER,
                                 .engines = BK_ENGINE_HARU | BK_ENGINE_CAIRO,
                                 .preferred_engine = BK_ENGINE_HARU,
                                 .name = "issue_contents",
                                 .version = "1.1.0",
                                 .summary =
                                     "本期要目 / In this issue: what a periodic briefing covers",
                                 .license = "MIT",
                                 .options = options,
                                 .render = render};
BK_PLUGIN(plugin)
