/* YAML into a bk_node tree, through libyaml's event parser.
 *
 * We walk parser events rather than libyaml's document API because the
 * document API has already lost what we need to defend ourselves: by the
 * time it returns, a 100k-deep flow sequence has cost quadratic time, an
 * alias bomb has been accepted as shared nodes, duplicate keys have been
 * merged silently and NUL bytes sit inside "strings". With events we check
 * each hazard (DESIGN.md) as it arrives and stop at the first one, with a
 * file:line:col that points at the YAML at fault.
 *
 * Aliases are kept as shared nodes (the tree is a DAG), but every use of an
 * alias adds the anchored subtree's full size to the node count, so the
 * count is what a naive walk of the tree would visit: a billion-laughs file
 * stops at max_nodes instead of exploding in whatever walks it later. An
 * alias to an anchor that is still open would make a cycle and is refused.
 *
 * Temporary state (the input buffer, the parse stack, anchors, the
 * duplicate-key table) is malloc'd and freed before returning; only the
 * finished nodes go into the caller's arena. Reading files, with a size
 * cap, and the cache of parsed files are yaml_file.c's. */
#include "yaml_load.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "errors.h"

#define BK_YAML_DEFAULT_MAX_BYTES ((size_t)16 * 1024 * 1024)
#define BK_YAML_DEFAULT_MAX_DEPTH 64
#define BK_YAML_DEFAULT_MAX_NODES ((size_t)1000 * 1000)
#define BK_YAML_DEFAULT_MAX_STRING ((size_t)1024 * 1024)

void bk__yaml_limits_default(bk_yaml_limits *lim)
{
    lim->max_bytes = BK_YAML_DEFAULT_MAX_BYTES;
    lim->max_depth = BK_YAML_DEFAULT_MAX_DEPTH;
    lim->max_nodes = BK_YAML_DEFAULT_MAX_NODES;
    lim->max_string = BK_YAML_DEFAULT_MAX_STRING;
}

typedef struct anchor {
    char *name; /* malloc'd */
    const bk_node *node;
    size_t size; /* nodes in the subtree, alias expansions included */
    int open;    /* its collection has not ended yet */
} anchor;

typedef struct frame {
    bk_node *node;       /* the LIST or MAP being filled */
    const bk_node *key;  /* MAP: the key waiting for its value */
    size_t anchor;       /* index into anchors, or SIZE_MAX */
    size_t nodes_before; /* node count when the collection started */
} frame;

/* One entry per map key seen, to find duplicates in O(1) rather than
 * scanning the map: a data file may hold maps with many thousands of keys. */
typedef struct key_slot {
    const bk_node *map;
    const bk_node *key;
} key_slot;

typedef struct loader {
    bk_arena *a;
    const char *file; /* in the arena */
    bk_yaml_limits lim;
    bk_error *err;
    const char *buf;
    size_t len;

    frame *stack;
    size_t depth, stack_cap;
    anchor *anchors;
    size_t n_anchors, anchors_cap;
    key_slot *keys;
    size_t n_keys, keys_cap; /* keys_cap is a power of two */
    size_t nodes;
    const bk_node *root;
    int documents;
} loader;

static bk_loc mark_loc(const loader *L, yaml_mark_t m)
{
    bk_loc loc = {L->file, (int)m.line + 1, (int)m.column + 1};
    return loc;
}

static int oom(loader *L)
{
    return bk__error(L->err, BK_ENOMEM, NULL, "out of memory while reading %s", L->file);
}

static int count_nodes(loader *L, size_t n, const bk_loc *loc, int from_alias)
{
    if (n > L->lim.max_nodes - L->nodes) {
        if (from_alias)
            return bk__error(L->err, BK_ELIMIT, loc, "aliases expand to more than %zu nodes",
                             L->lim.max_nodes);
        return bk__error(L->err, BK_ELIMIT, loc, "more than %zu nodes in the file",
                         L->lim.max_nodes);
    }
    L->nodes += n;
    return 0;
}

