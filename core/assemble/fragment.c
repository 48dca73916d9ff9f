/* Releasing a section fragment (fragment.h). */
#include "fragment.h"

#include <stdlib.h>
#include <string.h>

void bk__fragment_free(bk_fragment *f)
{
    if (!f)
        return;
    if (!f->shares_pdf)
        free(f->pdf);
    for (size_t i = 0; i < f->n_outline; i++)
        free(f->outline[i].title);
    free(f->outline);
    memset(f, 0, sizeof *f);
}
