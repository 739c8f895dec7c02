/* fuzz_topics.c - libFuzzer harness for the topics file reader
 * (searcher/topics.c), as jfcoverage --topics FILE reads it.
 *
 * Any bytes, as a file: the reader must accept it or refuse it with a
 * message naming the file (and, for a line's problem, the line), never
 * crash or leak.  What it accepts must keep the promises topics.h makes
 * and coverage relies on: every topic has a label, a query and where it
 * was found, no two labels are the same, and each query goes through the
 * query parser (refused or not) as jfcoverage hands it on.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "query.h"
#include "topics.h"

/* DATA as a file the reader opens by name: a memory file, no disk. */
static const char *as_file(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("topics", 0);
        if (fd < 0)
            abort();
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 ||
        (size > 0 && pwrite(fd, data, size, 0) != (ssize_t)size))
        abort();
    return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static jf_analyzer_t *analyzer;
    if (!analyzer && !(analyzer = jf_analyzer_new()))
        abort();
    const char *path = as_file(data, size);
    jf_topics_t topics = JF_TOPICS_INIT;
    jf_error_t err = JF_ERROR_INIT;

    if (jf_topics_load_file(&topics, path, &err) != 0) {
        if (strncmp(jf_error_message(&err), path, strlen(path)) != 0)
            abort(); /* a message that does not name the file */
    }
    for (size_t i = 0; i < topics.n; i++) {
        const jf_topic_t *t = &topics.items[i];
        if (!t->label[0] || !t->query[0] || !t->where[0])
            abort();
        for (size_t k = 0; k < i; k++)
            if (strcmp(topics.items[k].label, t->label) == 0)
                abort();
        jf_query_t q;
        jf_error_t qerr = JF_ERROR_INIT;
        jf_query_parse(analyzer, t->query, NULL, &q, &qerr);
        jf_query_free(&q);
        jf_error_clear(&qerr);
    }
    jf_topics_free(&topics);
    jf_error_clear(&err);
    return 0;
}
