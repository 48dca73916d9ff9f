/* source_list: the numbered list of sources that ends a briefing (资料来源).
 *
 * Figures, facts and events cite their source by id; the other built-in
 * plugins print "[3]" for the third entry of the data's source registry
 * (plugins/common/cite.h), and this section lists the registry in that
 * order, so a reader finds each article once, at the end, rather than a
 * file name on every page. Titles and publishers are read in the
 * document's language and dates written by the host (SDK 1.1). */
#include <briefkit/plugin.h>

#include <stdio.h>
#include <string.h>

#include "cite.h"
#include "section_lang.h"

#define SL_TEXT_MAX 1024
#define SL_DATE_MAX 64

static const bk_option_spec options[] = {
    {"data", BK_OPT_STRING, 0, BKP_SOURCES_KEY, 0, 0, NULL,
     "dotted path in the data to the source registry (a list of id, title, publisher, date, "
     "address)"},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};

/* "[1] Title. Publisher, 11 May 2022. address" or, in Chinese,
 * "[1] 标题。发布者，2022年5月11日。address". */
static int entry(bk_section *sec, const bk_node *src, const char *path, size_t n)
{
    if (bk_node_kind(src) != BK_NODE_MAP)
        return bk_fail(sec, src, "%s: expected a source (a map with id, title, publisher, date)",
                       path);
    const char *title = bk_text_of(sec, src, "title");
    if (!title || !*title)
        return bk_fail(sec, src, "%s.title: expected a text (the article's title), got nothing",
                       path);
    const char *publisher = bk_text_of(sec, src, "publisher");
    const char *iso = bk_node_str(bk_node_get(src, "date"));
    const char *address = bk_node_str(bk_node_get(src, "address"));
    char date[SL_DATE_MAX] = "";
    if (iso && bk_format_date(sec, iso, date, sizeof date) < 0)
        return bk_fail(sec, bk_node_get(src, "date"),
                       "%s.date: expected YYYY, YYYY-MM or YYYY-MM-DD, got \"%s\"", path, iso);
    int zh = bkp_is_zh(sec);
    const char *stop = zh ? "。" : ". ", *comma = zh ? "，" : ", ";
    char line[SL_TEXT_MAX];
    size_t o = 0;
    o += (size_t)snprintf(line, sizeof line, "[%zu] %s%s", n, title, stop);
    if (o < sizeof line && (publisher || date[0]))
        o += (size_t)snprintf(line + o, sizeof line - o, "%s%s%s%s", publisher ? publisher : "",
                              publisher && date[0] ? comma : "", date, stop);
    if (o < sizeof line && address && *address)
        snprintf(line + o, sizeof line - o, "%s", address);
    return bk_paragraph(sec, BK_PARA_SMALL, line);
}

static int render(bk_section *sec)
{
    const char *key = bk_opt_str(sec, "data");
    const bk_node *reg = bk_node_lookup(sec->data, key);
    if (!reg)
        return bk_fail(sec, NULL,
                       "no \"%s\" in the section's data: expected the source registry there (a "
                       "data file with a top-level \"%s:\" list)",
                       key, key);
    if (bk_node_kind(reg) != BK_NODE_LIST)
        return bk_fail(sec, reg, "%s: expected a list of sources", key);
    const char *heading =
        sec->title && *sec->title ? sec->title : (bkp_is_zh(sec) ? "资料来源" : "Sources");
    int rc = bk_heading(sec, 1, heading);
    for (size_t i = 0; i < bk_node_len(reg) && rc == 0; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s.%zu", key, i);
        rc = entry(sec, bk_node_at(reg, i), path, i + 1);
    }
    return rc;
}

static const bk_plugin plugin = {BK_PLUGIN_HEADER,
                                 .engines = BK_ENGINE_HARU | BK_ENGINE_CAIRO,
                                 .preferred_engine = BK_ENGINE_HARU,
                                 .name = "source_list",
                                 .version = "1.1.0",
                                 .summary = "The numbered list of sources the other sections cite",
                                 .license = "MIT",
                                 .options = options,
                                 .render = render};
BK_PLUGIN(plugin)
