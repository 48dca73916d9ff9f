/* Build tool: writes a copy of a font without its TrueType hinting.
 *
 *   font_unhint IN OUT [INDEX]
 *
 * Every glyph (at its own glyph id), character, layout feature and name is
 * kept; only the hinting goes: the instructions in each glyph and the cvt,
 * fpgm, prep, hdmx and VDMX tables (HarfBuzz's subsetter with
 * HB_SUBSET_FLAGS_NO_HINTING). briefkit lays text out unhinted, so the
 * instructions change nothing it draws; but cairo copies them into every
 * font it embeds, a third of a briefing's bytes and of the time spent
 * compressing them. INDEX picks the face of a collection (default 0); the
 * copy is a single-face TrueType file. */
#include <stdio.h>
#include <stdlib.h>

#include <hb-subset.h>
#include <hb.h>

static void keep_all(hb_subset_input_t *in, hb_subset_sets_t which)
{
    hb_set_t *s = hb_subset_input_set(in, which);
    hb_set_clear(s);
    hb_set_invert(s);
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: font_unhint IN OUT [INDEX]\n");
        return 2;
    }
    unsigned index = argc == 4 ? (unsigned)strtoul(argv[3], NULL, 10) : 0;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(argv[1]);
    if (!blob) {
        fprintf(stderr, "font_unhint: %s: cannot read the file\n", argv[1]);
        return 1;
    }
    hb_face_t *face = hb_face_create(blob, index);
    unsigned glyphs = hb_face_get_glyph_count(face);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in || glyphs == 0) {
        fprintf(stderr, "font_unhint: %s: no font with glyphs at index %u\n", argv[1], index);
        return 1;
    }
    hb_face_collect_unicodes(face, hb_subset_input_unicode_set(in));
    hb_set_add_range(hb_subset_input_glyph_set(in), 0, glyphs - 1);
    keep_all(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
    keep_all(in, HB_SUBSET_SETS_NAME_ID);
    keep_all(in, HB_SUBSET_SETS_NAME_LANG_ID);
    hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG));
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_RETAIN_GIDS |
                                      HB_SUBSET_FLAGS_GLYPH_NAMES | HB_SUBSET_FLAGS_NAME_LEGACY |
                                      HB_SUBSET_FLAGS_NOTDEF_OUTLINE |
                                      HB_SUBSET_FLAGS_NO_PRUNE_UNICODE_RANGES);
    hb_face_t *out = hb_subset_or_fail(face, in);
    hb_blob_t *data = out ? hb_face_reference_blob(out) : NULL;
    unsigned len = 0;
    const char *bytes = data ? hb_blob_get_data(data, &len) : NULL;
    if (!bytes || len == 0) {
        fprintf(stderr, "font_unhint: %s: HarfBuzz could not copy the font\n", argv[1]);
        return 1;
    }
    FILE *f = fopen(argv[2], "wb");
    if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "font_unhint: %s: cannot write the copy\n", argv[2]);
        remove(argv[2]);
        return 1;
    }
    hb_blob_destroy(data);
    hb_face_destroy(out);
    hb_subset_input_destroy(in);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return 0;
}
