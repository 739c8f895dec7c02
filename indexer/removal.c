/* removal.c - no run removes indexed articles unless the user named the
 * corpus that lacks them (see removal.h).
 *
 * Before a full build, a directory is checked by looking for its first
 * article that can be indexed: in the usual case that is the first file,
 * read once more, and only a directory whose every file is bad is read
 * through.  An update in place, which must not read unchanged files at
 * all, counts the articles it meets instead and checks before it commits.  The corpus an index was built from is recorded as real
 * paths, so "corpus", "./corpus" and a link to it are one corpus.
 */
#include "removal.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "article.h"
#include "buf.h"
#include "jfx.h"
#include "metadata.h"
#include "schema.h"
#include "stub.h"

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *jf_removal_origin(const jf_corpus_list_t *list)
{
    size_t n = list->roots.n;
    char **roots = jf_calloc(n ? n : 1, sizeof *roots);
    jf_buf_t b = JF_BUF_INIT;

    if (n > 0)
        memcpy(roots, list->roots.items, n * sizeof *roots);
    qsort(roots, n, sizeof *roots, compare_strings);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(roots[i], roots[i - 1]) == 0)
            continue;
        if (b.len)
            jf_buf_putc(&b, '\n');
        jf_buf_puts(&b, roots[i]);
    }
    free(roots);
    return b.len ? jf_buf_release(&b) : jf_strdup("");
}

/* Whether the listed file E reads and parses into an article; why not in
 * *KIND and REASON. */
static bool indexable(const jf_corpus_entry_t *e,
                      const jf_corpus_rules_t *rules, jf_skip_t *kind,
                      jf_buf_t *reason)
{
    jf_corpus_file_t file;
    jf_article_t article;
    jf_buf_t why = JF_BUF_INIT;

    *kind = jf_corpus_read(e->path, e->root, rules, &file, reason);
    if (*kind != JF_SKIP_NONE)
        return false;
    *kind = jf_article_parse(file.text, file.len, file.meta, file.meta_len,
                             NULL, &why, &article);
    if (*kind == JF_SKIP_EMPTY) {
        jf_buf_puts(reason, "empty");
    } else if (*kind != JF_SKIP_NONE) {
        char *meta = jf_metadata_sidecar_path(e->path);
        jf_buf_printf(reason, "%s: %s", meta, why.data);
        free(meta);
    }
    jf_buf_free(&why);
    jf_article_free(&article);
    jf_corpus_file_free(&file);
    return *kind == JF_SKIP_NONE;
}

static int fail_unindexable(const char *dir, size_t files, jf_error_t *err)
{
    return jf_fail(err, JFX_INVALID, "%s: none of its %zu article %s can be "
                   "indexed; the index is left as it is", dir, files,
                   files == 1 ? "file" : "files");
}

int jf_removal_check_listed(const char *dir, size_t first, size_t last,
                            jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    if (first == last)
        return jf_fail(err, JFX_INVALID, "%s: no article files (*.txt, "
                       "*.txt.gz) in it; the index is left as it is", dir);
    return 0;
}

int jf_removal_check_readable(jf_run_t *run, const char *dir,
                              const jf_corpus_list_t *list, size_t first,
                              size_t last, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    jf_buf_t reason = JF_BUF_INIT;
    jf_skip_t kind;
    size_t i = first;
    while (i < last &&
           !indexable(&list->items[i], &run->o->rules, &kind, &reason))
        i++;
    if (i == last) {
        for (size_t k = first; k < last; k++) {
            indexable(&list->items[k], &run->o->rules, &kind, &reason);
            jf_run_skipped(run, list->items[k].path, kind, reason.data);
        }
        fail_unindexable(dir, last - first, err);
    }
    jf_buf_free(&reason);
    return jf_failed(err) ? -1 : 0;
}

int jf_removal_check_found(const jf_corpus_list_t *list,
                           const unsigned long *articles, jf_error_t *err)
{
    for (size_t r = 0; r < list->roots.n && !jf_failed(err); r++) {
        const jf_corpus_entry_t *first = NULL;
        size_t files = 0;
        for (size_t i = 0; i < list->n; i++) {
            if (list->items[i].dir != r)
                continue;
            first = first ? first : &list->items[i];
            files++;
        }
        if (files > 0 && articles[r] == 0) {
            char *dir = jf_strndup(first->path, first->rel > 1
                                                    ? first->rel - 1
                                                    : first->rel);
            fail_unindexable(dir, files, err);
            free(dir);
        }
    }
    return jf_failed(err) ? -1 : 0;
}

/* The corpus record of the index at INDEX into *ORIGIN (NULL when the
 * index is missing or holds no article: nothing to protect). */
static int read_origin(const char *index, char **origin, jf_error_t *err)
{
    jfx_db_t *db = NULL;
    uint64_t docs = 0;
    jf_error_t opening = JF_ERROR_INIT;
    *origin = NULL;
    if (jf_stub_open_local(index, &db, &opening) != 0) {
        jfx_status_t st = opening.status;
        jf_error_clear(&opening);
        if (st == JFX_NOT_FOUND || st == JFX_CORRUPT)
            return 0; /* nothing there, or a damage the run reports */
        return jf_fail(err, st, "%s: %s", index, jfx_status_to_string(st));
    }
    jfx_status_t st = jfx_db_doc_count(db, &docs);
    if (st == JFX_OK && docs > 0)
        st = jfx_db_get_metadata(db, JF_METADATA_CORPUS, origin, NULL);
    if (st != JFX_OK)
        jf_fail(err, st, "%s", jfx_db_last_error(db));
    jfx_db_close(db);
    return jf_failed(err) ? -1 : 0;
}

int jf_removal_check_default(const jf_run_t *run, jf_error_t *err)
{
    const jf_build_options_t *o = run->o;
    char *origin = NULL;

    if (jf_failed(err))
        return -1;
    if (!o->default_corpus || o->prune || o->rebuild || o->check)
        return 0;
    if (read_origin(o->index, &origin, err) != 0 || !origin)
        return jf_failed(err) ? -1 : 0;
    if (strcmp(origin, run->origin) != 0) {
        for (char *nl = origin; (nl = strchr(nl, '\n')) != NULL;)
            *nl = ' ';
        if (*origin)
            jf_fail(err, JFX_INVALID, "%s: the index was built from %s, not "
                    "from the default corpus %s; name its corpus directory "
                    "to update it, or give --prune (or --rebuild) to replace "
                    "its articles with these", o->index, origin,
                    run->origin);
        else
            jf_fail(err, JFX_INVALID, "%s: the index does not say which "
                    "corpus it was built from; name its corpus directory to "
                    "update it, or give --prune (or --rebuild) to replace "
                    "its articles with those of %s", o->index, run->origin);
    }
    free(origin);
    return jf_failed(err) ? -1 : 0;
}
