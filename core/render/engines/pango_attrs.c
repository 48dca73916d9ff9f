/* The attributes of the Cairo engine's Pango layouts (pango_attrs.h).
 *
 * The prohibitions are applied to the breaks pango_get_log_attrs finds for
 * the text in the context's language, which are the breaks the layout
 * starts from (UAX #14 and Pango's tailoring); an attribute is added only
 * where a break is removed, so text the rules leave alone is itemized and
 * shaped exactly as before. */
#include "pango_attrs.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font_chain.h"
#include "kinsoku.h"

static void add(PangoAttrList **list, PangoAttribute *a, size_t from, size_t to)
{
    if (!a)
        return;
    if (!*list)
        *list = pango_attr_list_new();
    a->start_index = (guint)from;
    a->end_index = (guint)to;
    pango_attr_list_insert(*list, a);
}

/* Runs of bk__font_chain_zh_punct characters get the role's Chinese
 * family first, then the role's own list: the face the libharu engine
 * takes for them (bk__font_chain_face_in), falling back the same way. */
static void zh_punctuation(PangoAttrList **list, const bk_fonts *fonts, int role, const char *utf8,
                           size_t len)
{
    char family[1024] = "";
    size_t run = len; /* start of the current run; len: none */
    for (const char *p = utf8;; p = g_utf8_next_char(p)) {
        size_t at = (size_t)(p - utf8);
        int punct = at < len && bk__font_chain_zh_punct(g_utf8_get_char(p));
        if (punct && run == len)
            run = at;
        if (!punct && run < len) {
            if (!family[0])
                snprintf(family, sizeof family, "%s, %s",
                         bk__fonts_family(fonts, bk__font_chain_zh_face(fonts, role)),
                         bk__fonts_pango_family(fonts, role));
            add(list, pango_attr_family_new(family), run, at);
            run = len;
        }
        if (at >= len)
            break;
    }
}

/* Every break Pango would take that kinsoku.c forbids is taken away: an
 * allow-breaks attribute over the characters either side of it. */
static void prohibitions(PangoAttrList **list, PangoLanguage *language, const char *utf8,
                         size_t len)
{
    glong n = g_utf8_strlen(utf8, (gssize)len);
    if (n < 2)
        return;
    PangoLogAttr *la = g_try_new(PangoLogAttr, n + 1);
    uint32_t *cps = malloc((size_t)n * sizeof *cps);
    size_t *at = malloc(((size_t)n + 1) * sizeof *at);
    unsigned char *allow = malloc((size_t)n);
    if (la && cps && at && allow) {
        pango_get_log_attrs(utf8, (int)len, -1, language, la, (int)n + 1);
        const char *p = utf8;
        for (glong i = 0; i < n; i++, p = g_utf8_next_char(p)) {
            cps[i] = g_utf8_get_char(p);
            at[i] = (size_t)(p - utf8);
        }
        at[n] = len;
        /* la[i + 1]: a break before character i + 1, after character i. */
        for (glong i = 0; i < n; i++)
            allow[i] = la[i + 1].is_line_break && !la[i + 1].is_mandatory_break;
        /* Characters [from, to) hold no break inside: Pango clears the
         * breaks strictly inside each stretch of the attribute list, so
         * overlapping ranges are joined and touching ones kept apart. */
        glong from = -1, to = -1;
        if (bk__kinsoku_apply(cps, (size_t)n, allow) > 0)
            for (glong i = 0; i + 1 < n; i++) {
                if (!la[i + 1].is_line_break || la[i + 1].is_mandatory_break || allow[i])
                    continue;
                if (i < to) {
                    to = i + 2;
                    continue;
                }
                if (from >= 0)
                    add(list, pango_attr_allow_breaks_new(FALSE), at[from], at[to]);
                from = i;
                to = i + 2;
            }
        if (from >= 0)
            add(list, pango_attr_allow_breaks_new(FALSE), at[from], at[to]);
    }
    g_free(la);
    free(cps);
    free(at);
    free(allow);
}

PangoAttrList *bk__pango_attrs(const bk_fonts *fonts, int role, const char *lang,
                               PangoLanguage *language, int breaking, const char *utf8, size_t len)
{
    if (len == 0 || len > INT32_MAX || !g_utf8_validate(utf8, (gssize)len, NULL))
        return NULL;
    PangoAttrList *list = NULL;
    if (lang && strcmp(lang, "zh") == 0)
        zh_punctuation(&list, fonts, role, utf8, len);
    if (breaking)
        prohibitions(&list, language, utf8, len);
    return list;
}

void bk__pango_set_text(PangoLayout *layout, const bk_fonts *fonts, int role, const char *lang,
                        int breaking, const char *utf8, size_t len)
{
    PangoLanguage *language = pango_context_get_language(pango_layout_get_context(layout));
    PangoAttrList *attrs = bk__pango_attrs(fonts, role, lang, language, breaking, utf8, len);
    pango_layout_set_attributes(layout, attrs);
    if (attrs)
        pango_attr_list_unref(attrs);
    pango_layout_set_text(layout, utf8, (int)len);
}
