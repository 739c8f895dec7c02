/* indexer.c - turns articles into passage documents, incrementally.
 *
 * The article records of the last run are loaded once into a hash table
 * keyed by article id; each file of this run is then one lookup.  That
 * table also remembers which articles were seen, so those that were not
 * can be removed at the end.  All changes go into one Xapian transaction
 * (the writer's uncommitted state) committed by jf_indexer_finish.
 */
#include "indexer.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "schema.h"
#include "text.h"
#include "util.h"

/* What is known about one article id. */
typedef struct {
    uint64_t id;
    char *path;          /* from the stored record; NULL if none */
    uint32_t crc;
    uint64_t size;
    unsigned passages;
    bool used;           /* the slot holds an entry */
    bool recorded;       /* the index holds this article */
    bool record_valid;   /* and its record could be read */
    bool seen;           /* handed over in this run */
} entry_t;

struct jf_indexer {
    jfx_writer_t *writer;
    jf_analyzer_t *analyzer;
    entry_t *table;      /* open addressing; capacity a power of two */
    size_t table_cap, table_count;
    bool changed;
    jf_index_stats_t stats;
    jf_buf_t data;       /* reused for document data and records */
    char *path;          /* of the index, for messages */
    char *error;
};

/* ------------------------------------------------------------------ */
/* The table of article ids.  Ids are FNV hashes already, so their low
 * bits serve as the hash. */

static entry_t *table_slot(entry_t *table, size_t cap, uint64_t id)
{
    size_t i = (size_t)id & (cap - 1);
    while (table[i].used && table[i].id != id)
        i = (i + 1) & (cap - 1);
    return &table[i];
}

static entry_t *table_get(jf_indexer_t *ix, uint64_t id)
{
    if (2 * (ix->table_count + 1) > ix->table_cap) {
        size_t cap = ix->table_cap ? 2 * ix->table_cap : 1024;
        entry_t *table = jf_calloc(cap, sizeof *table);
        for (size_t i = 0; i < ix->table_cap; i++)
            if (ix->table[i].used)
                *table_slot(table, cap, ix->table[i].id) = ix->table[i];
        free(ix->table);
        ix->table = table;
        ix->table_cap = cap;
    }
    entry_t *e = table_slot(ix->table, ix->table_cap, id);
    if (!e->used) {
        e->used = true;
        e->id = id;
        ix->table_count++;
    }
    return e;
}

static void id_string(uint64_t id, char out[JF_ARTICLE_ID_LEN + 1])
{
    snprintf(out, JF_ARTICLE_ID_LEN + 1, "%016" PRIx64, id);
}

