/* merge.c - a full build shared between processes (see merge.h).
 *
 * The parts are divided by content, not by path, because an article's id
 * is its content: two copies of one text must meet in one part for the
 * second to be recognised as a copy.  That costs the parent one read of
 * each file before the parts start, a small price beside indexing it.
 *
 * The swap uses renameat2's RENAME_EXCHANGE, which trades the merged
 * index and INDEX in one step; where the file system cannot exchange,
 * INDEX is moved aside and the merged index renamed in, which leaves a
 * moment in which INDEX is missing.
 */
#define _GNU_SOURCE
#include "merge.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "hash.h"
#include "writer.h"
#include "jfx.h"
#include "schema.h"
#include "shards.h"

jf_corpus_list_t *jf_merge_split(const jf_corpus_list_t *list, unsigned n)
{
    jf_corpus_list_t *parts = jf_calloc(n, sizeof *parts);
    jf_buf_t reason = JF_BUF_INIT;

    for (size_t i = 0; i < list->n; i++) {
        jf_corpus_file_t file;
        uint64_t key;
        if (jf_corpus_read(list->items[i], &file, &reason) == JF_SKIP_NONE)
            key = (uint64_t)file.crc << 32 | file.adler;
        else
            key = jf_hash_string(list->items[i]);
        jf_corpus_file_free(&file);
        JF_VEC_PUSH(&parts[key % n], jf_strdup(list->items[i]));
    }
    jf_buf_free(&reason);
    return parts;
}

char *jf_merge_scratch(const char *index)
{
    size_t len = strlen(index);
    while (len > 1 && index[len - 1] == '/')
        len--;
    const char *name = index + len;
    while (name > index && name[-1] != '/')
        name--;
    return jf_strprintf("%.*s.%.*s.build-%ld", (int)(name - index), index,
                        (int)(index + len - name), name, (long)getpid());
}

/* Puts the index at FROM in the place of TO, atomically when the file
 * system can; what was at TO ends up at FROM, or else at ASIDE.  Returns
 * 0 or -1 (errno). */
static int swap_in(const char *from, const char *to, const char *aside)
{
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE) == 0)
        return 0;
    if (errno == ENOENT)
        return rename(from, to);
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return -1;
    if (rename(to, aside) != 0)
        return -1;
    if (rename(from, to) == 0)
        return 0;
    int saved = errno;
    rename(aside, to);
    errno = saved;
    return -1;
}

int jf_merge_finish(const char *scratch, unsigned n, const char *index,
                    unsigned lock_timeout_ms, char **error)
{
    char **sources = jf_calloc(n, sizeof *sources);
    char *merged = jf_strprintf("%s/merged", scratch);
    char *aside = jf_strprintf("%s/replaced", scratch);
    char *message = NULL;
    jf_indexer_t *ix = NULL;
    int result = -1;

    for (unsigned k = 0; k < n; k++)
        sources[k] = jf_shard_path(scratch, k);
    jf_error_t err = JF_ERROR_INIT;
    jfx_status_t st = jfx_compact((const char *const *)sources, n, merged,
                                  &message);
    if (st != JFX_OK)
        jf_fail_take(&err, st, message ? message
                                       : jf_strdup(jfx_status_to_string(st)));
    else if (jf_indexer_open(merged, false, lock_timeout_ms, &ix, &err) == 0)
        jf_indexer_settle(ix, &err);
    jf_indexer_close(ix);
    if (jf_failed(&err)) {
        *error = jf_strdup(jf_error_message(&err));
        jf_error_clear(&err);
    } else if (swap_in(merged, index, aside) != 0) {
        *error = jf_strprintf("%s: cannot put the new index in place: %s",
                              index, strerror(errno));
    } else {
        result = 0;
    }
    for (unsigned k = 0; k < n; k++)
        free(sources[k]);
    free(sources);
    free(merged);
    free(aside);
    return result;
}

void jf_merge_discard(const char *scratch)
{
    jf_remove_tree(scratch);
}
