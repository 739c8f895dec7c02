/* writer.c - the jf_indexer_* API: opening an index, adding articles,
 * finishing the run (see writer.h).
 *
 * What the last commit holds is read once, at opening: the article
 * records (records.c), the files' states (states.c) and the acronym keys
 * (acronym_meta.c).  Each file of the run is then compared by its
 * article id and its path with those records, and only new or changed
 * content is written, passage by passage through lib/document.c.  All
 * changes go into one Xapian transaction (the writer's uncommitted
 * state), committed by jf_indexer_finish.
 *
 * Two things are corpus-wide rather than per passage, and are kept equal
 * to what a rebuild would make: the acronym synonyms, rewritten at the end
 * from every article's record, and the spelling dictionary, to which an
 * article's words are added and from which, when it changes or goes, the
 * words of its old passages (read back from the last commit) are taken
 * (spelling.c).
 */
#include "writer.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "acronym_meta.h"
#include "acronyms.h"
#include "alloc.h"
#include "article.h"
#include "buf.h"
#include "document.h"
#include "files.h"
#include "git_index.h"
#include "records.h"
#include "schema.h"
#include "spelling.h"
#include "states.h"
#include "text.h"

/* A run that only found files touched commits their states when there
 * are this many: reading them again on every later run would cost more. */
enum { TOUCHED_COMMIT = 256 };

/* A part's article documents are committed this often: each holds its
 * article's every word, so Xapian's own threshold (10,000 documents)
 * would hold far more in memory than the passages do. */
enum { ARTICLES_COMMIT = 1000 };

struct jf_indexer {
    jfx_writer_t *writer; /* NULL in a check: nothing is written */
    jfx_writer_t *articles; /* a part's article documents, or NULL */
    size_t articles_pending; /* written to it since its last commit */
    jfx_db_t *reader;     /* the last commit, for old passages' words */
    jf_analyzer_t *analyzer;
    jf_records_t records;
    jf_acronym_meta_t acronyms;
    jf_spelling_t spelling;
    bool changed;
    size_t touched;       /* unchanged files with a new state */
    bool scratch;         /* jf_indexer_open_scratch: commits as it goes */
    jf_index_stats_t stats;
    char *path;           /* of the index, for messages */
    char *origin;         /* the corpus record to commit, or NULL */
    char *other_path;     /* see jf_add_result_t */
    jf_buf_t reason;      /* likewise */
};

/* ------------------------------------------------------------------ */
/* Opening */

bool jf_indexer_foreign_directory(const char *path)
{
    DIR *dir = opendir(path);
    const struct dirent *entry;
    bool has_files = false, is_xapian = false;

    if (!dir)
        return false; /* missing, or a stub file: Xapian decides */
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 ||
            strcmp(entry->d_name, "..") == 0)
            continue;
        has_files = true;
        if (strncmp(entry->d_name, "iam", 3) == 0 ||
            strcmp(entry->d_name, "XAPIANDB") == 0)
            is_xapian = true; /* iamglass, iamchert, iamhoney; a stub */
    }
    closedir(dir);
    return has_files && !is_xapian;
}

/* Records the failure to open that the shim explained in MESSAGE. */
static int fail_opening(jf_error_t *err, jfx_status_t status, char *message)
{
    if (!message)
        return jf_fail(err, status, "%s", jfx_status_to_string(status));
    return jf_fail_take(err, status, message);
}

/* Moves the failure in FROM (which is cleared) into ERR. */
static int pass_on(jf_error_t *err, jf_error_t *from)
{
    jf_fail_take(err, from->status, from->message);
    from->message = NULL;
    jf_error_clear(from);
    return -1;
}

static jf_indexer_t *new_indexer(const char *path)
{
    jf_indexer_t *ix = jf_calloc(1, sizeof *ix);
    ix->path = jf_strdup(path);
    return ix;
}

/* Checks that DB is a jfsearch index of this schema. */
static int check_version(jf_indexer_t *ix, jfx_db_t *db, const char *path,
                         jf_error_t *err)
{
    char *version = NULL;
    uint64_t docs = 0;
    jfx_status_t status;

    if ((status = jfx_db_get_metadata(db, JF_METADATA_VERSION, &version,
                                      NULL)) != JFX_OK ||
        (status = jfx_db_doc_count(db, &docs)) != JFX_OK)
        jf_fail(err, status, "%s", jfx_db_last_error(db));
    else if (*version == '\0' && docs > 0)
        jf_fail(err, JFX_INVALID, "%s: a Xapian database, but not a jfsearch "
                "index (use --rebuild to replace it)", path);
    else if (*version != '\0' && strcmp(version, JF_SCHEMA_VERSION) != 0)
        jf_fail(err, JFX_INVALID, "%s: index has schema version %s, this "
                "jfindex writes version %s (use --rebuild to rebuild it)",
                path, version, JF_SCHEMA_VERSION);
    else
        ix->changed = *version == '\0';
    free(version);
    return jf_failed(err) ? -1 : 0;
}

