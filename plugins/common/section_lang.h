/* The language of a built-in plugin's section: whether it is set in
 * Chinese (`lang: zh`), and the one of two texts that goes with it.
 * Compiled into each plugin that includes it (a plugin links no
 * libbriefkit), so not part of the SDK. */
#ifndef BKP_SECTION_LANG_H
#define BKP_SECTION_LANG_H

#include <string.h>

#include <briefkit/plugin.h>

static inline int bkp_is_zh(const bk_section *sec)
{
    return sec->lang && strcmp(sec->lang, "zh") == 0;
}

static inline const char *bkp_tr(const bk_section *sec, const char *en, const char *zh)
{
    return bkp_is_zh(sec) ? zh : en;
}

#endif
