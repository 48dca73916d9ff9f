/* The chain of faces behind each font role (font_chain.h says why one chain
 * serves both engines and the coverage check). The order is fixed here and
 * nowhere else: the libharu engine asks bk__font_chain_face_in for the face
 * of each character, the Cairo engine gives Pango the same families in the
 * same order (bk__fonts_pango_family), and the coverage check asks
 * bk__font_chain_covers before anything is drawn. In Chinese text the
 * punctuation Latin faces draw narrow takes the Chinese face first
 * (bk__font_chain_face_in), in both engines too. */
#include "font_chain.h"

#include <stdio.h>
#include <string.h>

#include <briefkit/blocks.h>

size_t bk__font_chain(const bk_fonts *f, int role, bk_face faces[BK_FONT_CHAIN_MAX])
{
    static const bk_face fallbacks[] = {BK_FACE_SANS,     BK_FACE_CJK,       BK_FACE_ARABIC,
                                        BK_FACE_TIBETAN,  BK_FACE_MONGOLIAN, BK_FACE_CJK_EXT_A,
                                        BK_FACE_CJK_EXT_B};
    bk_face latin, cjk;
    bk__fonts_faces_for(f, role, &latin, &cjk);
    size_t n = 0;
    faces[n++] = latin;
    /* A document style's Chinese face for the role (fonts.h) comes before
     * the fallbacks every role shares. */
    if (cjk != latin && cjk != BK_FACE_CJK)
        faces[n++] = cjk;
    for (size_t i = 0; i < sizeof fallbacks / sizeof *fallbacks; i++) {
        int seen = 0;
        for (size_t k = 0; k < n; k++)
            seen |= faces[k] == fallbacks[i];
        if (!seen)
            faces[n++] = fallbacks[i];
    }
    return n;
}

int bk__font_chain_face(const bk_fonts *f, int role, uint32_t cp)
{
    bk_face faces[BK_FONT_CHAIN_MAX];
    size_t n = bk__font_chain(f, role, faces);
    for (size_t i = 0; i < n; i++)
        if (bk__fonts_has_glyph(f, faces[i], cp))
            return (int)faces[i];
    return -1;
}

int bk__font_chain_zh_punct(uint32_t cp)
{
    return cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D || cp == 0x2026 ||
           cp == 0x2025 || cp == 0x2014 || cp == 0x2015 || cp == 0x00B7;
}

bk_face bk__font_chain_zh_face(const bk_fonts *f, int role)
{
    bk_face latin, cjk;
    bk__fonts_faces_for(f, role, &latin, &cjk);
    return cjk;
}

int bk__font_chain_face_in(const bk_fonts *f, int role, const char *lang, uint32_t cp)
{
    if (lang && strcmp(lang, "zh") == 0 && bk__font_chain_zh_punct(cp)) {
        bk_face zh = bk__font_chain_zh_face(f, role);
        if (bk__fonts_has_glyph(f, zh, cp))
            return (int)zh;
    }
    return bk__font_chain_face(f, role, cp);
}

int bk__font_chain_ignorable(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0x34F ||
           (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || (cp >= 0xE0100 && cp <= 0xE01EF);
}

int bk__font_chain_covers(const bk_fonts *f, uint32_t cp)
{
    if (bk__font_chain_ignorable(cp))
        return 1;
    /* Every role's chain ends in the body face and the Chinese face, so
     * those two decide for all of them. */
    return bk__font_chain_face(f, BK_FONT_BODY, cp) >= 0;
}

void bk__font_chain_names(const bk_fonts *f, char *buf, size_t size)
{
    bk_face faces[BK_FONT_CHAIN_MAX];
    size_t n = bk__font_chain(f, BK_FONT_BODY, faces), len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < size; i++) {
        int w =
            snprintf(buf + len, size - len, "%s%s", i ? ", " : "", bk__fonts_family(f, faces[i]));
        if (w < 0)
            break;
        len += (size_t)w;
    }
}