static size_t key_hash(const bk_node *map, const char *s, size_t len)
{
    size_t h = (size_t)14695981039346656037ULL ^ (size_t)(uintptr_t)map;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= (size_t)1099511628211ULL;
    }
    return h;
}

static int keys_insert_slot(key_slot *slots, size_t cap, const bk_node *map, const bk_node *key,
                            const bk_node **dup)
{
    size_t i = key_hash(map, key->str, key->len) & (cap - 1);
    while (slots[i].map) {
        const bk_node *k = slots[i].key;
        if (slots[i].map == map && k->len == key->len && memcmp(k->str, key->str, k->len) == 0) {
            *dup = k;
            return 1;
        }
        i = (i + 1) & (cap - 1);
    }
    slots[i].map = map;
    slots[i].key = key;
    return 0;
}

/* Records `key` for `map`; sets *dup to the earlier key node when the map
 * already has it. */
static int keys_add(loader *L, const bk_node *map, const bk_node *key, const bk_node **dup)
{
    *dup = NULL;
    if ((L->n_keys + 1) * 2 > L->keys_cap) {
        size_t cap = L->keys_cap ? L->keys_cap * 2 : 64;
        key_slot *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return oom(L);
        for (size_t i = 0; i < L->keys_cap; i++) {
            const bk_node *ignored;
            if (L->keys[i].map)
                keys_insert_slot(slots, cap, L->keys[i].map, L->keys[i].key, &ignored);
        }
        free(L->keys);
        L->keys = slots;
        L->keys_cap = cap;
    }
    if (!keys_insert_slot(L->keys, L->keys_cap, map, key, dup))
        L->n_keys++;
    return 0;
}