/* Reads the committed state the writer starts from: checks that it is a
 * jfsearch index of this schema and loads its article records, or takes
 * them from PRELOAD (NULL: none) when it read that state already. */
static int load_index(jf_indexer_t *ix, const char *path,
                      jf_index_preload_t *preload, jf_error_t *err)
{
    jfx_db_t *db;

    if (!jf_index_preload_take(preload, &db, &ix->records, &ix->acronyms) &&
        jf_index_read_state(path, &db, &ix->records, &ix->acronyms, err) != 0)
        return -1;
    check_version(ix, db, path, err);
    if (jf_failed(err)) {
        jfx_db_close(db);
        return -1;
    }
    ix->reader = db;
    return 0;
}

/* Opens the index at PATH for writing with the jfx_writer_open FLAGS;
 * LOAD reads its articles (for an update), or takes them from PRELOAD. */
static int open_writer(const char *path, int flags, bool load,
                       jf_index_preload_t *preload, unsigned lock_timeout_ms,
                       jf_indexer_t **out, jf_error_t *err)
{
    char *message = NULL;

    *out = NULL;
    if (jf_failed(err))
        return -1;
    if (jf_indexer_foreign_directory(path))
        return jf_fail(err, JFX_INVALID, "%s: exists and is not an index; "
                       "give --index a new or empty directory", path);
    if (jf_check_writable(path, err) != 0)
        return -1;
    jf_indexer_t *ix = new_indexer(path);
    jfx_status_t status;
    if (!(ix->analyzer = jf_analyzer_new())) {
        jf_fail(err, JFX_INTERNAL, "libstemmer has no English stemmer");
    } else if ((status = jfx_writer_open(path, flags, lock_timeout_ms,
                                         &ix->writer, &message)) ==
               JFX_LOCKED) {
        free(message);
        jf_fail(err, status, "%s: index is being updated by another "
                "jfindex; gave up after %g s", path, lock_timeout_ms / 1000.0);
    } else if (status != JFX_OK) {
        fail_opening(err, status, message);
    } else if (!load) {
        ix->changed = true; /* the old contents go even if no file comes */
    } else {
        load_index(ix, path, preload, err);
    }
    if (jf_failed(err)) {
        jf_indexer_close(ix);
        return -1;
    }
    *out = ix;
    return 0;
}

int jf_indexer_open(const char *path, bool rebuild, unsigned lock_timeout_ms,
                    jf_index_preload_t *preload, jf_indexer_t **out,
                    jf_error_t *err)
{
    int flags = JFX_WRITER_CREATE | (rebuild ? JFX_WRITER_OVERWRITE : 0);
    return open_writer(path, flags, !rebuild, preload, lock_timeout_ms, out,
                       err);
}

