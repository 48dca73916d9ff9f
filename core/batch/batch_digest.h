/* Internal: digests of a batch job's inputs, for --skip-unchanged.
 *
 * A job's inputs are hashed with SHA-256 (OpenSSL's libcrypto, EVP) and the
 * digest kept beside the PDF as OUT.pdf.inputs, written after the PDF; a
 * job whose digest matches that file is skipped. The job's digest covers
 * exactly what its render would read: the template's bytes, the merged data
 * tree after every data file (listed by the template, the job and the
 * schedule) is loaded, the params after defaults and --set, the period and
 * the cover date. Fonts, plugins and briefkit's version are the same for
 * every job, so they are hashed once per batch (the environment digest):
 * every font file and every usable plugin on the search path, not just those
 * a template uses, so a changed plugin re-renders everything (conservative,
 * and no need to know which plugins a template names before it is loaded). */
#ifndef BK_BATCH_DIGEST_H
#define BK_BATCH_DIGEST_H

#include <stddef.h>

#include <briefkit/error.h>

#include "template.h"

#define BK_DIGEST_LEN 32
#define BK_DIGEST_HEX (BK_DIGEST_LEN * 2 + 1) /* hex digits and a NUL */

/* Fonts, plugins (on `plugin_paths`, then the default search path) and
 * briefkit's version into `out`. */
int bk__batch_env_digest(const char *const *plugin_paths, size_t n_plugin_paths,
                         unsigned char out[BK_DIGEST_LEN], bk_error *err);

/* Writes the digest of a job whose template is loaded into `tpl` (the
 * load its render then uses, so each data entry is read once) as
 * lower-case hex into `hex`: the template file tpl->path, `env`
 * (bk__batch_env_digest), `period`, the cover date, the params and the
 * data. */
int bk__batch_job_digest(const unsigned char env[BK_DIGEST_LEN], const bk_template *tpl,
                         const char *period, char hex[BK_DIGEST_HEX], bk_error *err);

/* 1 when the file `inputs_path` holds exactly `hex` and a newline. */
int bk__batch_digest_matches(const char *inputs_path, const char hex[BK_DIGEST_HEX]);

#endif