static int anchor_add(loader *L, const char *name, const bk_node *node, size_t size, int open,
                      size_t *index)
{
    if (L->n_anchors == L->anchors_cap) {
        size_t cap = L->anchors_cap ? L->anchors_cap * 2 : 16;
        anchor *an = realloc(L->anchors, cap * sizeof *an);
        if (!an)
            return oom(L);
        L->anchors = an;
        L->anchors_cap = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return oom(L);
    anchor *an = &L->anchors[L->n_anchors];
    an->name = copy;
    an->node = node;
    an->size = size;
    an->open = open;
    if (index)
        *index = L->n_anchors;
    L->n_anchors++;
    return 0;
}

/* YAML lets an anchor name be reused; an alias means the latest one. */
static const anchor *anchor_find(const loader *L, const char *name)
{
    for (size_t i = L->n_anchors; i-- > 0;)
        if (strcmp(L->anchors[i].name, name) == 0)
            return &L->anchors[i];
    return NULL;
}

static frame *top(loader *L)
{
    return L->depth ? &L->stack[L->depth - 1] : NULL;
}

/* Is the next node in the current map a key? */
static int expecting_key(loader *L)
{
    frame *f = top(L);
    return f && f->node->type == BK_NODE_MAP && !f->key;
}

static int set_key(loader *L, const bk_node *key)
{
    frame *f = top(L);
    const bk_node *first;
    int rc = keys_add(L, f->node, key, &first);
    if (rc)
        return rc;
    if (first)
        return bk__error(L->err, BK_ESYNTAX, &key->loc, "duplicate key \"%s\" (first at line %d)",
                         key->str, first->loc.line);
    f->key = key;
    return 0;
}

static int add_value(loader *L, const bk_node *value)
{
    frame *f = top(L);
    if (!f) {
        L->root = value;
        return 0;
    }
    int rc = bk__node_append(L->a, f->node, f->key, value);
    f->key = NULL;
    return rc ? oom(L) : 0;
}

static int is_null_word(const char *s, size_t len)
{
    static const char *const words[] = {"", "~", "null", "Null", "NULL"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == len && memcmp(words[i], s, len) == 0)
            return 1;
    return 0;
}

/* YAML tags outside the core schema ask a loader to build something
 * (!!python/object), to read another file (!include) or mean what only
 * their author knows (!zone): briefkit reads plain data, so it refuses them
 * at their place rather than ignore them and read the text as if untagged.
 * The non-specific "!" and the core schema's own tags are fine. */
static int check_tag(loader *L, const yaml_char_t *tag, const bk_loc *loc)
{
    static const char *const core[] = {"!",
                                       "tag:yaml.org,2002:str",
                                       "tag:yaml.org,2002:int",
                                       "tag:yaml.org,2002:float",
                                       "tag:yaml.org,2002:bool",
                                       "tag:yaml.org,2002:null",
                                       "tag:yaml.org,2002:seq",
                                       "tag:yaml.org,2002:map",
                                       NULL};
    if (!tag)
        return 0;
    for (const char *const *c = core; *c; c++)
        if (strcmp((const char *)tag, *c) == 0)
            return 0;
    static const char yaml_prefix[] = "tag:yaml.org,2002:";
    const char *t = (const char *)tag;
    int secondary = strncmp(t, yaml_prefix, sizeof yaml_prefix - 1) == 0;
    return bk__error(L->err, BK_ESYNTAX, loc,
                     "unknown YAML tag %s%s: briefkit reads plain data and knows only the core "
                     "schema's tags (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map); "
                     "remove the tag",
                     secondary ? "!!" : "", secondary ? t + sizeof yaml_prefix - 1 : t);
}

static int on_scalar(loader *L, const yaml_event_t *ev)
{
    bk_loc loc = mark_loc(L, ev->start_mark);
    int rc = check_tag(L, ev->data.scalar.tag, &loc);
    if (rc)
        return rc;
    const char *value = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    if (len > L->lim.max_string)
        return bk__error(L->err, BK_ELIMIT, &loc, "text longer than %zu bytes", L->lim.max_string);
    if (memchr(value, '\0', len))
        return bk__error(L->err, BK_ESYNTAX, &loc,
                         "text contains a NUL character (\\0), which briefkit cannot use");
    rc = count_nodes(L, 1, &loc, 0);
    if (rc)
        return rc;
    /* !!str null is the text "null", as a quoted "null" is. */
    int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                !(ev->data.scalar.tag &&
                  strcmp((const char *)ev->data.scalar.tag, "tag:yaml.org,2002:str") == 0);
    int key = expecting_key(L);
    bk_node *n;
    if (!key && plain && is_null_word(value, len)) {
        n = bk__node_new(L->a, BK_NODE_NULL, loc);
    } else {
        n = bk__node_new(L->a, BK_NODE_STRING, loc);
        if (n) {
            n->str = bk__arena_strndup(L->a, value, len);
            n->len = len;
            n->quoted = !plain;
            if (!n->str)
                n = NULL;
        }
    }
    if (!n)
        return oom(L);
    if (ev->data.scalar.anchor) {
        rc = anchor_add(L, (const char *)ev->data.scalar.anchor, n, 1, 0, NULL);
        if (rc)
            return rc;
    }
    return key ? set_key(L, n) : add_value(L, n);
}

static int on_alias(loader *L, const yaml_event_t *ev)
{
    bk_loc loc = mark_loc(L, ev->start_mark);
    const char *name = (const char *)ev->data.alias.anchor;
    const anchor *an = anchor_find(L, name);
    if (!an)
        return bk__error(L->err, BK_ESYNTAX, &loc, "alias *%s has no anchor &%s before it", name,
                         name);
    if (an->open)
        return bk__error(L->err, BK_ESYNTAX, &loc,
                         "alias *%s is inside the node it refers to (a cycle)", name);
    int rc = count_nodes(L, an->size, &loc, 1);
    if (rc)
        return rc;
    if (!expecting_key(L))
        return add_value(L, an->node);
    if (an->node->type != BK_NODE_STRING)
        return bk__error(L->err, BK_ESYNTAX, &loc, "a map key must be text, but *%s is %s", name,
                         bk__node_kind_name(an->node));
    /* A fresh key node, so the key's location is where the alias is. */
    bk_node *k = bk__node_new(L->a, BK_NODE_STRING, loc);
    if (!k)
        return oom(L);
    k->str = an->node->str;
    k->len = an->node->len;
    k->quoted = an->node->quoted;
    return set_key(L, k);
}

static int on_collection_start(loader *L, const yaml_event_t *ev, bk_node_type type)
{
    bk_loc loc = mark_loc(L, ev->start_mark);
    const char *kind = type == BK_NODE_LIST ? "a list" : "a map";
    int rc = check_tag(
        L, type == BK_NODE_LIST ? ev->data.sequence_start.tag : ev->data.mapping_start.tag, &loc);
    if (rc)
        return rc;
    if (expecting_key(L))
        return bk__error(L->err, BK_ESYNTAX, &loc, "a map key must be text, not %s", kind);
    /* Checked before descending: libyaml itself has no limit, and deep flow
     * nesting costs it quadratic time, so we stop at the first level too
     * many rather than let it continue. */
    if (L->depth >= (size_t)L->lim.max_depth)
        return bk__error(L->err, BK_ELIMIT, &loc, "nesting deeper than %d levels",
                         L->lim.max_depth);
    rc = count_nodes(L, 1, &loc, 0);
    if (rc)
        return rc;
    bk_node *n = bk__node_new(L->a, type, loc);
    if (!n)
        return oom(L);
    if (L->depth == L->stack_cap) {
        size_t cap = L->stack_cap ? L->stack_cap * 2 : 16;
        frame *s = realloc(L->stack, cap * sizeof *s);
        if (!s)
            return oom(L);
        L->stack = s;
        L->stack_cap = cap;
    }
    const yaml_char_t *anchor_name =
        type == BK_NODE_LIST ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
    size_t anchor_index = SIZE_MAX;
    if (anchor_name) {
        rc = anchor_add(L, (const char *)anchor_name, n, 0, 1, &anchor_index);
        if (rc)
            return rc;
    }
    frame *f = &L->stack[L->depth++];
    f->node = n;
    f->key = NULL;
    f->anchor = anchor_index;
    f->nodes_before = L->nodes - 1;
    return 0;
}

static int on_collection_end(loader *L)
{
    frame f = L->stack[--L->depth];
    if (f.anchor != SIZE_MAX) {
        L->anchors[f.anchor].open = 0;
        L->anchors[f.anchor].size = L->nodes - f.nodes_before;
    }
    return add_value(L, f.node);
}

/* libyaml reports reader errors (bad UTF-8, control characters) at line 1
 * column 1 and puts the byte offset in problem_offset: count lines and
 * characters up to it ourselves. */
static bk_loc offset_loc(const loader *L, size_t offset)
{
    bk_loc loc = {L->file, 1, 1};
    if (offset > L->len)
        offset = L->len;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)L->buf[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= L->len || L->buf[i + 1] != '\n'))) {
            loc.line++;
            loc.col = 1;
        } else if ((c & 0xC0) != 0x80 && c != '\r') {
            loc.col++;
        }
    }
    return loc;
}

