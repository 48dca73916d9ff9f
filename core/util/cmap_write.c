/* Writing a ToUnicode CMap for glyph-id fonts (cmap_write.h): bfchar
 * entries, at most 100 to a block as the CMap format asks. */
#include "cmap_write.h"

void bk__cmap_put_char(bk_buf *b, uint32_t cp)
{
    if (cp >= 0x10000) {
        cp -= 0x10000;
        bk__buf_printf(b, "%04X%04X", (unsigned)(0xD800 + (cp >> 10)),
                       (unsigned)(0xDC00 + (cp & 0x3FF)));
    } else {
        bk__buf_printf(b, "%04X", (unsigned)cp);
    }
}

void bk__cmap_write(bk_buf *b, unsigned n_glyphs, bk_cmap_glyph_text text, const void *ctx)
{
    static const char head[] = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                               "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 "
                               ">> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                               "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    static const char foot[] = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    bk__buf_put(b, head, sizeof head - 1);
    unsigned total = 0, done = 0;
    for (unsigned g = 0; g < n_glyphs; g++)
        total += text(NULL, ctx, g) != 0;
    for (unsigned g = 0; g < n_glyphs; g++) {
        if (!text(NULL, ctx, g))
            continue;
        if (done % 100 == 0)
            bk__buf_printf(b, "%s%u beginbfchar\n", done ? "endbfchar\n" : "",
                           total - done < 100 ? total - done : 100);
        bk__buf_printf(b, "<%04X> <", g);
        text(b, ctx, g);
        bk__buf_put(b, ">\n", 2);
        done++;
    }
    if (done)
        bk__buf_put(b, "endbfchar\n", 10);
    bk__buf_put(b, foot, sizeof foot - 1);
}
