/* What the libharu engine prepares before a fork (bk_engine_class.warm,
 * proto_new): its font subsets, and a prototype document.
 *
 * libharu's Type0 font set-up walks all 65,536 codes, a large part of a
 * briefing's cost. A batch sets the fonts up once for all its jobs: a
 * document with the Latin and CJK faces already loaded for the characters
 * (as bk_engine_setup has them), made in the parent before it forks, which
 * the first document a job's child starts takes over instead of starting
 * its own, when the fonts and characters match. The maker never takes it,
 * and nobody takes it twice. Only the fragment's object numbers differ
 * (fonts first), which the assembler renumbers, so a briefing's bytes are
 * the same either way. */
#include "engine_haru.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errors.h"

struct bk_engine_proto {
    bk_engine_ctx *c; /* NULL once taken */
    pid_t maker;
};

/* The faces warmed and a prototype loads: those of headings, body text and Chinese,
 * and the Latin ones also as Type0 fonts when the characters hold any they
 * draw that way (arrows, the minus sign: nearly always). A section that
 * draws none of one still carries it in its fragment; the assembler copies
 * only the fonts its pages use. */
static const bk_face proto_faces[] = {BK_FACE_SANS, BK_FACE_SANS_BOLD, BK_FACE_CJK};

static int needs_wide(const bk_engine_ctx *c, bk_face face)
{
    for (size_t i = 0; i < c->n_cps; i++)
        if (!bk__haru_cp1252(c->cps[i]) && c->cps[i] >= 0x80 &&
            bk__fonts_has_glyph(c->fonts, face, c->cps[i]))
            return 1;
    return 0;
}

int bk__haru_warm(bk_fonts *fonts, const uint32_t *cps, size_t n_cps, bk_error *err)
{
    int first = 0;
    for (size_t i = 0; i < sizeof proto_faces / sizeof proto_faces[0]; i++) {
        unsigned char *data = NULL;
        size_t len = 0;
        bk_error e;
        /* Kept by bk__fonts_subset for the documents to come; the copy
         * handed back is not needed. */
        if (bk__fonts_subset(fonts, proto_faces[i], cps, n_cps, &data, &len, &e) == 0)
            free(data);
        else if (!first)
            first = (*err = e).code;
    }
    return first;
}

int bk__haru_proto_new(bk_fonts *fonts, const uint32_t *cps, size_t n_cps,
                       bk_deflate_cache *deflated, bk_engine_proto **out, bk_error *err)
{
    *out = NULL;
    bk_engine_proto *p = calloc(1, sizeof *p);
    if (!p)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory preparing a libharu document");
    bk_engine_setup s = {
        .fonts = fonts, .codepoints = cps, .n_codepoints = n_cps, .deflated = deflated};
    int rc = bk__haru_doc_new(&s, &p->c, err);
    for (size_t i = 0; rc == 0 && i < sizeof proto_faces / sizeof proto_faces[0]; i++)
        if (!bk__haru_font(p->c, proto_faces[i], 0) ||
            (proto_faces[i] != BK_FACE_CJK && needs_wide(p->c, proto_faces[i]) &&
             !bk__haru_font(p->c, proto_faces[i], 1)))
            rc = bk__haru_report(p->c, err);
    if (rc) {
        bk__haru_proto_free(p);
        return rc;
    }
    p->maker = getpid();
    *out = p;
    return 0;
}

void bk__haru_proto_free(bk_engine_proto *p)
{
    if (!p)
        return;
    bk__haru_destroy(p->c);
    free(p);
}

static int same_codepoints(const bk_engine_ctx *a, const bk_engine_ctx *b)
{
    return a->n_cps == b->n_cps && memcmp(a->cps, b->cps, a->n_cps * sizeof *a->cps) == 0;
}

/* The prototype's document for `fresh`, when this process may take it:
 * not its maker, not taken before, the same fonts and the same characters
 * (so the output is what a document of its own would give). NULL: make a
 * document of its own. */
bk_engine_ctx *bk__haru_proto_take(bk_engine_proto *p, const bk_engine_ctx *fresh)
{
    if (!p || !p->c || p->maker == getpid() || p->c->fonts != fresh->fonts ||
        !same_codepoints(p->c, fresh) || bk__haru_failed(p->c))
        return NULL;
    bk_engine_ctx *c = p->c;
    p->c = NULL; /* never offered again in this process */
    return c;
}
