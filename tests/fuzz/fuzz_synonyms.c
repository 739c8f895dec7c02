/* fuzz_synonyms.c - libFuzzer harness for the synonyms file reader
 * (searcher/synonyms.c), as jfsearch --synonyms FILE reads it.
 *
 * Any bytes, as a file: the reader must accept it or refuse it with a
 * message naming the file, never crash or leak.  A table it accepts then
 * expands a query made of the same bytes (when they are UTF-8): the
 * parser's synonym runs look up every run of words in it, the longest
 * first, and the tree must keep the promises query.h makes (a synonym
 * node lies within the query text, with at least one form).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "query.h"
#include "synonyms.h"

static const char *as_file(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("synonyms", 0);
        if (fd < 0)
            abort();
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 ||
        (size > 0 && pwrite(fd, data, size, 0) != (ssize_t)size))
        abort();
    return path;
}

static void check_tree(const jf_query_t *q, size_t len)
{
    for (size_t i = 0; i < q->nodes.n; i++) {
        const jf_qnode_t *n = q->nodes.items[i];
        if (n->start > n->end || n->end > len)
            abort();
        if (n->kind == JF_QN_SYNONYM &&
            (n->forms.n == 0 || n->exprs.n == 0 || n->matched >= n->exprs.n))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static jf_analyzer_t *analyzer;
    if (!analyzer && !(analyzer = jf_analyzer_new()))
        abort();
    const char *path = as_file(data, size);
    jf_synonyms_t *s = jf_synonyms_new();
    jf_error_t err = JF_ERROR_INIT;

    if (jf_synonyms_load_file(s, analyzer, path, &err) != 0) {
        if (!strstr(jf_error_message(&err), path))
            abort(); /* a message that does not name the file */
    } else if (size < 4096 && !memchr(data, '\0', size)) {
        char *text = strndup((const char *)data, size);
        jf_query_t q;
        jf_error_t qerr = JF_ERROR_INIT;
        if (jf_query_parse(analyzer, text, s, &q, &qerr) == 0)
            check_tree(&q, size);
        jf_query_free(&q);
        jf_error_clear(&qerr);
        free(text);
    }
    jf_synonyms_free(s);
    jf_error_clear(&err);
    return 0;
}
