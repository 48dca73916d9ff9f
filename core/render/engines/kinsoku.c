/* Chinese line-breaking prohibitions (kinsoku.h).
 *
 * The lists follow the common practice of Chinese typesetting (GB/T 15834
 * punctuation; the 避头尾 sets word processors ship), restricted to the
 * characters a briefing uses: fullwidth and CJK punctuation, plus the
 * ASCII closing marks a mixed line may carry. */
#include "kinsoku.h"

static const uint32_t no_start[] = {
    0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01, /* 、。，．：；？！ */
    0xFF09, 0x3011, 0x300D, 0x300F, 0x300B, 0x3009, 0x3015, 0x3017, /* ）】」』》〉〕〗 */
    0xFF3D, 0xFF5D, 0x201D, 0x2019, 0x2026, 0x2025, 0x00B7, 0x30FB, /* ］｝”’…‥·・ */
    0xFF05, 0x2030, 0x2103, 0x3005, 0x309D, 0x309E,                 /* ％‰℃々ゝゞ */
    ',',    '.',    ':',    ';',    '?',    '!',    ')',    ']',    '}', '%'};

static const uint32_t no_end[] = {
    0xFF08, 0x3010, 0x300C, 0x300E, 0x300A, 0x3008, 0x3014, 0x3016, /* （【「『《〈〔〖 */
    0xFF3B, 0xFF5B, 0x201C, 0x2018, 0xFFE5, 0x00A5, 0xFF04,         /* ［｛“‘￥¥＄ */
    '(',    '[',    '{'};

static int in(const uint32_t *set, size_t n, uint32_t cp)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == cp)
            return 1;
    return 0;
}

int bk__kinsoku_no_start(uint32_t cp)
{
    return in(no_start, sizeof no_start / sizeof no_start[0], cp);
}

int bk__kinsoku_no_end(uint32_t cp)
{
    return in(no_end, sizeof no_end / sizeof no_end[0], cp);
}

int bk__kinsoku_may_break(uint32_t before, uint32_t after)
{
    return !bk__kinsoku_no_start(after) && !bk__kinsoku_no_end(before);
}

/* Spaces hang past a line's end, so the mark a line shows last is the last
 * character before them. */
static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x3000;
}

size_t bk__kinsoku_apply(const uint32_t *cps, size_t n, unsigned char *allow)
{
    size_t cleared = 0;
    size_t shown = n; /* the last character before i that is not a space; n: none */
    for (size_t i = 0; i + 1 < n; i++) {
        if (!is_space(cps[i]))
            shown = i;
        if (!allow[i])
            continue;
        if (bk__kinsoku_no_start(cps[i + 1]) || (shown < n && bk__kinsoku_no_end(cps[shown]))) {
            allow[i] = 0;
            cleared++;
        }
    }
    return cleared;
}
