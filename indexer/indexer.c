/* indexer.c - turns articles into passage documents, incrementally.
 *
 * The article records of the last run are loaded once into a hash table
 * keyed by article id, which follows the content (schema.h); each file of
 * this run is then one lookup.  A second table maps each recorded path to
 * its id, so new content at a known path counts as an update of that
 * article, and known content at a new path is a rename: only the record's
 * path is rewritten.  The id table also remembers which articles were
 * seen, so those that were not can be removed at the end.  All changes go
 * into one Xapian transaction (the writer's uncommitted state) committed
 * by jf_indexer_finish.
 *
 * Two things are corpus-wide rather than per passage, and are kept equal
 * to what a rebuild would make: the acronym synonyms, rewritten at the end
 * from every article's record, and the spelling dictionary, to which an
 * article's words are added and from which, when it changes or goes, the
 * words of its old passages (read back from the last commit) are taken.
 */
#include "indexer.h"

#include <dirent.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acronyms.h"
#include "alloc.h"
#include "article.h"
#include "buf.h"
#include "document.h"
#include "hash.h"
#include "schema.h"
#include "text.h"

/* What is known about one article id. */
typedef struct {
    uint64_t id;
    char *path;          /* where this run found it, else from the stored
                            record; NULL if neither */
    uint32_t crc;
    uint64_t size;
    unsigned passages;
    char *acronyms;      /* the article's "raa=...;..." pairs; NULL if none */
    char *stat;          /* its files' stat data when read; NULL if none */
    char *fresh_stat;    /* newer stat data of an unchanged file (touched):
                            recorded when this run commits anyway */
    int64_t fresh_mtime; /* and its mtime */
    bool used;           /* the slot holds an entry */
    bool recorded;       /* the index holds this article */
    bool record_valid;   /* and its record could be read */
    bool seen;           /* handed over in this run */
    bool superseded;     /* new content at its path was handed over: its
                            removal is that article's update */
} entry_t;

/* The path table: one slot per recorded path, holding its article id. */
typedef struct {
    uint64_t id;
    bool used;
} path_slot_t;

/* Changes to the spelling dictionary, summed over the run so that Xapian
 * is told once per distinct word rather than once per article. */
typedef struct {
    size_t word;         /* offset in words; used when delta or present */
    long long delta;
    bool used;
} spelling_slot_t;

typedef struct {
    spelling_slot_t *slots; /* open addressing; capacity a power of two */
    size_t cap, count;
    jf_buf_t words;         /* NUL-separated */
} spelling_t;

struct jf_indexer {
    jfx_writer_t *writer; /* NULL in a check: nothing is written */
    jfx_db_t *reader;    /* the last commit, for old passages' words */
    jf_analyzer_t *analyzer;
    char **old_synonyms; /* JF_METADATA_SYNONYM keys in the last commit */
    size_t old_synonym_count, old_synonym_cap;
    spelling_t spelling;
    jf_buf_t filters;    /* an article's XT and XS terms, NUL-separated */
    entry_t *table;      /* open addressing; capacity a power of two */
    size_t table_cap, table_count;
    path_slot_t *paths;  /* likewise; filled once the records are loaded */
    size_t paths_cap;
    bool changed;
    bool scratch;        /* jf_indexer_open_scratch: commits as it goes */
    jf_index_stats_t stats;
    char *path;          /* of the index, for messages */
    char *error;
    char *other_path;    /* see jf_indexer_other_path */
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

/* The path table is built once, after loading, and only read after, so
 * it never grows.  A slot whose entry has since moved to another path no
 * longer matches its old path, which is what a rename means. */
static void paths_build(jf_indexer_t *ix)
{
    size_t cap = 1024;
    while (cap < 2 * ix->table_count)
        cap *= 2;
    ix->paths = jf_calloc(cap, sizeof *ix->paths);
    ix->paths_cap = cap;
    for (size_t i = 0; i < ix->table_cap; i++) {
        const entry_t *e = &ix->table[i];
        if (!e->used || !e->path)
            continue;
        size_t j = (size_t)jf_hash_string(e->path) & (cap - 1);
        while (ix->paths[j].used)
            j = (j + 1) & (cap - 1);
        ix->paths[j].used = true;
        ix->paths[j].id = e->id;
    }
}

/* The recorded article now at PATH, or NULL. */
static entry_t *paths_find(jf_indexer_t *ix, const char *path)
{
    if (!ix->paths)
        return NULL;
    size_t j = (size_t)jf_hash_string(path) & (ix->paths_cap - 1);
    for (; ix->paths[j].used; j = (j + 1) & (ix->paths_cap - 1)) {
        entry_t *e = table_slot(ix->table, ix->table_cap, ix->paths[j].id);
        if (e->used && e->path && strcmp(e->path, path) == 0)
            return e;
    }
    return NULL;
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
        e->acronyms = rec.acronyms;
        e->stat = rec.stat;
        e->crc = rec.crc;
        e->size = rec.size;
        e->passages = rec.passages;
        rec.path = rec.acronyms = rec.stat = NULL;
        jf_article_record_free(&rec);
    }
    return 0;
}

