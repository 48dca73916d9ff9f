/* Digests of a batch job's inputs (batch_digest.h).
 *
 * Everything is hashed in an unambiguous form: a length before every string
 * and file, a type tag and a count before every node, so no two different
 * inputs feed SHA-256 the same bytes. */
#include "batch_digest.h"

#include <briefkit/briefkit.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "errors.h"
#include "host_table.h"
#include "paths.h"
#include "plugin_registry.h"

static int hash_bytes(EVP_MD_CTX *md, const void *p, size_t n)
{
    uint64_t len = n;
    return EVP_DigestUpdate(md, &len, sizeof len) == 1 && EVP_DigestUpdate(md, p, n) == 1 ? 0 : -1;
}

static int hash_str(EVP_MD_CTX *md, const char *s)
{
    return hash_bytes(md, s ? s : "", s ? strlen(s) : 0);
}

static int hash_file(EVP_MD_CTX *md, const char *path, bk_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return bk__error(err, BK_EIO, NULL, "cannot read %s: %s", path, strerror(errno));
    unsigned char buf[65536];
    ssize_t r;
    int rc = hash_str(md, path) ? -1 : 0;
    while (!rc && (r = read(fd, buf, sizeof buf)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || EVP_DigestUpdate(md, buf, (size_t)r) != 1)
            rc = -1;
    }
    close(fd);
    return rc ? bk__error(err, BK_EIO, NULL, "cannot hash %s", path) : 0;
}

/* A node tree in an unambiguous form: a type tag, then lengths before
 * contents, so no two different trees hash the same bytes. */
static int hash_node(EVP_MD_CTX *md, const bk_node *n)
{
    unsigned char tag = (unsigned char)(n ? n->type : BK_NODE_NULL);
    if (EVP_DigestUpdate(md, &tag, 1) != 1)
        return -1;
    if (!n)
        return 0;
    if (n->type == BK_NODE_STRING)
        return hash_bytes(md, n->str, n->len);
    uint64_t count = n->count;
    if (EVP_DigestUpdate(md, &count, sizeof count) != 1)
        return -1;
    for (size_t i = 0; i < n->count; i++) {
        if (n->type == BK_NODE_MAP && hash_str(md, n->keys[i]->str))
            return -1;
        if (hash_node(md, n->items[i]))
            return -1;
    }
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int bk__batch_env_digest(const char *const *plugin_paths, size_t n_plugin_paths,
                         unsigned char out[BK_DIGEST_LEN], bk_error *err)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(md);
        return bk__error(err, BK_ENOMEM, NULL, "cannot start SHA-256 (libcrypto)");
    }
    int rc = hash_str(md, "briefkit " BK_VERSION_STRING) ? BK_EIO : 0;
    const char *fonts = bk__paths_font_dir();
    struct dirent **names = NULL;
    int n = fonts ? scandir(fonts, &names, NULL, by_name) : -1;
    if (n < 0 && !rc)
        rc = bk__error(err, BK_EIO, NULL, "cannot list the fonts folder %s", fonts ? fonts : "");
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", fonts, names[i]->d_name);
        if (!rc && stat(path, &st) == 0 && S_ISREG(st.st_mode))
            rc = hash_file(md, path, err);
        free(names[i]);
    }
    free(names);
    bk_registry *reg = NULL;
    if (!rc)
        rc = bk__registry_scan(plugin_paths, n_plugin_paths, bk__host_table(), &reg, err);
    for (size_t i = 0; !rc && i < bk__registry_count(reg); i++) {
        const bk_loaded_plugin *lp = bk__registry_at(reg, i);
        if (lp->ok)
            rc = hash_str(md, lp->desc.name) ? BK_EIO : hash_file(md, lp->path, err);
    }
    bk__registry_free(reg);
    if (!rc && EVP_DigestFinal_ex(md, out, NULL) != 1)
        rc = bk__error(err, BK_EIO, NULL, "SHA-256 failed");
    EVP_MD_CTX_free(md);
    return rc;
}

static void to_hex(const unsigned char *d, char hex[BK_DIGEST_HEX])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < BK_DIGEST_LEN; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[BK_DIGEST_LEN * 2] = '\0';
}

int bk__batch_job_digest(const unsigned char env[BK_DIGEST_LEN], const bk_template *tpl,
                         const char *period, char hex[BK_DIGEST_HEX], bk_error *err)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(md);
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    }
    int rc = hash_file(md, tpl->path, err);
    if (!rc &&
        (EVP_DigestUpdate(md, env, BK_DIGEST_LEN) != 1 || hash_str(md, period) ||
         hash_str(md, tpl->doc.date) || hash_node(md, tpl->params) || hash_node(md, tpl->data)))
        rc = bk__error(err, BK_EIO, NULL, "SHA-256 failed");
    unsigned char d[BK_DIGEST_LEN];
    if (!rc && EVP_DigestFinal_ex(md, d, NULL) != 1)
        rc = bk__error(err, BK_EIO, NULL, "SHA-256 failed");
    if (!rc)
        to_hex(d, hex);
    EVP_MD_CTX_free(md);
    return rc;
}

int bk__batch_digest_matches(const char *inputs_path, const char hex[BK_DIGEST_HEX])
{
    char buf[BK_DIGEST_HEX + 8] = "";
    FILE *f = fopen(inputs_path, "re");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return n == BK_DIGEST_HEX && buf[BK_DIGEST_HEX - 1] == '\n' &&
           memcmp(buf, hex, BK_DIGEST_HEX - 1) == 0;
}
