/* test_indexer.c - the index-wide data jfindex keeps: acronym synonyms and
 * the spelling dictionary must come out the same whether the index was
 * updated run by run or rebuilt from the final corpus; the records read
 * ahead and the state table must never stand for what is not so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "corpus.h"
#include "error.h"
#include "writer.h"
#include "jfx.h"
#include "preload.h"
#include "schema.h"
#include "states.h"
#include "tap.h"

#ifndef CORPUS_DIR
#define CORPUS_DIR "corpus"
#endif

static char scratch[] = "/tmp/test_indexer.XXXXXX";

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
}

static void copy_corpus(const char *dir)
{
    jf_corpus_list_t list = JF_CORPUS_LIST_INIT;
    jf_buf_t reason = JF_BUF_INIT, path = JF_BUF_INIT;
    jf_corpus_file_t file;

    jf_corpus_list(CORPUS_DIR, NULL, &list, NULL, NULL, NULL);
    for (size_t i = 0; i < list.n; i++) {
        const jf_corpus_entry_t *e = &list.items[i];
        if (jf_corpus_read(e->path, e->root, NULL, &file, &reason) !=
            JF_SKIP_NONE)
            exit(2);
        jf_buf_reset(&path);
        jf_buf_printf(&path, "%s/%s", dir, strrchr(e->path, '/') + 1);
        write_file(path.data, file.text, file.len);
        jf_corpus_file_free(&file);
    }
    jf_corpus_list_free(&list);
    jf_buf_free(&reason);
    jf_buf_free(&path);
}

/* Indexes the articles under DIR into INDEX as jfindex does. */
static int run_index(const char *index, const char *dir, bool rebuild)
{
    jf_corpus_list_t list = JF_CORPUS_LIST_INIT;
    jf_buf_t reason = JF_BUF_INIT;
    jf_corpus_file_t file;
    jf_indexer_t *ix;
    jf_add_result_t added;
    jf_error_t err = JF_ERROR_INIT;

    jf_indexer_open(index, rebuild, 0, NULL, &ix, &err);
    jf_corpus_list(dir, NULL, &list, NULL, NULL, NULL);
    for (size_t i = 0; i < list.n && !jf_failed(&err); i++) {
        const jf_corpus_entry_t *e = &list.items[i];
        if (jf_corpus_read(e->path, e->root, NULL, &file, &reason) !=
            JF_SKIP_NONE)
            continue;
        jf_indexer_add(ix, e->path, &file, &added, &err);
        jf_corpus_file_free(&file);
    }
    jf_indexer_finish(ix, NULL, NULL, &err);
    jf_indexer_close(ix);
    jf_corpus_list_free(&list);
    jf_buf_free(&reason);
    if (!jf_failed(&err))
        return 0;
    printf("# %s\n", jf_error_message(&err));
    jf_error_clear(&err);
    return -1;
}

/* What an update of INDEX that took AHEAD (preload.h) does with the
 * file at PATH. */
static jf_article_change_t update_with(const char *index,
                                       jf_index_preload_t *ahead,
                                       const char *path)
{
    jf_buf_t reason = JF_BUF_INIT;
    jf_corpus_file_t file;
    jf_indexer_t *ix = NULL;
    jf_add_result_t added = { .change = JF_ARTICLE_EMPTY };
    jf_error_t err = JF_ERROR_INIT;

    jf_indexer_open(index, false, 0, ahead, &ix, &err);
    if (!jf_failed(&err) &&
        jf_corpus_read(path, NULL, NULL, &file, &reason) == JF_SKIP_NONE) {
        jf_indexer_add(ix, path, &file, &added, &err);
        jf_corpus_file_free(&file);
    }
    if (jf_failed(&err))
        printf("# %s\n", jf_error_message(&err));
    jf_indexer_close(ix);
    jf_error_clear(&err);
    jf_buf_free(&reason);
    return added.change;
}

static int print_synonym(const char *key, const char *value, size_t len,
                         void *ctx)
{
    jf_buf_printf(ctx, "%s=%.*s\n", key, (int)len, value);
    return 0;
}

/* What a reader sees of the index-wide data: every synonym key, and the
 * suggestions for misspellings of words some articles hold. */