static int parser_error(loader *L, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "unreadable YAML";
    if (p->error == YAML_MEMORY_ERROR)
        return oom(L);
    if (p->error == YAML_READER_ERROR) {
        bk_loc loc = offset_loc(L, p->problem_offset);
        if (strstr(problem, "control characters") && p->problem_value > 0xFF)
            return bk__error(L->err, BK_ESYNTAX, &loc,
                             "character U+%04X is not allowed in YAML text",
                             (unsigned)p->problem_value);
        if (strstr(problem, "control characters"))
            return bk__error(L->err, BK_ESYNTAX, &loc,
                             "control character 0x%02X is not allowed in YAML text",
                             (unsigned)p->problem_value & 0xFFu);
        /* Here libyaml's value is the decoded character, not a byte. */
        if (strstr(problem, "invalid Unicode character") && p->problem_value >= 0) {
            unsigned cp = (unsigned)p->problem_value;
            return bk__error(L->err, BK_ESYNTAX, &loc,
                             "the file is not valid UTF-8 text: U+%04X %s", cp,
                             cp >= 0xD800 && cp <= 0xDFFF
                                 ? "is a UTF-16 surrogate, which UTF-8 text may not hold (was "
                                   "the file converted from UTF-16 or CESU-8?)"
                                 : "is not a character YAML text may hold");
        }
        if (p->problem_value >= 0)
            return bk__error(L->err, BK_ESYNTAX, &loc,
                             "the file is not valid UTF-8 text: %s (byte 0x%02X)", problem,
                             (unsigned)p->problem_value & 0xFFu);
        return bk__error(L->err, BK_ESYNTAX, &loc, "the file is not valid UTF-8 text: %s", problem);
    }
    bk_loc loc = mark_loc(L, p->problem_mark);
    if (p->context)
        return bk__error(L->err, BK_ESYNTAX, &loc, "%s (%s at line %d)", problem, p->context,
                         (int)p->context_mark.line + 1);
    return bk__error(L->err, BK_ESYNTAX, &loc, "%s", problem);
}

