/* Fuzz target: the font loader (bk__fonts_open) on a fuzzed file standing in
 * for the body face, beside the real bold, mono and CJK faces. The loader
 * must refuse, with a reason, whatever HarfBuzz or libharu could not use
 * (libharu dies on some of it: DESIGN.md); what it accepts must then answer
 * glyph look-ups, metrics and a subset without crashing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fonts.h"
#include "fuzz.h"

static const char *const others[] = {"DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf",
                                     "wqy-microhei.ttc"};
static char dir[64];

static void remove_work_dir(void)
{
    char p[128];
    snprintf(p, sizeof p, "%s/DejaVuSans.ttf", dir);
    unlink(p);
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, others[i]);
        unlink(p);
    }
    rmdir(dir);
}

/* A font folder of this process's own: the real faces linked in, the body
 * face written anew for each input. */
static const char *work_dir(void)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/bk_fuzz_fonts_XXXXXX");
        if (!mkdtemp(dir))
            abort();
        for (size_t i = 0; i < 3; i++) {
            char from[1024], to[128];
            snprintf(from, sizeof from, "%s/%s", BK_FUZZ_FONT_DIR, others[i]);
            snprintf(to, sizeof to, "%s/%s", dir, others[i]);
            if (symlink(from, to))
                abort();
        }
        atexit(remove_work_dir);
    }
    return dir;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/DejaVuSans.ttf", work_dir());
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if ((size && fwrite(data, 1, size, f) != size) || fclose(f))
        abort();
    bk_fonts *fonts = NULL;
    bk_error err;
    if (bk__fonts_open(work_dir(), &fonts, &err) != 0) {
        if (!err.msg[0] || fonts)
            __builtin_trap(); /* every refusal says why, and leaves nothing */
        return 0;
    }
    static const uint32_t cps[] = {' ', '1', 'A', 'b', 0xE9, 0x4E2D};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++)
        (void)bk__fonts_has_glyph(fonts, BK_FACE_SANS, cps[i]);
    double ascent, descent;
    bk__fonts_v_metrics(fonts, BK_FACE_SANS, &ascent, &descent);
    unsigned char *sub = NULL;
    size_t len = 0;
    /* The glyphs of the first few ids, kept at their ids, as the libharu
     * engine and the assembler cut faces. */
    unsigned char used[8] = {1, 1, 1, 1, 0, 1, 0, 1};
    if (bk__fonts_subset_glyphs(fonts, BK_FACE_SANS, used, sizeof used, &sub, &len, &err) == 0) {
        if (!sub || !len)
            __builtin_trap();
        free(sub);
    }
    bk__fonts_free(fonts);
    return 0;
}