static char *state(const char *index)
{
    static const char *const probes[] = {
        "senkako", "kishidda", "reciprocol", "zebbra", "pacifizm",
        "comunist", "ajmedia", "frances", NULL
    };
    jf_buf_t out = JF_BUF_INIT;
    jfx_db_t *db;

    if (jfx_db_open(index, &db, NULL) != JFX_OK)
        return jf_strdup("(cannot open)");
    jfx_db_each_metadata(db, JF_METADATA_SYNONYM, print_synonym, &out);
    for (const char *const *p = probes; *p; p++) {
        char *s = NULL;
        jfx_db_spelling_suggestion(db, *p, 2, &s);
        jf_buf_printf(&out, "%s->%s\n", *p, s ? s : "(error)");
        free(s);
    }
    jfx_db_close(db);
    return jf_buf_release(&out);
}

static bool has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
        if ((p == text || p[-1] == '\n') && p[n] == '\n')
            return true;
    return false;
}

/* The state the index at INDEX has for the article at PATH (NULL: none;
 * "(none)" when no article is there), and whether it is the state
 * table's. */
static char *state_of(const char *index, const char *path, bool *from_table)
{
    jfx_db_t *db = NULL;
    jf_records_t records = JF_RECORDS_INIT;
    jf_acronym_meta_t acronyms = JF_ACRONYM_META_INIT;
    jf_error_t err = JF_ERROR_INIT;
    char *state = NULL;

    if (jf_index_read_state(index, &db, &records, &acronyms, &err) != 0) {
        printf("# %s\n", jf_error_message(&err));
        jf_error_clear(&err);
        return jf_strdup("(cannot read)");
    }
    jf_record_t *e = jf_records_at(&records, path);
    state = jf_strdup(!e ? "(none)" : e->stat ? e->stat : "(no state)");
    *from_table = e && e->stat_from_table;
    jfx_db_close(db);
    jf_records_free(&records);
    jf_acronym_meta_free(&acronyms);
    return state;
}

/* The id of the article the index at INDEX has at PATH. */
static void id_at(const char *index, const char *path,
                  char id[JF_ARTICLE_ID_LEN + 1])
{
    jfx_db_t *db = NULL;
    jf_records_t records = JF_RECORDS_INIT;
    jf_acronym_meta_t acronyms = JF_ACRONYM_META_INIT;
    jf_error_t err = JF_ERROR_INIT;

    strcpy(id, "?");
    if (jf_index_read_state(index, &db, &records, &acronyms, &err) == 0) {
        jf_record_t *e = jf_records_at(&records, path);
        if (e)
            jf_record_id_string(e->id, id);
        jfx_db_close(db);
    }
    jf_error_clear(&err);
    jf_records_free(&records);
    jf_acronym_meta_free(&acronyms);
}

/* Commits VALUE (LEN bytes) under the state table's key KEY. */
static void put_bucket(const char *index, const char *key, const char *value,
                       size_t len)
{
    jfx_writer_t *w = NULL;
    if (jfx_writer_open(index, 0, 0, &w, NULL) != JFX_OK ||
        jfx_writer_set_metadata(w, key, value, len) != JFX_OK ||
        jfx_writer_commit(w) != JFX_OK)
        printf("# could not write %s into %s\n", key, index);
    jfx_writer_close(w);
}

