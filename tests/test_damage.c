/* test_damage.c - a damaged index is said to be damaged, never shown as
 * blank or garbled results.
 *
 * Indexes are written here with a piece of what jfindex writes missing or
 * garbled, as a flipped bit or a half-copied index leaves them: a passage
 * whose article record is missing, a record that does not decode, a
 * document whose data is not a passage.  A search that meets one fails
 * with JFX_CORRUPT and a message naming it, and `jfindex --verify`
 * (jf_verify) counts each.  A sound index verifies with no problem.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "document.h"
#include "error.h"
#include "jfx.h"
#include "schema.h"
#include "search.h"
#include "tap.h"
#include "verify.h"

static char dir[] = "/tmp/test_damage.XXXXXX";

typedef enum { SOUND, NO_RECORD, BAD_RECORD, BAD_DATA } damage_t;

static const char *const damage_names[] = {
    "a sound index", "a passage without its record",
    "a record that does not decode", "a document that is not a passage"
};

/* Writes into PATH one article of one passage, "Senkaku talks in Tokyo",
 * with the given damage. */
static int write_index(const char *path, damage_t damage)
{
    const char *id = "00000000000000aa", *text = "Senkaku talks in Tokyo";
    jf_analyzer_t *a = jf_analyzer_new();
    jfx_writer_t *w = NULL;
    jf_error_t err = JF_ERROR_INIT;

    if (jfx_writer_open(path, JFX_WRITER_CREATE, 0, &w, NULL) != JFX_OK)
        return -1;
    jf_passage_text_t passage = { (char *)text, strlen(text) };
    jf_article_docs_t docs = { .id = id, .title = text, .passages = &passage,
                               .count = 1 };
    jf_document_write_article(w, NULL, a, &docs, NULL, NULL, &err);
    jf_article_record_t rec = { .path = (char *)"a.txt",
                                .title = (char *)text, .passages = 1 };
    if (damage != NO_RECORD && damage != BAD_RECORD)
        jf_record_write(w, id, &rec, &err);
    if (damage == BAD_RECORD)
        jfx_writer_set_metadata(w, "A00000000000000aa", "path\tno end", 11);
    if (damage == BAD_DATA) {
        /* A second document, matching, whose data is not a passage. */
        jfx_doc_t *d = jfx_doc_new();
        jfx_doc_add_posting(d, "senkaku", 1, 1);
        jfx_doc_set_data(d, "\x01garbled", 8);
        jfx_writer_replace(w, "Qgarbled", d);
        jfx_doc_destroy(d);
    }
    jfx_writer_set_metadata(w, JF_METADATA_VERSION, JF_SCHEMA_VERSION,
                            strlen(JF_SCHEMA_VERSION));
    int status = !jf_failed(&err) && jfx_writer_commit(w) == JFX_OK ? 0 : -1;
    jfx_writer_close(w);
    jf_analyzer_free(a);
    jf_error_clear(&err);
    return status;
}

static void ignore(const char *problem, void *ctx)
{
    (void)problem;
    (void)ctx;
}

int main(void)
{
    if (!mkdtemp(dir))
        return 2;
    jf_analyzer_t *a = jf_analyzer_new();
    for (damage_t d = SOUND; d <= BAD_DATA; d++) {
        char path[64];
        snprintf(path, sizeof path, "%s/%d", dir, (int)d);
        ok(write_index(path, d) == 0, "(%s written)", damage_names[d]);

        jfx_db_t *db = NULL;
        jfx_db_open(path, &db, NULL);
        jf_search_options_t o;
        jf_search_options_init(&o);
        jf_query_t q;
        jf_results_t r;
        jf_error_t err = JF_ERROR_INIT;
        int rc = jf_search_run(db, a, "senkaku", &o, &q, &r, &err);
        if (d == SOUND) {
            ok(rc == 0 && r.n == 1 && strcmp(r.hits[0].path, "a.txt") == 0,
               "%s: the search finds the passage with its path",
               damage_names[d]);
        } else {
            ok(rc != 0 && err.status == JFX_CORRUPT &&
               strstr(jf_error_message(&err), "the index is damaged") &&
               strstr(jf_error_message(&err), path),
               "%s: the search fails, saying the index is damaged",
               damage_names[d]);
            printf("# %s\n", jf_error_message(&err));
        }
        jf_results_free(&r);
        jf_query_free(&q);
        jf_error_clear(&err);
        jfx_db_close(db);

        jf_verify_tally_t t;
        rc = jf_verify(path, ignore, NULL, &t, &err);
        ok(rc == 0 && (d == SOUND ? t.problems == 0 : t.problems > 0),
           "%s: --verify finds %s", damage_names[d],
           d == SOUND ? "no problem" : "the problem");
        jf_error_clear(&err);
    }
    jf_analyzer_free(a);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    return done_testing();
}