static int load_synonym_key(const char *key, const char *value, size_t len,
                            void *ctx)
{
    jf_indexer_t *ix = ctx;
    (void)value, (void)len;
    if (ix->old_synonym_count == ix->old_synonym_cap) {
        ix->old_synonym_cap = ix->old_synonym_cap ? 2 * ix->old_synonym_cap : 64;
        ix->old_synonyms = jf_realloc(ix->old_synonyms, ix->old_synonym_cap *
                                      sizeof *ix->old_synonyms);
    }
    ix->old_synonyms[ix->old_synonym_count++] = jf_strdup(key);
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
                                       ix)) != JFX_OK ||
        (status = jfx_db_each_metadata(db, JF_METADATA_SYNONYM,
                                       load_synonym_key, ix)) != JFX_OK)
        goto fail;
    paths_build(ix);
    free(version);
    ix->reader = db;
    return JFX_OK;
fail:
    *message = jf_strdup(jfx_db_last_error(db));
out:
    free(version);
    jfx_db_close(db);
    return status;
}

/* Opens the index at PATH for writing with the jfx_writer_open FLAGS;
 * LOAD reads its articles (for an update). */
static jfx_status_t open_writer(const char *path, int flags, bool load,
                                unsigned lock_timeout_ms, jf_indexer_t **out,
                                char **message)
{
    jf_indexer_t *ix;
    jfx_status_t status;

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
    if (!load)
        ix->changed = true; /* the old contents go even if no file comes */
    else if ((status = load_index(ix, path, message)) != JFX_OK)
        goto fail;
    *out = ix;
    return JFX_OK;
fail:
    jf_indexer_close(ix);
    return status;
}

jfx_status_t jf_indexer_open(const char *path, bool rebuild,
                             unsigned lock_timeout_ms, jf_indexer_t **out,
                             char **message)
{
    return open_writer(path,
                       JFX_WRITER_CREATE | (rebuild ? JFX_WRITER_OVERWRITE : 0),
                       !rebuild, lock_timeout_ms, out, message);
}

jfx_status_t jf_indexer_open_scratch(const char *path, jf_indexer_t **out,
                                     char **message)
{
    jfx_status_t status = open_writer(
        path, JFX_WRITER_CREATE | JFX_WRITER_OVERWRITE | JFX_WRITER_SCRATCH,
        false, 0, out, message);
    if (status == JFX_OK)
        (*out)->scratch = true;
    return status;
}

jfx_status_t jf_indexer_lock(const char *path, unsigned lock_timeout_ms,
                             jf_indexer_t **out, char **message)
{
    jfx_status_t status = open_writer(path, JFX_WRITER_CREATE, false,
                                      lock_timeout_ms, out, message);
    if (status != JFX_CORRUPT)
        return status;
    /* A corrupt index is what a rebuild is for, and has nothing to lose. */
    free(*message);
    return open_writer(path, JFX_WRITER_CREATE | JFX_WRITER_OVERWRITE, false,
                       lock_timeout_ms, out, message);
}

