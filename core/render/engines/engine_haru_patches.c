/* Where the libharu engine reaches into libharu's own structures. Each
 * function answers one thing libharu 2.3.0 (the version in Debian 12) does
 * not offer through its API, or does wrong; each says which, so a newer
 * libharu can be checked patch by patch. This is the only file that
 * includes libharu's private headers or touches its structs' fields. */
#define _GNU_SOURCE /* fmemopen */
#include "engine_haru_patches.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>

#include "deflate_cache.h"

/* libharu 2.3.0 tags an embedded TrueType font by counting the fonts loaded
 * before it (HPDFAA, HPDFAB, ...: HPDF_Doc's ttfont_tag, stepped before
 * use), so a document's bytes depend on the order its faces were first
 * drawn in, and a prototype document (which loads them up front) would
 * write other bytes than a document of its own. There is no setter: the
 * tag is set per face instead, one step before the face's own letter. */
void bk__haru_patch_font_tag(HPDF_Doc doc, int face)
{
    memcpy(doc->ttfont_tag, "HPDFA", 5);
    doc->ttfont_tag[5] = (HPDF_BYTE)('A' + face - 1);
}

/* libharu 2.3.0 has no loader from memory (the engine hands it a memfd) and
 * keeps its FILE stream on the font file to read the glyphs again at save:
 * a seek and a read per glyph, and a file position that the forked takers
 * of a prototype document would share. The stream's FILE is swapped for one
 * on the same bytes in memory: no system calls, and each process its own. */
int bk__haru_patch_font_from_memory(HPDF_Doc doc, const char *name, unsigned char *data, size_t len,
                                    const char **why)
{
    HPDF_FontDef def = HPDF_GetFontDef(doc, name);
    HPDF_TTFontDefAttr attr = def ? def->attr : NULL;
    FILE *fp = attr && attr->stream ? attr->stream->attr : NULL;
    FILE *mem = fp ? fmemopen(data, len, "rb") : NULL;
    if (!mem) {
        *why = fp ? strerror(errno) : "libharu keeps no stream on it";
        return -1;
    }
    fclose(fp);
    attr->stream->attr = mem;
    return 0;
}

/* libharu 2.3.0 gives every Type0 font a CIDToGIDMap of 128 KB, mostly
 * zeros, and at every save copies it byte by byte and deflates it: most of
 * the cost of saving a section, for a map that is the same in every
 * briefing with the same characters. The map (HPDF_FontAttr's map_stream)
 * is deflated once here, through `deflated` (deflate_cache.h), stored deflated and
 * marked; bk__haru_patch_fonts_before_save keeps the save from deflating it
 * again, and the repair at assembly names its filter. */
int bk__haru_patch_deflate_cid_map(HPDF_Doc doc, HPDF_Font font, bk_deflate_cache *deflated,
                                   HPDF_STATUS *handler_error)
{
    HPDF_FontAttr attr = font->attr;
    HPDF_Stream st = attr && attr->map_stream ? attr->map_stream->stream : NULL;
    HPDF_UINT size = st ? HPDF_Stream_Size(st) : 0;
    if (size == 0)
        return 0;
    unsigned char *raw = malloc(size), *z = NULL;
    size_t zlen = 0;
    int ok = raw && HPDF_Stream_Seek(st, 0, HPDF_SEEK_SET) == HPDF_OK &&
             HPDF_Stream_Read(st, raw, &size) == HPDF_OK;
    /* Reading to the end reports HPDF_STREAM_EOF; it is no failure. */
    if (*handler_error == HPDF_STREAM_EOF) {
        *handler_error = 0;
        HPDF_ResetError(doc);
    }
    ok = ok && bk__deflate(deflated, raw, size, &z, &zlen) == 0;
    free(raw);
    if (ok) {
        HPDF_MemStream_FreeData(st);
        ok = HPDF_Stream_Write(st, z, (HPDF_UINT)zlen) == HPDF_OK &&
             HPDF_Dict_AddBoolean(attr->map_stream, BK_HARU_DEFLATED_KEY, HPDF_TRUE) == HPDF_OK;
    }
    free(z);
    return ok ? 0 : -1;
}

static int is_font(const void *obj)
{
    const HPDF_Obj_Header *h = obj;
    return (h->obj_class & 0xFF00) == HPDF_OSUBCLASS_FONT;
}

/* The other half of the CIDToGIDMap patch: libharu 2.3.0 makes a font's
 * descriptor and font file in the font's before_write_fn, when the save
 * reaches it, and there deflates the CIDToGIDMap at every save. So every
 * font's descriptor and font file are made now, as the save would, in the
 * same order (so the same objects), then the deflate is taken off the
 * Type0 fonts' own streams: a font file takes its filter when it is made,
 * the CIDToGIDMap at every save. A Type0 font a plugin made itself keeps a
 * raw map, which the repair at assembly deflates. */
int bk__haru_patch_fonts_before_save(HPDF_Doc doc, const HPDF_STATUS *handler_error)
{
    HPDF_List entries = doc->xref->entries;
    for (HPDF_UINT i = 0; i < entries->count; i++) {
        HPDF_XrefEntry e = HPDF_List_ItemAt(entries, i);
        HPDF_Dict font = e ? e->obj : NULL;
        if (!font || !is_font(font) || !font->before_write_fn)
            continue;
        if (font->before_write_fn(font) != HPDF_OK || *handler_error != 0)
            return -1;
        HPDF_FontAttr attr = font->attr;
        if (attr && attr->map_stream)
            font->filter = HPDF_STREAM_FILTER_NONE;
    }
    return 0;
}

/* libharu 2.3.0 has no public page count, and HPDF_GetPageByIndex past the
 * end reports an error through the handler, which would fail the document. */
int bk__haru_patch_page_count(HPDF_Doc doc)
{
    return doc && doc->page_list ? (int)doc->page_list->count : 0;
}