/* Parses the 16 hex digits of an article id; -1 if it is not one. */
static int parse_id(const char *s, uint64_t *id)
{
    uint64_t n = 0;
    for (int i = 0; i < JF_ARTICLE_ID_LEN; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            n = n << 4 | (uint64_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            n = n << 4 | (uint64_t)(c - 'a' + 10);
        else
            return -1;
    }
    if (s[JF_ARTICLE_ID_LEN] != '\0')
        return -1;
    *id = n;
    return 0;
}

static int load_record(const char *key, const char *value, size_t len,
                       void *ctx)
{
    jf_indexer_t *ix = ctx;
    jf_article_record_t rec;
    uint64_t id;

    if (parse_id(key + strlen(JF_METADATA_ARTICLE), &id) != 0)
        return 0;
    entry_t *e = table_get(ix, id);
    e->recorded = true;
    /* A damaged record is treated as a changed article: it is rewritten
     * if its file is still there and removed if not. */
    if (jf_article_record_decode(value, len, &rec) == 0) {
        e->record_valid = true;
        e->path = rec.path;
        e->crc = rec.crc;
        e->size = rec.size;
        e->passages = rec.passages;
        free(rec.title);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Opening */

/* "PATH: " and a message, as the shim words its own. */
__attribute__((format(printf, 2, 3)))
static char *path_message(const char *path, const char *fmt, ...)
{
    jf_buf_t msg = JF_BUF_INIT;
    va_list ap;
    jf_buf_printf(&msg, "%s: ", path);
    va_start(ap, fmt);
    jf_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    return jf_buf_release(&msg);
}

/* Xapian creates its files in any directory it is given; refuse to mix
 * them into a directory of other files (a mistyped --index). */
static bool is_foreign_directory(const char *path)
{
    DIR *dir = opendir(path);
    const struct dirent *entry;
    bool has_files = false, is_xapian = false;

    if (!dir)
        return false; /* missing, or a stub file: Xapian decides */
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        has_files = true;
        if (strncmp(entry->d_name, "iam", 3) == 0)
            is_xapian = true; /* iamglass, iamchert, iamhoney */
    }
    closedir(dir);
    return has_files && !is_xapian;
}

/* Reads the committed state the writer starts from: checks that it is a
 * jfsearch index of this schema and loads its article records. */
static jfx_status_t load_index(jf_indexer_t *ix, const char *path,
                               char **message)
{
    jfx_db_t *db;
    char *version = NULL;
    uint64_t docs = 0;
    jfx_status_t status = jfx_db_open(path, &db, message);

    if (status != JFX_OK)
        return status;
    if ((status = jfx_db_get_metadata(db, JF_METADATA_VERSION, &version,
                                      NULL)) != JFX_OK ||
        (status = jfx_db_doc_count(db, &docs)) != JFX_OK)
        goto fail;
    if (*version == '\0' && docs > 0) {
        *message = path_message(path, "a Xapian database, but not a "
                                "jfsearch index (use --rebuild to replace "
                                "it)");
        status = JFX_INVALID;
        goto out;
    }
    if (*version != '\0' && strcmp(version, JF_SCHEMA_VERSION) != 0) {
        *message = path_message(path, "index has schema version %s, this "
                                "jfindex writes version %s (use --rebuild "
                                "to rebuild it)", version, JF_SCHEMA_VERSION);
        status = JFX_INVALID;
        goto out;
    }
    ix->changed = *version == '\0';
    if ((status = jfx_db_each_metadata(db, JF_METADATA_ARTICLE, load_record,
                                       ix)) != JFX_OK)
        goto fail;
    goto out;
fail:
    *message = jf_strdup(jfx_db_last_error(db));
out:
    free(version);
    jfx_db_close(db);
    return status;
}

jfx_status_t jf_indexer_open(const char *path, bool rebuild,
                             unsigned lock_timeout_ms, jf_indexer_t **out,
                             char **message)
{
    jf_indexer_t *ix;
    jfx_status_t status;
    int flags = JFX_WRITER_CREATE | (rebuild ? JFX_WRITER_OVERWRITE : 0);

    *out = NULL;
    *message = NULL;
    if (is_foreign_directory(path)) {
        *message = path_message(path, "exists and is not an index; give "
                                "--index a new or empty directory");
        return JFX_INVALID;
    }
    ix = jf_calloc(1, sizeof *ix);
    ix->path = jf_strdup(path);
    ix->analyzer = jf_analyzer_new();
    if (!ix->analyzer) {
        *message = jf_strdup("libstemmer has no English stemmer");
        status = JFX_INTERNAL;
        goto fail;
    }
    status = jfx_writer_open(path, flags, lock_timeout_ms, &ix->writer,
                             message);
    if (status != JFX_OK)
        goto fail;
    if (rebuild)
        ix->changed = true; /* the old contents go even if no file comes */
    else if ((status = load_index(ix, path, message)) != JFX_OK)
        goto fail;
    *out = ix;
    return JFX_OK;
fail:
    jf_indexer_close(ix);
    return status;
}

/* ------------------------------------------------------------------ */
/* Adding */

typedef struct {
    jfx_doc_t *doc;
    jfx_status_t status;
} posting_ctx_t;

static int add_token(const jf_token_t *token, void *ctx)
{
    posting_ctx_t *p = ctx;
    p->status = jfx_doc_add_posting(p->doc, token->term, token->pos, 1);
    return p->status != JFX_OK;
}

/* Keeps MESSAGE (which names the index) for jf_indexer_last_error. */
static jfx_status_t fail_with(jf_indexer_t *ix, jfx_status_t status,
                              char *message)
{
    free(ix->error);
    ix->error = message;
    return status;
}

static jfx_status_t writer_failed(jf_indexer_t *ix, jfx_status_t status)
{
    return fail_with(ix, status,
                     jf_strdup(jfx_writer_last_error(ix->writer)));
}

/* Writes passage NUMBER of the article ID. */
static jfx_status_t add_passage(jf_indexer_t *ix, const char *id,
                                unsigned number, const jf_passage_text_t *p)
{
    char unique[JF_ID_TERM_MAX], article[JF_ID_TERM_MAX];
    posting_ctx_t ctx = { jfx_doc_new(), JFX_OK };
    jfx_status_t status;

    if (!ctx.doc)
        jf_die_oom();
    jf_unique_term(unique, id, number);
    jf_article_term(article, id);
    jf_analyze(ix->analyzer, p->text, p->len, 1, add_token, &ctx);
    jf_buf_reset(&ix->data);
    jf_passage_encode(&ix->data, id, number, p->text, p->len);
    if ((status = ctx.status) != JFX_OK ||
        (status = jfx_doc_add_boolean_term(ctx.doc, unique)) != JFX_OK ||
        (status = jfx_doc_add_boolean_term(ctx.doc, article)) != JFX_OK ||
        (status = jfx_doc_set_data(ctx.doc, ix->data.data,
                                   ix->data.len)) != JFX_OK ||
        (status = jfx_doc_set_value(ctx.doc, JF_SLOT_ARTICLE, id,
                                    JF_ARTICLE_ID_LEN)) != JFX_OK) {
        jfx_doc_destroy(ctx.doc);
        return fail_with(ix, status, path_message(ix->path, "%s",
                                                  jfx_status_to_string(status)));
    }
    status = jfx_writer_replace(ix->writer, unique, ctx.doc);
    jfx_doc_destroy(ctx.doc);
    if (status != JFX_OK)
        return writer_failed(ix, status);
    return JFX_OK;
}

static jfx_status_t write_record(jf_indexer_t *ix, const char *id,
                                 const char *path, const jf_article_t *article,
                                 const jf_corpus_file_t *file)
{
    char key[JF_ID_TERM_MAX];
    jf_article_record_t rec = {
        (char *)path, (char *)article->title, file->crc, file->size,
        file->mtime, (unsigned)article->count
    };
    jfx_status_t status;

    snprintf(key, sizeof key, JF_METADATA_ARTICLE "%s", id);
    jf_buf_reset(&ix->data);
    jf_article_record_encode(&ix->data, &rec);
    status = jfx_writer_set_metadata(ix->writer, key, ix->data.data,
                                     ix->data.len);
    if (status != JFX_OK)
        return writer_failed(ix, status);
    return JFX_OK;
}

jfx_status_t jf_indexer_add(jf_indexer_t *ix, const char *path,
                            const jf_corpus_file_t *file,
                            jf_article_change_t *change, unsigned *passages)
{
    char id[JF_ARTICLE_ID_LEN + 1], article_term[JF_ID_TERM_MAX];
    uint64_t key;
    jf_article_t article;
    jfx_status_t status = JFX_OK;

    jf_article_id(path, id);
    parse_id(id, &key);
    entry_t *e = table_get(ix, key);
    if (passages)
        *passages = 0;

    if (e->seen) {
        *change = JF_ARTICLE_DUPLICATE;
        return JFX_OK;
    }
    if (e->record_valid && e->crc == file->crc && e->size == file->size) {
        *change = JF_ARTICLE_UNCHANGED;
        goto seen;
    }
    if (jf_article_parse(file->text, file->len, &article) != 0) {
        *change = JF_ARTICLE_EMPTY; /* not seen: an old version goes */
        jf_article_free(&article);
        return JFX_OK;
    }

    *change = e->recorded ? JF_ARTICLE_UPDATED : JF_ARTICLE_ADDED;
    if (e->recorded) {
        jf_article_term(article_term, id);
        if ((status = jfx_writer_delete(ix->writer, article_term)) != JFX_OK)
            status = writer_failed(ix, status);
    }
    for (size_t i = 0; status == JFX_OK && i < article.count; i++)
        status = add_passage(ix, id, (unsigned)i, &article.passages[i]);
    if (status == JFX_OK)
        status = write_record(ix, id, path, &article, file);
    e->passages = (unsigned)article.count;
    jf_article_free(&article);
    if (status != JFX_OK)
        return status;
    ix->changed = true;
seen:
    e->seen = true;
    if (passages)
        *passages = e->passages;
    ix->stats.articles++;
    ix->stats.passages += e->passages;
    switch (*change) {
    case JF_ARTICLE_ADDED: ix->stats.added++; break;
    case JF_ARTICLE_UPDATED: ix->stats.updated++; break;
    default: ix->stats.unchanged++; break;
    }
    return JFX_OK;
}

/* ------------------------------------------------------------------ */
/* Finishing */

jfx_status_t jf_indexer_finish(jf_indexer_t *ix, jf_removed_fn removed,
                               void *ctx)
{
    char id[JF_ARTICLE_ID_LEN + 1], term[JF_ID_TERM_MAX];
    jfx_status_t status;

    for (size_t i = 0; i < ix->table_cap; i++) {
        entry_t *e = &ix->table[i];
        if (!e->used || !e->recorded || e->seen)
            continue;
        id_string(e->id, id);
        jf_article_term(term, id);
        if ((status = jfx_writer_delete(ix->writer, term)) != JFX_OK ||
            (status = jfx_writer_set_metadata(ix->writer, term, "", 0)) !=
                JFX_OK)
            return writer_failed(ix, status);
        ix->stats.removed++;
        ix->changed = true;
        if (removed)
            removed(e->path ? e->path : term, ctx);
    }
    if (!ix->changed)
        return JFX_OK;
    status = jfx_writer_set_metadata(ix->writer, JF_METADATA_VERSION,
                                     JF_SCHEMA_VERSION,
                                     strlen(JF_SCHEMA_VERSION));
    if (status == JFX_OK)
        status = jfx_writer_commit(ix->writer);
    if (status != JFX_OK)
        return writer_failed(ix, status);
    return JFX_OK;
}

const jf_index_stats_t *jf_indexer_stats(const jf_indexer_t *ix)
{
    return &ix->stats;
}

const char *jf_indexer_last_error(const jf_indexer_t *ix)
{
    return ix->error ? ix->error : "no error";
}

void jf_indexer_close(jf_indexer_t *ix)
{
    if (!ix)
        return;
    jfx_writer_close(ix->writer);
    jf_analyzer_free(ix->analyzer);
    for (size_t i = 0; i < ix->table_cap; i++)
        free(ix->table[i].path);
    free(ix->table);
    jf_buf_free(&ix->data);
    free(ix->path);
    free(ix->error);
    free(ix);
}
