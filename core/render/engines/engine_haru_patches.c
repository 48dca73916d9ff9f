/* Where the libharu engine reaches into libharu's own structures. Each
 * function answers one thing libharu 2.3.0 (the version in Debian 12) does
 * not offer through its API, or does wrong; each says which, so a newer
 * libharu can be checked patch by patch. This is the only file that
 * includes libharu's private headers or touches its structs' fields. */
#include "engine_haru_patches.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>

#include "deflate_cache.h"

/* libharu 2.3.0 has no public page count, and HPDF_GetPageByIndex past the
 * end reports an error through the handler, which would fail the document. */
int bk__haru_patch_page_count(HPDF_Doc doc)
{
    return doc && doc->page_list ? (int)doc->page_list->count : 0;
}

/* libharu 2.3.0 shows text only through its encoders (a character's code,
 * mapped to a glyph by the font's cmap) and embeds only fonts it read
 * itself, so glyphs chosen by shaping (joined Arabic letters, stacked
 * Tibetan, ligatures) cannot be drawn through it. The engine makes its own
 * Type0 font here, as objects of the document: the descendant CID font and
 * descriptor now, their font file, widths and ToUnicode map at finish,
 * when the glyphs used are known. */
void *bk__haru_patch_cid_font_new(HPDF_Doc doc, const char *base_name)
{
    HPDF_MMgr m = doc->mmgr;
    HPDF_Xref x = doc->xref;
    HPDF_Dict type0 = HPDF_Dict_New(m), cid = HPDF_Dict_New(m), desc = HPDF_Dict_New(m);
    HPDF_Dict info = HPDF_Dict_New(m);
    HPDF_Array kids = HPDF_Array_New(m);
    if (!type0 || !cid || !desc || !info || !kids || HPDF_Xref_Add(x, type0) != HPDF_OK ||
        HPDF_Xref_Add(x, cid) != HPDF_OK || HPDF_Xref_Add(x, desc) != HPDF_OK)
        return NULL;
    HPDF_STATUS st = HPDF_Dict_AddName(type0, "Type", "Font");
    st += HPDF_Dict_AddName(type0, "Subtype", "Type0");
    st += HPDF_Dict_AddName(type0, "BaseFont", base_name);
    st += HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
    st += HPDF_Array_Add(kids, cid);
    st += HPDF_Dict_Add(type0, "DescendantFonts", kids);
    st += HPDF_Dict_AddName(cid, "Type", "Font");
    st += HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
    st += HPDF_Dict_AddName(cid, "BaseFont", base_name);
    st += HPDF_Dict_Add(info, "Registry", HPDF_String_New(m, "Adobe", NULL));
    st += HPDF_Dict_Add(info, "Ordering", HPDF_String_New(m, "Identity", NULL));
    st += HPDF_Dict_AddNumber(info, "Supplement", 0);
    st += HPDF_Dict_Add(cid, "CIDSystemInfo", info);
    st += HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
    st += HPDF_Dict_AddNumber(cid, "DW", 1000);
    st += HPDF_Dict_Add(cid, "FontDescriptor", desc);
    st += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    st += HPDF_Dict_AddName(desc, "FontName", base_name);
    st += HPDF_Dict_AddNumber(desc, "Flags", 4);
    st += HPDF_Dict_AddNumber(desc, "ItalicAngle", 0);
    st += HPDF_Dict_AddNumber(desc, "StemV", 80);
    return st == HPDF_OK ? type0 : NULL;
}

static HPDF_Dict stream_of(HPDF_Doc doc, const void *data, size_t len)
{
    HPDF_Dict s = HPDF_DictStream_New(doc->mmgr, doc->xref);
    if (!s || HPDF_Stream_Write(s->stream, data, (HPDF_UINT)len) != HPDF_OK)
        return NULL;
    s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return s;
}

int bk__haru_patch_cid_font_finish(HPDF_Doc doc, void *type0_, const bk_haru_cid_font_data *d)
{
    HPDF_Dict type0 = type0_;
    HPDF_MMgr m = doc->mmgr;
    HPDF_Array kids = HPDF_Dict_GetItem(type0, "DescendantFonts", HPDF_OCLASS_ARRAY);
    HPDF_Dict cid = kids ? HPDF_Array_GetItem(kids, 0, HPDF_OCLASS_DICT) : NULL;
    HPDF_Dict desc = cid ? HPDF_Dict_GetItem(cid, "FontDescriptor", HPDF_OCLASS_DICT) : NULL;
    HPDF_Dict file = stream_of(doc, d->file, d->file_len);
    HPDF_Dict tu = stream_of(doc, d->cmap, d->cmap_len);
    HPDF_Array w = HPDF_Array_New(m), bbox = HPDF_Array_New(m);
    if (!desc || !file || !tu || !w || !bbox)
        return -1;
    HPDF_STATUS st = HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)d->file_len);
    for (size_t i = 0; i < d->n;) {
        HPDF_Array run = HPDF_Array_New(m);
        if (!run)
            return -1;
        st += HPDF_Array_AddNumber(w, (HPDF_INT32)d->gids[i]);
        size_t j = i;
        do
            st += HPDF_Array_AddNumber(run, d->widths[j++]);
        while (j < d->n && d->gids[j] == d->gids[j - 1] + 1);
        st += HPDF_Array_Add(w, run);
        i = j;
    }
    for (int i = 0; i < 4; i++)
        st += HPDF_Array_AddNumber(bbox, d->bbox[i]);
    st += HPDF_Dict_Add(cid, "W", w);
    st += HPDF_Dict_Add(desc, "FontBBox", bbox);
    st += HPDF_Dict_AddNumber(desc, "Ascent", d->ascent);
    st += HPDF_Dict_AddNumber(desc, "Descent", d->descent);
    st += HPDF_Dict_AddNumber(desc, "CapHeight", d->ascent);
    st += HPDF_Dict_Add(desc, "FontFile2", file);
    st += HPDF_Dict_Add(type0, "ToUnicode", tu);
    return st == HPDF_OK ? 0 : -1;
}

/* As HPDF_Page_SetFontAndSize files a font of its own: the page's /Font
 * dictionary, made on first use. */
int bk__haru_patch_page_font(HPDF_Page page, const char *name, void *font_)
{
    HPDF_Dict font = font_;
    HPDF_PageAttr attr = page->attr;
    if (!attr->fonts) {
        HPDF_Dict res = HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT);
        HPDF_Dict fonts = res ? HPDF_Dict_New(page->mmgr) : NULL;
        if (!fonts || HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK)
            return -1;
        attr->fonts = fonts;
    }
    if (HPDF_Dict_GetItem(attr->fonts, name, HPDF_OCLASS_DICT) == font)
        return 0;
    return HPDF_Dict_Add(attr->fonts, name, font) == HPDF_OK ? 0 : -1;
}

int bk__haru_patch_page_write(HPDF_Page page, const char *ops, size_t len)
{
    HPDF_PageAttr attr = page->attr;
    return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)ops, (HPDF_UINT)len) == HPDF_OK ? 0
                                                                                              : -1;
}
