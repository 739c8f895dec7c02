/* fuzz_query.c - libFuzzer harness for the query parser (searcher/query.c)
 * and every pass over its tree.
 *
 * A query is untrusted text straight from a terminal, a topics file or a
 * web form.  Whatever the bytes, parsing must end in a tree or a one-line
 * error, and each pass (the Xapian query under both operators, the
 * highlight patterns, the --explain units, the did-you-mean words, the
 * expansion notes, the printed tree) must run without a memory error or a
 * leak.  A synonyms table with a phrase, a compound and an acronym makes
 * the synonym runs reachable.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "pattern.h"
#include "query.h"
#include "synonyms.h"
#include "text.h"

static jf_analyzer_t *analyzer;
static jf_synonyms_t *synonyms;

static void setup(void)
{
    static const char *const groups[][3] = {
        { "RAA", "reciprocal access agreement", NULL },
        { "G7", "G-7", "group of seven" },
        { "defence", "defense", NULL },
    };
    jf_error_t err = JF_ERROR_INIT;
    if (!(analyzer = jf_analyzer_new()) || !(synonyms = jf_synonyms_new()))
        abort();
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        size_t n = groups[g][2] ? 3 : 2;
        if (jf_synonyms_add(synonyms, analyzer, groups[g], n, &err) != 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!analyzer)
        setup();
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';  /* a query is a C string: it ends at a NUL */

    jf_query_t q;
    jf_error_t err = JF_ERROR_INIT;
    if (jf_query_parse(analyzer, text, synonyms, &q, &err) == 0) {
        jfx_query_destroy(jf_query_compile(&q, JF_DEFAULT_AND));
        jfx_query_destroy(jf_query_compile(&q, JF_DEFAULT_OR));
        jf_patterns_t highlight = { 0 };
        jf_query_highlight(&q, &highlight);
        jf_patterns_free(&highlight);
        jf_units_t units = { 0 };
        jf_query_units(&q, &units);
        jf_units_free(&units);
        jf_qnode_list_t words = { 0 };
        jf_query_words(&q, &words);
        free(words.items);
        jf_expansions_t notes = { 0 };
        jf_query_expansions(&q, &notes);
        jf_expansions_free(&notes);
        jf_buf_t printed = JF_BUF_INIT;
        jf_query_print(&q, &printed);
        jf_buf_free(&printed);
    } else if (!jf_failed(&err) || strchr(jf_error_message(&err), '\n')) {
        abort();  /* a refusal is one line */
    }
    jf_query_free(&q);
    jf_error_clear(&err);
    free(text);
    return 0;
}