jfx_status_t jf_indexer_open_check(const char *path, jf_indexer_t **out,
                                   char **message)
{
    jf_indexer_t *ix;
    jfx_status_t status;

    *out = NULL;
    *message = NULL;
    if (is_foreign_directory(path)) {
        *message = path_message(path, "exists and is not an index");
        return JFX_INVALID;
    }
    ix = jf_calloc(1, sizeof *ix);
    ix->path = jf_strdup(path);
    status = load_index(ix, path, message);
    if (status == JFX_NOT_FOUND) {
        /* No index yet: every article is one to add. */
        free(*message);
        *message = NULL;
        status = JFX_OK;
    }
    if (status != JFX_OK) {
        jf_indexer_close(ix);
        return status;
    }
    *out = ix;
    return JFX_OK;
}

/* ------------------------------------------------------------------ */
/* The spelling dictionary */

/* Keeps MESSAGE (which names the index) for jf_indexer_last_error. */
static jfx_status_t fail_with(jf_indexer_t *ix, jfx_status_t status,
                              char *message)
{
    free(ix->error);
    ix->error = message;
    return status;
}

static jfx_status_t error_failed(jf_indexer_t *ix, jf_error_t *err)
{
    jfx_status_t status = err->status;
    fail_with(ix, status, jf_strdup(jf_error_message(err)));
    jf_error_clear(err);
    return status;
}

static jfx_status_t writer_failed(jf_indexer_t *ix, jfx_status_t status)
{
    return fail_with(ix, status,
                     jf_strdup(jfx_writer_last_error(ix->writer)));
}

static uint64_t hash_word(const char *word)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *p = (const unsigned char *)word; *p; p++)
        h = (h ^ *p) * UINT64_C(0x100000001b3);
    return h;
}