int main(void)
{
    char corpus[64], live[64], fresh[64], path[128];

    if (!mkdtemp(scratch)) {
        perror(scratch);
        return 2;
    }
    snprintf(corpus, sizeof corpus, "%s/corpus", scratch);
    snprintf(live, sizeof live, "%s/live", scratch);
    snprintf(fresh, sizeof fresh, "%s/fresh", scratch);
    if (mkdir(corpus, 0777) != 0) {
        perror(corpus);
        return 2;
    }
    copy_corpus(corpus);

    ok(run_index(live, corpus, false) == 0, "the bundled corpus is indexed");
    char *first = state(live);
    /* 003 defines "Reciprocal Access Agreement (RAA)", 004 "reciprocal
     * access agreements (RAA)", 001 "Chinese Communist Party (CCP)". */
    ok(has_line(first, JF_METADATA_SYNONYM "raa=reciprocal access agreement\n"
                "reciprocal access agreements"),
       "an acronym's long forms are one sorted key");
    ok(has_line(first, JF_METADATA_SYNONYM "ccp=chinese communist party"),
       "each acronym defined has its key");
    ok(has_line(first, "senkako->senkaku"), "a corpus word is suggested");
    ok(has_line(first, "kishidda->kishida"), "for each misspelling");
    ok(has_line(first, "zebbra->"), "a word in no article is not");
    ok(has_line(first, "ajmedia->"), "a dateline's agency is not a passage "
       "word");

    /* Change 000 (the only article naming the Senkaku), remove 001 (the
     * only one defining CCP), and give 002 an acronym. */
    snprintf(path, sizeof path, "%s/000_c47153edc2bd3361.txt", corpus);
    const char *zebra = "Zebras cross the strait\n\nA zebra swam the "
                        "Senkakus strait at night.\n";
    write_file(path, zebra, strlen(zebra));
    snprintf(path, sizeof path, "%s/001_31015bd8c0e02e7f.txt", corpus);
    unlink(path);
    snprintf(path, sizeof path, "%s/002_d485fa7606c233e0.txt", corpus);
    const char *raa = "Plans\n\nThey want a Reciprocal Access Arrangement "
                      "(RAA) and a Communist Party Unit (CPU).\n";
    write_file(path, raa, strlen(raa));

    ok(run_index(live, corpus, false) == 0, "the changes are indexed");
    char *second = state(live);
    ok(!has_line(second, "senkako->senkaku"),
       "the words of a changed article's old text are gone");
    ok(has_line(second, "zebbra->zebra"), "and its new words are in");
    ok(has_line(second, "kishidda->kishida"),
       "words other articles still hold stay");
    ok(strstr(second, JF_METADATA_SYNONYM "ccp=") == NULL,
       "the key of an acronym no article defines now is deleted");
    ok(has_line(second, JF_METADATA_SYNONYM "raa=reciprocal access "
                "agreement\nreciprocal access agreements\nreciprocal access "
                "arrangement"), "a new long form joins the key");

    ok(run_index(fresh, corpus, true) == 0, "a rebuild of the same corpus");
    char *rebuilt = state(fresh);
    is_str(second, rebuilt, "has the same synonyms and suggestions");

    /* The records read ahead while the corpus is listed are used only if
     * no commit came after them: here one does (the read of so small an
     * index is long over when it comes), and the update must see it. */
    jf_index_preload_t *ahead = jf_index_preload_start(live);
    usleep(200000);
    snprintf(path, sizeof path, "%s/005_new.txt", corpus);
    const char *late = "Late news\n\nAn article indexed after the read.\n";
    write_file(path, late, strlen(late));
    ok(run_index(live, corpus, false) == 0,
       "an article is committed after the index was read ahead");
    is_int(update_with(live, ahead, path), JF_ARTICLE_UNCHANGED,
           "an update that read ahead knows it all the same");
    jf_index_preload_free(ahead);
    ahead = jf_index_preload_start(live);
    is_int(update_with(live, ahead, path), JF_ARTICLE_UNCHANGED,
           "and so does one whose read is the last commit");
    jf_index_preload_free(ahead);

    /* The state table: an entry gives its path's record its state only
     * while that record is the entry's article; a wrong id is a stale
     * entry, and a bucket cut short is read no further. */
    snprintf(path, sizeof path, "%s/002_d485fa7606c233e0.txt", corpus);
    char id[JF_ARTICLE_ID_LEN + 1];
    id_at(live, path, id);
    bool from_table = true;
    char *before = state_of(live, path, &from_table);
    ok(!from_table, "an article written by a run has its state in its "
       "record");
    jf_buf_t bucket = JF_BUF_INIT;
    jf_buf_append(&bucket, "0123456789abcdef", 17);
    jf_buf_append(&bucket, "wrong-article", 14);
    jf_buf_append(&bucket, path, strlen(path) + 1);
    size_t stale_only = bucket.len;
    jf_buf_append(&bucket, id, strlen(id) + 1);
    jf_buf_append(&bucket, "touched", 8);
    jf_buf_append(&bucket, path, strlen(path) + 1);
    jf_buf_append(&bucket, id, strlen(id) + 1);
    jf_buf_append(&bucket, "cut-short", 9); /* no path */
    put_bucket(live, JF_METADATA_STATES "0:0", bucket.data, bucket.len);
    char *after = state_of(live, path, &from_table);
    is_str(after, "touched", "the table's entry for the article at its "
           "path is its state");
    ok(from_table, "and is known to come from the table");
    free(after);
    put_bucket(live, JF_METADATA_STATES "0:0", bucket.data, stale_only);
    after = state_of(live, path, &from_table);
    is_str(after, before, "an entry for another article at that path "
           "counts for nothing");
    free(after);
    put_bucket(live, JF_METADATA_STATES "0:0", "\0\0", 2);
    after = state_of(live, path, &from_table);
    is_str(after, before, "nor does a damaged bucket");
    jf_buf_free(&bucket);
    free(after);
    free(before);

    free(first);
    free(second);
    free(rebuilt);
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", scratch);
    if (system(command) != 0)
        printf("# could not remove %s\n", scratch);
    return done_testing();
}
