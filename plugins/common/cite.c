/* Citations by source id (cite.h). */
#include "cite.h"

#include <stdio.h>
#include <string.h>

size_t bkp_source_number(const bk_node *data, const char *id)
{
    const bk_node *reg = bk_node_get(data, BKP_SOURCES_KEY);
    if (!id || bk_node_kind(reg) != BK_NODE_LIST)
        return 0;
    for (size_t i = 0; i < bk_node_len(reg); i++) {
        const char *rid = bk_node_str(bk_node_get(bk_node_at(reg, i), "id"));
        if (rid && strcmp(rid, id) == 0)
            return i + 1;
    }
    return 0;
}

void bkp_cite(const bk_node *data, const char *id, char *out, size_t size)
{
    size_t n = bkp_source_number(data, id);
    if (n)
        snprintf(out, size, "[%zu]", n);
    else
        snprintf(out, size, "%s", id ? id : "");
}

void bkp_cite_add(const bk_node *data, const char *id, char *list, size_t size)
{
    if (!id || !*id)
        return;
    char one[256];
    bkp_cite(data, id, one, sizeof one);
    if (strstr(list, one))
        return;
    size_t used = strlen(list);
    /* Numbers run together ("[1][3]"); unregistered names need a separator. */
    snprintf(list + used, size - used, "%s%s", used && one[0] != '[' ? "; " : "", one);
}