static spelling_slot_t *spelling_slot(spelling_t *sp, spelling_slot_t *slots,
                                      size_t cap, const char *word)
{
    size_t i = (size_t)hash_word(word) & (cap - 1);
    while (slots[i].used && strcmp(sp->words.data + slots[i].word, word) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

/* Adds SIGN (+1 or -1) to the count of WORD. */
static void count_word(spelling_t *sp, const char *word, int sign)
{
    if (2 * (sp->count + 1) > sp->cap) {
        size_t cap = sp->cap ? 2 * sp->cap : 4096;
        spelling_slot_t *slots = jf_calloc(cap, sizeof *slots);
        for (size_t i = 0; i < sp->cap; i++)
            if (sp->slots[i].used)
                *spelling_slot(sp, slots, cap,
                               sp->words.data + sp->slots[i].word) =
                    sp->slots[i];
        free(sp->slots);
        sp->slots = slots;
        sp->cap = cap;
    }
    spelling_slot_t *slot = spelling_slot(sp, sp->slots, sp->cap, word);
    if (!slot->used) {
        slot->used = true;
        slot->word = sp->words.len;
        jf_buf_append(&sp->words, word, strlen(word) + 1);
        sp->count++;
    }
    slot->delta += sign;
}

static void count_added_word(const char *word, void *ctx)
{
    count_word(ctx, word, +1);
}

static void count_removed_word(const char *word, void *ctx)
{
    count_word(ctx, word, -1);
}

static void forget_passage(const jf_passage_t *p, void *ctx)
{
    jf_indexer_t *ix = ctx;
    jf_spelling_words(ix->analyzer, p->text, p->text_len, count_removed_word,
                      &ix->spelling);
}

enum { SPELLING_BATCH = 50000 };

/* Hands the summed changes to the writer. */
static jfx_status_t write_spelling(jf_indexer_t *ix)
{
    spelling_t *sp = &ix->spelling;
    jfx_status_t status = JFX_OK;

    size_t written = 0;
    for (size_t i = 0; i < sp->cap && status == JFX_OK; i++) {
        long long delta = sp->slots[i].delta;
        /* Xapian holds spelling changes in memory until a commit: a
         * scratch index commits every SPELLING_BATCH words, so that memory
         * stays bounded on a large corpus. */
        if (delta != 0 && ix->scratch && ++written % SPELLING_BATCH == 0)
            status = jfx_writer_commit(ix->writer);
        while (delta != 0 && status == JFX_OK) {
            int step = delta > INT_MAX ? INT_MAX
                     : delta < -INT_MAX ? -INT_MAX : (int)delta;
            status = jfx_writer_add_spelling(
                ix->writer, sp->words.data + sp->slots[i].word, step);
            delta -= step;
        }
    }
    if (status != JFX_OK)
        return writer_failed(ix, status);
    return JFX_OK;
}

/* Takes the words of the committed passages of article ID (which has
 * PASSAGES of them) out of the spelling dictionary. */
static jfx_status_t forget_spelling(jf_indexer_t *ix, const char *id,
                                    unsigned passages)
{
    jf_error_t err = JF_ERROR_INIT;

    if (!ix->reader)
        return JFX_OK;
    /* A damaged record's count is unknown: read them all. */
    if (jf_document_read(ix->reader, id, passages > 0 ? passages : 100000,
                         forget_passage, ix, &err) != 0)
        return error_failed(ix, &err);
    return JFX_OK;
}

/* ------------------------------------------------------------------ */
/* Adding */

/* Writes passage NUMBER of the article ID. */
static jfx_status_t add_passage(jf_indexer_t *ix, const char *id,
                                unsigned number, const jf_passage_text_t *p,
                                const char *date)
{
    jf_passage_doc_t doc = { id, number, p->text, p->len, &ix->filters,
                             date };
    jf_error_t err = JF_ERROR_INIT;

    if (jf_document_write(ix->writer, ix->analyzer, &doc, count_added_word,
                          &ix->spelling, &err) != 0)
        return error_failed(ix, &err);
    return JFX_OK;
}

/* Stores REC as the record of article ID. */
static jfx_status_t store_record(jf_indexer_t *ix, const char *id,
                                 const jf_article_record_t *rec)
{
    jf_error_t err = JF_ERROR_INIT;
    if (jf_record_write(ix->writer, id, rec, &err) != 0)
        return error_failed(ix, &err);
    return JFX_OK;
}

static jfx_status_t write_record(jf_indexer_t *ix, const char *id,
                                 const char *path, const jf_article_t *article,
                                 const jf_corpus_file_t *file,
                                 const char *acronyms)
{
    const jf_metadata_t *m = &article->meta;
    jf_article_record_t rec = {
        (char *)path, (char *)article->title, file->crc, file->size,
        file->mtime, (unsigned)article->count, m->value[JF_META_SOURCE],
        m->value[JF_META_BYLINE], m->value[JF_META_DATELINE],
        m->value[JF_META_DATE], (char *)acronyms, (char *)file->stat
    };
    return store_record(ix, id, &rec);
}

/* Writes ARTICLE's passages and record, replacing an older version. */
static jfx_status_t write_article(jf_indexer_t *ix, entry_t *e,
                                  const char *id, const char *path,
                                  const jf_article_t *article,
                                  const jf_corpus_file_t *file)
{
    char article_term[JF_ID_TERM_MAX];
    jf_buf_t acronyms = JF_BUF_INIT;
    jfx_status_t status = JFX_OK;

    if (e->recorded) {
        jf_article_term(article_term, id);
        if ((status = forget_spelling(ix, id, e->passages)) != JFX_OK)
            return status;
        if ((status = jfx_writer_delete(ix->writer, article_term)) != JFX_OK)
            return writer_failed(ix, status);
    }
    jf_document_filters(ix->analyzer, article->title,
                        article->meta.value[JF_META_SOURCE], &ix->filters);
    for (size_t i = 0; status == JFX_OK && i < article->count; i++)
        status = add_passage(ix, id, (unsigned)i, &article->passages[i],
                             article->meta.value[JF_META_DATE]);
    jf_acronyms_find(ix->analyzer, article->passages, article->count,
                     &acronyms);
    if (status == JFX_OK)
        status = write_record(ix, id, path, article, file, acronyms.data);
    free(e->acronyms);
    e->acronyms = acronyms.len ? jf_buf_release(&acronyms) : NULL;
    jf_buf_free(&acronyms);
    e->passages = (unsigned)article->count;
    return status;
}

static void set_other_path(jf_indexer_t *ix, const char *path)
{
    free(ix->other_path);
    ix->other_path = jf_strdup(path);
}

/* Rewrites only the record of article ID: its path, mtime and stat data
 * (for a rename, or a touched file), keeping every passage as it is. */
static jfx_status_t move_record(jf_indexer_t *ix, const char *id,
                                const char *path,
                                const jf_corpus_file_t *file)
{
    char key[JF_ID_TERM_MAX];
    char *data = NULL;
    size_t len;
    jf_article_record_t rec;
    jfx_status_t status;

    snprintf(key, sizeof key, JF_METADATA_ARTICLE "%s", id);
    status = jfx_db_get_metadata(ix->reader, key, &data, &len);
    if (status != JFX_OK) {
        free(data);
        return fail_with(ix, status, jf_strdup(jfx_db_last_error(ix->reader)));
    }
    if (jf_article_record_decode(data, len, &rec) != 0) {
        free(data);
        return fail_with(ix, JFX_CORRUPT,
                         path_message(ix->path, "the record of %s is damaged",
                                      path));
    }
    free(data);
    free(rec.path);
    rec.path = jf_strdup(path);
    rec.mtime = file->mtime;
    free(rec.stat);
    rec.stat = file->stat ? jf_strdup(file->stat) : NULL;
    status = store_record(ix, id, &rec);
    jf_article_record_free(&rec);
    return status;
}

/* Decides what PATH's content E (not seen before in this run) is to the
 * index: unchanged, moved here, or to be (re)written. */
static jf_article_change_t classify(jf_indexer_t *ix, entry_t *e,
                                    const char *path)
{
    if (e->record_valid)
        return e->path && strcmp(e->path, path) == 0 ? JF_ARTICLE_UNCHANGED
                                                     : JF_ARTICLE_RENAMED;
    if (e->recorded)
        return JF_ARTICLE_UPDATED; /* a damaged record: write it afresh */
    entry_t *old = paths_find(ix, path);
    if (old && old != e && !old->seen) {
        old->superseded = true;
        return JF_ARTICLE_UPDATED;
    }
    return JF_ARTICLE_ADDED;
}

/* Counts E, handed over in this run, among the articles indexed. */
static void count_seen(jf_indexer_t *ix, entry_t *e,
                       jf_article_change_t change)
{
    e->seen = true;
    ix->stats.articles++;
    ix->stats.passages += e->passages;
    switch (change) {
    case JF_ARTICLE_ADDED: ix->stats.added++; break;
    case JF_ARTICLE_UPDATED: ix->stats.updated++; break;
    case JF_ARTICLE_RENAMED: ix->stats.renamed++; break;
    default: ix->stats.unchanged++; break;
    }
}

int jf_indexer_unchanged_stat(jf_indexer_t *ix, const char *path,
                              const char *stat, unsigned *passages)
{
    entry_t *e = paths_find(ix, path);
    if (!e || !e->record_valid || e->seen)
        return -1;
    if (!e->stat || !stat || strcmp(e->stat, stat) != 0)
        return 0;
    count_seen(ix, e, JF_ARTICLE_UNCHANGED);
    if (passages)
        *passages = e->passages;
    return 1;
}

jfx_status_t jf_indexer_add(jf_indexer_t *ix, const char *path,
                            const jf_corpus_file_t *file,
                            jf_article_change_t *change, unsigned *passages)
{
    char id[JF_ARTICLE_ID_LEN + 1];
    uint64_t key;
    jf_article_t article;
    jf_buf_t error = JF_BUF_INIT;
    jfx_status_t status = JFX_OK;

    jf_article_id(file->crc, file->adler, id);
    parse_id(id, &key);
    entry_t *e = table_get(ix, key);
    if (passages)
        *passages = 0;

    if (e->seen) {
        *change = JF_ARTICLE_DUPLICATE;
        set_other_path(ix, e->path);
        return JFX_OK;
    }
    if (e->record_valid) {
        *change = classify(ix, e, path);
        if (*change == JF_ARTICLE_UNCHANGED && file->stat &&
            (!e->stat || strcmp(e->stat, file->stat) != 0)) {
            free(e->fresh_stat);
            e->fresh_stat = jf_strdup(file->stat);
            e->fresh_mtime = file->mtime;
        }
        if (*change == JF_ARTICLE_RENAMED) {
            if (ix->writer && (status = move_record(ix, id, path, file)) !=
                              JFX_OK)
                return status;
            ix->changed = true;
        }
        goto seen;
    }
    jf_skip_t skip = jf_article_parse(file->text, file->len, file->meta,
                                      file->meta_len, NULL, &error, &article);
    if (skip != JF_SKIP_NONE) {
        /* Not seen: an old version goes. */
        *change = skip == JF_SKIP_EMPTY ? JF_ARTICLE_EMPTY
                                        : JF_ARTICLE_BAD_META;
        if (skip == JF_SKIP_BAD_META)
            fail_with(ix, JFX_INVALID, jf_buf_release(&error));
        jf_buf_free(&error);
        jf_article_free(&article);
        return JFX_OK;
    }

    *change = classify(ix, e, path);
    if (ix->writer)
        status = write_article(ix, e, id, path, &article, file);
    else
        e->passages = (unsigned)article.count;
    jf_article_free(&article);
    if (status != JFX_OK)
        return status;
    ix->changed = true;
seen:
    count_seen(ix, e, *change);
    if (*change == JF_ARTICLE_RENAMED)
        set_other_path(ix, e->path);
    if (!e->path || strcmp(e->path, path) != 0) {
        free(e->path);
        e->path = jf_strdup(path);
    }
    if (passages)
        *passages = e->passages;
    return JFX_OK;
}

/* ------------------------------------------------------------------ */
/* Finishing */

enum { STAT_REFRESH_MAX = 250 };

/* One acronym's long form, from an article record. */
typedef struct {
    char *acronym, *long_form;
} synonym_t;

static int compare_synonyms(const void *a, const void *b)
{
    const synonym_t *x = a, *y = b;
    int c = strcmp(x->acronym, y->acronym);
    return c ? c : strcmp(x->long_form, y->long_form);
}

static void add_pairs(const char *pairs, synonym_t **list, size_t *count,
                      size_t *cap)
{
    while (*pairs) {
        const char *end = strchr(pairs, ';'), *eq;
        size_t len = end ? (size_t)(end - pairs) : strlen(pairs);
        eq = memchr(pairs, '=', len);
        if (eq && eq > pairs && eq + 1 < pairs + len) {
            if (*count == *cap) {
                *cap = *cap ? 2 * *cap : 64;
                *list = jf_realloc(*list, *cap * sizeof **list);
            }
            (*list)[*count].acronym = jf_strndup(pairs, (size_t)(eq - pairs));
            (*list)[(*count)++].long_form =
                jf_strndup(eq + 1, (size_t)(pairs + len - eq - 1));
        }
        pairs += len + (end != NULL);
    }
}

/* Rewrites the JF_METADATA_SYNONYM keys from the acronyms of the articles
 * in the index after this run, deleting keys no article supports now. */
static jfx_status_t write_synonyms(jf_indexer_t *ix)
{
    synonym_t *list = NULL;
    size_t count = 0, cap = 0;
    jf_buf_t key = JF_BUF_INIT, value = JF_BUF_INIT;
    jfx_status_t status = JFX_OK;

    for (size_t i = 0; i < ix->table_cap; i++)
        if (ix->table[i].used && ix->table[i].seen && ix->table[i].acronyms)
            add_pairs(ix->table[i].acronyms, &list, &count, &cap);
    if (count > 0)
        qsort(list, count, sizeof *list, compare_synonyms);
    for (size_t i = 0; i < ix->old_synonym_count && status == JFX_OK; i++) {
        const char *acronym = ix->old_synonyms[i] + strlen(JF_METADATA_SYNONYM);
        synonym_t probe = { (char *)acronym, (char *)"" };
        size_t lo = 0, hi = count;
        while (lo < hi) { /* the first pair of this acronym, if any */
            size_t mid = (lo + hi) / 2;
            if (compare_synonyms(&list[mid], &probe) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == count || strcmp(list[lo].acronym, acronym) != 0)
            status = jfx_writer_set_metadata(ix->writer, ix->old_synonyms[i],
                                             "", 0);
    }
    for (size_t i = 0; i < count && status == JFX_OK;) {
        size_t j = i;
        jf_buf_reset(&value);
        for (; j < count && strcmp(list[j].acronym, list[i].acronym) == 0; j++)
            if (j == i || strcmp(list[j].long_form, list[j - 1].long_form) != 0)
                jf_buf_printf(&value, "%s%s", value.len ? "\n" : "",
                              list[j].long_form);
        jf_buf_reset(&key);
        jf_buf_printf(&key, "%s%s", JF_METADATA_SYNONYM, list[i].acronym);
        status = jfx_writer_set_metadata(ix->writer, key.data, value.data,
                                         value.len);
        i = j;
    }
    for (size_t i = 0; i < count; i++) {
        free(list[i].acronym);
        free(list[i].long_form);
    }
    free(list);
    jf_buf_free(&key);
    jf_buf_free(&value);
    if (status != JFX_OK)
        return writer_failed(ix, status);
    return JFX_OK;
}

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
        if (ix->writer) {
            if ((status = forget_spelling(ix, id, e->passages)) != JFX_OK)
                return status;
            if ((status = jfx_writer_delete(ix->writer, term)) != JFX_OK ||
                (status = jfx_writer_set_metadata(ix->writer, term, "",
                                                  0)) != JFX_OK)
                return writer_failed(ix, status);
        }
        ix->changed = true;
        if (e->superseded)
            continue; /* counted as its path's update */
        ix->stats.removed++;
        if (removed)
            removed(e->path ? e->path : term, ctx);
    }
    if (!ix->changed || !ix->writer)
        return JFX_OK;
    /* Committing anyway: record touched files' new stat data, so later
     * runs need not read them (a run with only touches writes nothing).
     * At most STAT_REFRESH_MAX a run: after a fresh checkout every file
     * has new stat data, and rewriting every record at once would make a
     * one-article update slow. */
    size_t refreshed = 0;
    for (size_t i = 0; i < ix->table_cap && refreshed < STAT_REFRESH_MAX;
         i++) {
        entry_t *e = &ix->table[i];
        if (!e->used || !e->seen || !e->fresh_stat || !e->path)
            continue;
        jf_corpus_file_t file = { .stat = e->fresh_stat,
                                  .mtime = e->fresh_mtime };
        id_string(e->id, id);
        if ((status = move_record(ix, id, e->path, &file)) != JFX_OK)
            return status;
        refreshed++;
    }
    if ((status = write_synonyms(ix)) != JFX_OK ||
        (status = write_spelling(ix)) != JFX_OK)
        return status;
    status = jfx_writer_set_metadata(ix->writer, JF_METADATA_VERSION,
                                     JF_SCHEMA_VERSION,
                                     strlen(JF_SCHEMA_VERSION));
    if (status == JFX_OK)
        status = jfx_writer_commit(ix->writer);
    if (status != JFX_OK)
        return writer_failed(ix, status);
    return JFX_OK;
}

jfx_status_t jf_indexer_settle(jf_indexer_t *ix)
{
    if (!ix->writer)
        return JFX_INVALID;
    for (size_t i = 0; i < ix->table_cap; i++)
        if (ix->table[i].used && ix->table[i].recorded)
            ix->table[i].seen = true;
    ix->changed = true;
    return jf_indexer_finish(ix, NULL, NULL);
}

const jf_index_stats_t *jf_indexer_stats(const jf_indexer_t *ix)
{
    return &ix->stats;
}

const char *jf_indexer_last_error(const jf_indexer_t *ix)
{
    return ix->error ? ix->error : "no error";
}

const char *jf_indexer_other_path(const jf_indexer_t *ix)
{
    return ix->other_path ? ix->other_path : "";
}

void jf_indexer_close(jf_indexer_t *ix)
{
    if (!ix)
        return;
    jfx_writer_close(ix->writer);
    jfx_db_close(ix->reader);
    jf_analyzer_free(ix->analyzer);
    for (size_t i = 0; i < ix->table_cap; i++) {
        free(ix->table[i].path);
        free(ix->table[i].acronyms);
        free(ix->table[i].stat);
        free(ix->table[i].fresh_stat);
    }
    free(ix->table);
    free(ix->paths);
    for (size_t i = 0; i < ix->old_synonym_count; i++)
        free(ix->old_synonyms[i]);
    free(ix->old_synonyms);
    jf_buf_free(&ix->spelling.words);
    free(ix->spelling.slots);
    jf_buf_free(&ix->filters);
    free(ix->path);
    free(ix->error);
    free(ix->other_path);
    free(ix);
}
