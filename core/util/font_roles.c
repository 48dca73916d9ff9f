/* Font role names (font_roles.h). */
#include "font_roles.h"

#include <string.h>

static const char *const names[BK_ROLE_COUNT_] = {"title", "heading", "kai", "body", "latin"};

const char *bk__font_role_name(int role)
{
    return role >= 0 && role < BK_ROLE_COUNT_ ? names[role] : "?";
}

int bk__font_role_parse(const char *name)
{
    for (int r = 0; r < BK_ROLE_COUNT_; r++)
        if (strcmp(name, names[r]) == 0)
            return r;
    return -1;
}