static int on_event(loader *L, const yaml_event_t *ev, int *done)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (L->documents++ > 0) {
            bk_loc loc = mark_loc(L, ev->start_mark);
            return bk__error(L->err, BK_ESYNTAX, &loc,
                             "more than one YAML document in the file (briefkit reads one; "
                             "remove this \"---\" or split the file)");
        }
        return 0;
    case YAML_SCALAR_EVENT:
        return on_scalar(L, ev);
    case YAML_ALIAS_EVENT:
        return on_alias(L, ev);
    case YAML_SEQUENCE_START_EVENT:
        return on_collection_start(L, ev, BK_NODE_LIST);
    case YAML_MAPPING_START_EVENT:
        return on_collection_start(L, ev, BK_NODE_MAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return on_collection_end(L);
    case YAML_STREAM_END_EVENT:
        *done = 1;
        return 0;
    default:
        return 0;
    }
}

static int parse(loader *L)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return oom(L);
    yaml_parser_set_input_string(&parser, (const unsigned char *)L->buf, L->len);
    int rc = 0, done = 0;
    while (!done && rc == 0) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = parser_error(L, &parser);
            break;
        }
        rc = on_event(L, &ev, &done);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (rc == 0 && (!L->root || L->root->type == BK_NODE_NULL)) {
        bk_loc loc = {L->file, 0, 0};
        rc = bk__error(L->err, BK_ESYNTAX, &loc, "file is empty (expected YAML content)");
    }
    return rc;
}

static void loader_free(loader *L)
{
    for (size_t i = 0; i < L->n_anchors; i++)
        free(L->anchors[i].name);
    free(L->anchors);
    free(L->stack);
    free(L->keys);
}

int bk__yaml_load_buffer(bk_arena *a, const char *name, const char *buf, size_t len,
                         const bk_yaml_limits *lim, const bk_node **root, bk_error *err)
{
    if (!a || !buf || !root)
        return bk__error(err, BK_EINVAL, NULL, "bk__yaml_load_buffer: missing argument");
    *root = NULL;
    loader L;
    memset(&L, 0, sizeof L);
    if (lim)
        L.lim = *lim;
    else
        bk__yaml_limits_default(&L.lim);
    L.a = a;
    L.err = err;
    L.buf = buf;
    L.len = len;
    L.file = bk__arena_strdup(a, name ? name : "<memory>");
    if (!L.file)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    if (len > L.lim.max_bytes) {
        bk_loc loc = {L.file, 0, 0};
        return bk__error(err, BK_ELIMIT, &loc, "file is larger than the limit of %zu bytes",
                         L.lim.max_bytes);
    }
    int rc = parse(&L);
    loader_free(&L);
    if (rc == 0)
        *root = L.root;
    return rc;
}
