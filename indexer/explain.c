/* explain.c - jfindex --explain (see explain.h).
 *
 * The file goes through the very code a run uses (corpus.c, article.c,
 * clean.c, acronyms.c), with the cleaner's log switched on, so what is
 * explained is what would be indexed.
 */
#include "explain.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "acronyms.h"
#include "article.h"
#include "buf.h"
#include "corpus.h"
#include "text.h"

/* Prints ARTICLE, found at PATH, and what cleaning did (LOG). */
static void print_article(FILE *out, const char *path, const char *meta_path,
                          const jf_article_t *article,
                          const jf_clean_log_t *log, const char *acronyms)
{
    static const char *const kinds[] = {
        [JF_NOTE_DROP] = "dropped", [JF_NOTE_STRIP] = "stripped",
        [JF_NOTE_JOIN] = "joined", [JF_NOTE_DUPLICATE] = "duplicate"
    };

    fprintf(out, "article: %s\n", path);
    for (int f = 0; f < JF_META_FIELDS; f++) {
        const char *value = article->meta.value[f];
        fprintf(out, "%s: %s", jf_meta_field_name((jf_meta_field_t)f),
                value ? value : "(none)");
        if (article->meta.origin[f] == JF_META_SIDECAR)
            fprintf(out, " (from %s)", meta_path);
        else if (value)
            fprintf(out, " (detected)");
        fputc('\n', out);
    }
    fprintf(out, "acronyms: %s\n", *acronyms ? acronyms : "(none)");
    for (size_t i = 0; i < log->n; i++) {
        const jf_clean_note_t *n = &log->items[i];
        fprintf(out, "%s line %u", kinds[n->kind], n->lineno);
        if (n->kind == JF_NOTE_JOIN)
            fprintf(out, " into passage %d", n->passage);
        else if (n->kind == JF_NOTE_DUPLICATE)
            fprintf(out, " of passage %d", n->passage);
        fprintf(out, " [%s: %s]: %s\n", n->rule, n->reason, n->text);
    }
    for (size_t i = 0; i < article->count; i++)
        fprintf(out, "kept passage %zu: %s\n", i, article->passages[i].text);
}

/* Reads the regular file PATH as a run would. */
static int read_file(const char *path, jf_corpus_file_t *file,
                     jf_error_t *err)
{
    jf_buf_t reason = JF_BUF_INIT;
    struct stat st;

    if (stat(path, &st) != 0)
        return jf_fail(err, errno == ENOENT ? JFX_NOT_FOUND : JFX_IO,
                       "%s: %s", path,
                       errno == ENOENT ? "no such file" : strerror(errno));
    if (!S_ISREG(st.st_mode))
        return jf_fail(err, JFX_INVALID, "%s: not a regular file", path);
    if (jf_corpus_read(path, NULL, NULL, file, &reason) != JF_SKIP_NONE)
        jf_fail(err, JFX_INVALID, "%s: %s", path, reason.data);
    jf_buf_free(&reason);
    return jf_failed(err) ? -1 : 0;
}

int jf_explain(const char *path, FILE *out, jf_error_t *err)
{
    jf_buf_t reason = JF_BUF_INIT, acronyms = JF_BUF_INIT;
    jf_clean_log_t log = JF_CLEAN_LOG_INIT;
    jf_corpus_file_t file;
    jf_article_t article;

    if (jf_failed(err) || read_file(path, &file, err) != 0)
        return -1;
    jf_skip_t parsed = jf_article_parse(file.text, file.len, file.meta,
                                        file.meta_len, &log, &reason,
                                        &article);
    char *meta_path = jf_metadata_sidecar_path(path);
    jf_analyzer_t *analyzer = jf_analyzer_new();
    if (parsed == JF_SKIP_EMPTY) {
        jf_fail(err, JFX_INVALID, "%s: empty (no line of article text)",
                path);
    } else if (parsed == JF_SKIP_BAD_META) {
        jf_fail(err, JFX_INVALID, "%s: %s", meta_path, reason.data);
    } else if (!analyzer) {
        jf_fail(err, JFX_INTERNAL, "libstemmer has no English stemmer");
    } else {
        jf_acronyms_find(analyzer, article.passages, article.count,
                         &acronyms);
        print_article(out, path, meta_path, &article, &log,
                      acronyms.len ? acronyms.data : "");
    }
    jf_analyzer_free(analyzer);
    free(meta_path);
    jf_article_free(&article);
    jf_clean_log_free(&log);
    jf_corpus_file_free(&file);
    jf_buf_free(&reason);
    jf_buf_free(&acronyms);
    return jf_failed(err) ? -1 : 0;
}
