/* lexicon.c - INDEX/lexicon: the spelling dictionary and acronym
 * synonyms of all shards, in a database with no documents (see
 * lexicon.h).
 *
 * It is rebuilt whole from the shards rather than patched: the shards
 * are the truth, so a lexicon can never drift from them, and rebuilding
 * reads only the spelling and metadata tables, not the passages.
 */
#include "lexicon.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "files.h"
#include "jfx.h"
#include "schema.h"
#include "stub.h"
#include "vec.h"

char *jf_lexicon_path(const char *index)
{
    return jf_strprintf("%s/lexicon", index);
}

typedef struct {
    jfx_writer_t *writer;
    jfx_status_t status;
} copy_t;

static int copy_word(const char *word, uint64_t freq, void *ctx)
{
    copy_t *c = ctx;
    while (freq > 0 && c->status == JFX_OK) {
        int step = freq > INT_MAX ? INT_MAX : (int)freq;
        c->status = jfx_writer_add_spelling(c->writer, word, step);
        freq -= (uint64_t)step;
    }
    return c->status != JFX_OK;
}

/* An acronym's long forms from every shard, one per line, each once. */
typedef struct {
    char *key, *value;
} synonym_t;

typedef JF_VEC(synonym_t) synonyms_t;

static int has_line(const char *lines, const char *line, size_t len)
{
    for (const char *p = lines; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n == len && memcmp(p, line, len) == 0)
            return 1;
        p += n + (nl != NULL);
    }
    return 0;
}

static int gather_synonym(const char *key, const char *value, size_t len,
                          void *ctx)
{
    synonyms_t *s = ctx;
    size_t i = 0;
    while (i < s->n && strcmp(s->items[i].key, key) != 0)
        i++;
    if (i == s->n)
        JF_VEC_PUSH(s, ((synonym_t){ jf_strdup(key), jf_strdup("") }));
    jf_buf_t merged = JF_BUF_INIT;
    jf_buf_puts(&merged, s->items[i].value);
    for (const char *p = value, *end = value + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n > 0 && !has_line(merged.data ? merged.data : "", p, n)) {
            if (merged.len)
                jf_buf_putc(&merged, '\n');
            jf_buf_append(&merged, p, n);
        }
        p += n + 1;
    }
    free(s->items[i].value);
    s->items[i].value = merged.len ? jf_buf_release(&merged) : jf_strdup("");
    jf_buf_free(&merged);
    return 0;
}

/* Records a failure of STATUS while copying from SHARDS into W: the
 * shards' own message if they failed, else the writer's. */
static int copy_failed(jfx_db_t *shards, jfx_writer_t *w, jfx_status_t status,
                       jf_error_t *err)
{
    return jf_fail(err, status, "%s", *jfx_db_last_error(shards)
                                          ? jfx_db_last_error(shards)
                                          : jfx_writer_last_error(w));
}

/* Copies the spelling dictionary and synonyms of SHARDS into W. */
static int copy_lexicon(jfx_db_t *shards, jfx_writer_t *w, jf_error_t *err)
{
    copy_t copy = { w, JFX_OK };
    synonyms_t syn = { NULL, 0, 0 };
    jfx_status_t st = jfx_db_each_spelling(shards, NULL, copy_word, &copy);

    if (st == JFX_OK)
        st = copy.status;
    if (st == JFX_OK)
        st = jfx_db_each_metadata(shards, JF_METADATA_SYNONYM,
                                  gather_synonym, &syn);
    for (size_t i = 0; i < syn.n && st == JFX_OK; i++)
        st = jfx_writer_set_metadata(w, syn.items[i].key, syn.items[i].value,
                                     strlen(syn.items[i].value));
    for (size_t i = 0; i < syn.n; i++) {
        free(syn.items[i].key);
        free(syn.items[i].value);
    }
    JF_VEC_FREE(&syn);
    return st == JFX_OK ? 0 : copy_failed(shards, w, st, err);
}

int jf_lexicon_write(const char *index, unsigned lock_timeout_ms,
                     jf_error_t *err)
{
    jfx_db_t *shards = NULL;
    jfx_writer_t *writer = NULL;
    char *message = NULL;

    if (jf_stub_open_local(index, &shards, err) != 0)
        return -1;
    /* Written beside and swapped in: a run killed while writing it leaves
     * the old lexicon, and its temporary copy for the next run to clear
     * (lock.h). */
    char *path = jf_strprintf("%s/.lexicon.%ld", index, (long)getpid());
    char *aside = jf_strprintf("%s/.lexicon.old-%ld", index, (long)getpid());
    char *lexicon = jf_lexicon_path(index);
    jfx_status_t st = jfx_writer_open(path, JFX_WRITER_CREATE |
                                      JFX_WRITER_OVERWRITE, lock_timeout_ms,
                                      &writer, &message);
    if (st != JFX_OK) {
        jf_fail_take(err, st, message ? message
                                      : jf_strdup(jfx_status_to_string(st)));
    } else if (copy_lexicon(shards, writer, err) == 0) {
        st = jfx_writer_set_metadata(writer, JF_METADATA_VERSION,
                                     JF_SCHEMA_VERSION,
                                     strlen(JF_SCHEMA_VERSION));
        if (st == JFX_OK)
            st = jfx_writer_commit(writer);
        if (st != JFX_OK)
            copy_failed(shards, writer, st, err);
    }
    jfx_writer_close(writer);
    jfx_db_close(shards);
    if (jf_swap_in(path, lexicon, aside, err) == 0)
        jf_remove_tree(aside);
    jf_remove_tree(path); /* the old lexicon, or what a failure left */
    free(path);
    free(aside);
    free(lexicon);
    return jf_failed(err) ? -1 : 0;
}