int jf_indexer_open_scratch(const char *path, const char *articles,
                            jf_indexer_t **out, jf_error_t *err)
{
    const int flags = JFX_WRITER_CREATE | JFX_WRITER_OVERWRITE |
                      JFX_WRITER_SCRATCH;
    if (open_writer(path, flags, false, NULL, 0, out, err) != 0)
        return -1;
    (*out)->scratch = true;
    char *message = NULL;
    jfx_status_t status = articles
        ? jfx_writer_open(articles, flags, 0, &(*out)->articles, &message)
        : JFX_OK;
    if (status != JFX_OK) {
        fail_opening(err, status, message);
        jf_indexer_close(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

char *jf_part_articles_path(const char *path)
{
    return jf_strprintf("%s.articles", path);
}

int jf_indexer_open_check(const char *path, jf_indexer_t **out,
                          jf_error_t *err)
{
    jf_error_t loading = JF_ERROR_INIT;

    *out = NULL;
    if (jf_failed(err))
        return -1;
    if (jf_indexer_foreign_directory(path))
        return jf_fail(err, JFX_INVALID, "%s: exists and is not an index",
                       path);
    jf_indexer_t *ix = new_indexer(path);
    if (load_index(ix, path, NULL, &loading) != 0 &&
        loading.status != JFX_NOT_FOUND) {
        jf_indexer_close(ix);
        return pass_on(err, &loading);
    }
    /* Not found: no index yet, so every article is one to add. */
    jf_error_clear(&loading);
    *out = ix;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Adding */

/* Stores ARTICLE's record, found at PATH as FILE, under ID. */
static int write_record(jf_indexer_t *ix, const char *id, const char *path,
                        const jf_article_t *article,
                        const jf_corpus_file_t *file, const char *acronyms,
                        jf_error_t *err)
{
    const jf_metadata_t *m = &article->meta;
    jf_article_record_t rec = {
        (char *)path, (char *)article->title, file->crc, file->size,
        file->mtime, (unsigned)article->count, m->value[JF_META_SOURCE],
        m->value[JF_META_BYLINE], m->value[JF_META_DATELINE],
        m->value[JF_META_DATE], (char *)acronyms, (char *)file->stat
    };
    return jf_record_write(ix->writer, id, &rec, err);
}

/* What article M says of itself, searched and not only shown: its
 * source, byline, dateline and captions, a line each, into OUT. */
static void article_header(const jf_metadata_t *m, jf_buf_t *out)
{
    static const jf_meta_field_t said[] = { JF_META_SOURCE, JF_META_BYLINE,
                                            JF_META_DATELINE,
                                            JF_META_CAPTION };
    for (size_t f = 0; f < sizeof said / sizeof said[0]; f++)
        if (m->value[said[f]])
            jf_buf_printf(out, "%s%s", out->len ? "\n" : "",
                          m->value[said[f]]);
}

/* Commits what the article documents' writer holds. */
static int commit_articles(jf_indexer_t *ix, jf_error_t *err)
{
    jfx_status_t status = jfx_writer_commit(ix->articles);
    ix->articles_pending = 0;
    if (status != JFX_OK)
        return jf_fail(err, status, "%s",
                       jfx_writer_last_error(ix->articles));
    return 0;
}

/* Writes ARTICLE's passages and record, replacing an older version. */
static int write_article(jf_indexer_t *ix, jf_record_t *e, const char *id,
                         const char *path, const jf_article_t *article,
                         const jf_corpus_file_t *file, jf_error_t *err)
{
    jf_buf_t acronyms = JF_BUF_INIT, header = JF_BUF_INIT;
    const jf_metadata_t *m = &article->meta;

    if (e->recorded) {
        if (ix->reader)
            jf_spelling_forget(&ix->spelling, ix->reader, ix->analyzer, id,
                               e->passages, err);
        if (jf_document_delete(ix->writer, id, err) != 0)
            return -1;
    }
    article_header(m, &header);
    jf_article_docs_t docs = {
        id, article->title, m->value[JF_META_SOURCE],
        m->value[JF_META_BYLINE], m->value[JF_META_DATE], header.data,
        article->passages, article->count
    };
    jf_document_write_article(ix->writer, ix->articles, ix->analyzer, &docs,
                              jf_spelling_add, &ix->spelling, err);
    if (ix->articles && ++ix->articles_pending == ARTICLES_COMMIT &&
        !jf_failed(err))
        commit_articles(ix, err);
    jf_acronyms_find(ix->analyzer, article->passages, article->count,
                     &acronyms);
    write_record(ix, id, path, article, file, acronyms.data, err);
    free(e->acronyms);
    e->acronyms = acronyms.len ? jf_buf_release(&acronyms) : NULL;
    jf_buf_free(&acronyms);
    jf_buf_free(&header);
    e->passages = (unsigned)article->count;
    return jf_failed(err) ? -1 : 0;
}

/* Keeps a copy of PATH for the result of jf_indexer_add. */
static const char *keep_other_path(jf_indexer_t *ix, const char *path)
{
    free(ix->other_path);
    ix->other_path = jf_strdup(path);
    return ix->other_path;
}

/* Decides what PATH's content E (not seen before in this run) is to the
 * index: unchanged, moved here, or to be (re)written. */
static jf_article_change_t classify(jf_indexer_t *ix, jf_record_t *e,
                                    const char *path)
{
    if (e->record_valid)
        return e->path && strcmp(e->path, path) == 0 ? JF_ARTICLE_UNCHANGED
                                                     : JF_ARTICLE_RENAMED;
    if (e->recorded)
        return JF_ARTICLE_UPDATED; /* a damaged record: write it afresh */
    jf_record_t *old = jf_records_at(&ix->records, path);
    if (old && old != e && !old->seen) {
        old->superseded = true;
        return JF_ARTICLE_UPDATED;
    }
    return JF_ARTICLE_ADDED;
}

/* Counts E, handed over in this run, among the articles indexed. */
static void count_seen(jf_indexer_t *ix, jf_record_t *e,
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

jf_stat_match_t jf_indexer_match_stat(jf_indexer_t *ix, const char *path,
                                      const char *stat)
{
    jf_record_t *e = jf_records_at(&ix->records, path);
    if (!e || !e->record_valid || e->seen)
        return JF_STAT_UNKNOWN;
    if (!e->stat || !stat || strcmp(e->stat, stat) != 0)
        return JF_STAT_DIFFERS;
    count_seen(ix, e, JF_ARTICLE_UNCHANGED);
    return JF_STAT_SAME;
}

static bool is_git_state(const char *state)
{
    return strncmp(state, JF_GIT_STATE_PREFIX,
                   strlen(JF_GIT_STATE_PREFIX)) == 0;
}

/* An article whose content the index holds already: unchanged (perhaps
 * touched, which is noted) or renamed, which rewrites its record. */
static int add_known(jf_indexer_t *ix, jf_record_t *e, const char *id,
                     const char *path, const jf_corpus_file_t *file,
                     jf_add_result_t *result, jf_error_t *err)
{
    result->change = classify(ix, e, path);
    if (result->change == JF_ARTICLE_UNCHANGED && file->stat &&
        (!e->stat || strcmp(e->stat, file->stat) != 0)) {
        free(e->fresh_stat);
        e->fresh_stat = jf_strdup(file->stat);
        e->state_dirty = true;
        ix->touched++;
        /* git's ids outlast checkouts: worth a commit of their own. */
        if (is_git_state(file->stat))
            ix->changed = true;
    }
    if (result->change == JF_ARTICLE_RENAMED) {
        if (ix->writer &&
            jf_records_move(ix->reader, ix->writer, ix->path, id, path,
                            file->mtime, file->stat, err) != 0)
            return -1;
        e->stat_from_table = false;
        e->state_dirty = true;
        ix->changed = true;
    }
    return 0;
}

/* An article whose content is new to the index: parsed and written, or
 * counted in a check.  Leaves RESULT->change EMPTY or BAD_META when it
 * cannot be indexed. */
static int add_new(jf_indexer_t *ix, jf_record_t *e, const char *id,
                   const char *path, const jf_corpus_file_t *file,
                   jf_add_result_t *result, jf_error_t *err)
{
    jf_article_t article;

    jf_buf_reset(&ix->reason);
    jf_skip_t skip = jf_article_parse(file->text, file->len, file->meta,
                                      file->meta_len, NULL, &ix->reason,
                                      &article);
    if (skip == JF_SKIP_EMPTY) {
        result->change = JF_ARTICLE_EMPTY;
    } else if (skip != JF_SKIP_NONE) {
        result->change = JF_ARTICLE_BAD_META;
        result->reason = ix->reason.data;
    } else {
        result->change = classify(ix, e, path);
        if (ix->writer)
            write_article(ix, e, id, path, &article, file, err);
        else
            e->passages = (unsigned)article.count;
        /* Its record holds its state now. */
        e->stat_from_table = false;
        e->state_dirty = true;
        ix->changed = true;
    }
    jf_article_free(&article);
    return jf_failed(err) ? -1 : 0;
}

int jf_indexer_add(jf_indexer_t *ix, const char *path,
                   const jf_corpus_file_t *file, jf_add_result_t *result,
                   jf_error_t *err)
{
    char id[JF_ARTICLE_ID_LEN + 1];
    uint64_t key;

    memset(result, 0, sizeof *result);
    if (jf_failed(err))
        return -1;
    jf_article_id(file->crc, file->adler, id);
    jf_record_parse_id(id, &key); /* cannot fail: jf_article_id wrote it */
    jf_record_t *e = jf_records_get(&ix->records, key);
    if (e->seen) {
        result->change = JF_ARTICLE_DUPLICATE;
        result->other_path = keep_other_path(ix, e->path);
        return 0;
    }
    if ((e->record_valid ? add_known : add_new)(ix, e, id, path, file,
                                                  result, err) != 0)
        return -1;
    if (result->change == JF_ARTICLE_EMPTY ||
        result->change == JF_ARTICLE_BAD_META)
        return 0; /* not seen: an old version goes */
    count_seen(ix, e, result->change);
    if (result->change == JF_ARTICLE_RENAMED)
        result->other_path = keep_other_path(ix, e->path);
    if (!e->path || strcmp(e->path, path) != 0) {
        free(e->path);
        e->path = jf_strdup(path);
    }
    result->passages = e->passages;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Finishing */

/* Removes the articles indexed before but not handed over in this run. */
static int remove_unseen(jf_indexer_t *ix, jf_removed_fn removed, void *ctx,
                         jf_error_t *err)
{
    char id[JF_ARTICLE_ID_LEN + 1], term[JF_ID_TERM_MAX];
    jf_record_t *e;

    for (size_t i = 0; (e = jf_records_next(&ix->records, &i)) != NULL;) {
        if (!e->recorded || e->seen)
            continue;
        jf_record_id_string(e->id, id);
        e->state_dirty = true;
        if (ix->writer) {
            if (ix->reader)
                jf_spelling_forget(&ix->spelling, ix->reader, ix->analyzer,
                                   id, e->passages, err);
            jf_document_delete(ix->writer, id, err);
            if (jf_record_delete(ix->writer, id, err) != 0)
                return -1;
        }
        ix->changed = true;
        if (e->superseded)
            continue; /* counted as its path's update */
        ix->stats.removed++;
        jf_article_term(term, id);
        if (removed)
            removed(e->path ? e->path : term, ctx);
    }
    return 0;
}

void jf_indexer_set_origin(jf_indexer_t *ix, const char *origin)
{
    free(ix->origin);
    ix->origin = origin ? jf_strdup(origin) : NULL;
}

/* Writes the corpus record when it is new: a run over the same corpus
 * leaves the index exactly as it was. */
static int write_origin(jf_indexer_t *ix, jf_error_t *err)
{
    char *old = NULL;
    if (jf_failed(err) || !ix->origin || !ix->writer)
        return jf_failed(err) ? -1 : 0;
    jfx_status_t st = jfx_writer_get_metadata(ix->writer, JF_METADATA_CORPUS,
                                              &old, NULL);
    if (st == JFX_OK && strcmp(old, ix->origin) != 0) {
        st = jfx_writer_set_metadata(ix->writer, JF_METADATA_CORPUS,
                                     ix->origin, strlen(ix->origin));
        ix->changed = true;
    }
    free(old);
    if (st != JFX_OK)
        return jf_fail(err, st, "%s", jfx_writer_last_error(ix->writer));
    return 0;
}

int jf_indexer_finish(jf_indexer_t *ix, jf_removed_fn removed, void *ctx,
                      jf_error_t *err)
{
    if (jf_failed(err) || remove_unseen(ix, removed, ctx, err) != 0 ||
        write_origin(ix, err) != 0)
        return -1;
    if (ix->touched >= TOUCHED_COMMIT)
        ix->changed = true;
    if (!ix->changed || !ix->writer)
        return 0;
    /* Parts of a build are merged whole: their records hold every
     * state. */
    if (!ix->scratch)
        jf_states_write(&ix->records, ix->writer, err);
    jf_acronym_meta_write(&ix->acronyms, &ix->records, ix->writer, err);
    jf_spelling_write(&ix->spelling, ix->writer, ix->scratch, err);
    if (ix->articles)
        commit_articles(ix, err);
    if (jf_failed(err))
        return -1;
    jfx_status_t status = jfx_writer_set_metadata(
        ix->writer, JF_METADATA_VERSION, JF_SCHEMA_VERSION,
        strlen(JF_SCHEMA_VERSION));
    if (status == JFX_OK)
        status = jfx_writer_commit(ix->writer);
    if (status != JFX_OK)
        return jf_fail(err, status, "%s", jfx_writer_last_error(ix->writer));
    /* Each touched file's new state went into that commit. */
    ix->stats.states = ix->touched;
    return 0;
}

int jf_indexer_settle(jf_indexer_t *ix, jf_error_t *err)
{
    jf_record_t *e;

    if (jf_failed(err))
        return -1;
    if (!ix->writer)
        return jf_fail(err, JFX_INVALID, "%s: opened for a check, which "
                       "writes nothing", ix->path);
    for (size_t i = 0; (e = jf_records_next(&ix->records, &i)) != NULL;)
        if (e->recorded)
            e->seen = true;
    ix->changed = true;
    return jf_indexer_finish(ix, NULL, NULL, err);
}

const jf_index_stats_t *jf_indexer_stats(const jf_indexer_t *ix)
{
    return &ix->stats;
}

void jf_indexer_close(jf_indexer_t *ix)
{
    if (!ix)
        return;
    jfx_writer_close(ix->writer);
    jfx_writer_close(ix->articles);
    jfx_db_close(ix->reader);
    jf_analyzer_free(ix->analyzer);
    jf_records_free(&ix->records);
    jf_acronym_meta_free(&ix->acronyms);
    jf_spelling_free(&ix->spelling);
    jf_buf_free(&ix->reason);
    free(ix->path);
    free(ix->origin);
    free(ix->other_path);
    free(ix);
}
