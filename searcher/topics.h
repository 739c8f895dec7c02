/* topics.h - the topics a coverage report is about, as editors write them.
 *
 * A topic is a query in jfsearch's full syntax with a label to show it by,
 * and may be required (the CI gate).  The same text form serves a topics
 * file line and a command-line argument:
 *
 *   [+]LABEL: QUERY     a labelled topic; "+" marks it required
 *   [+]QUERY            the label is the query itself
 *
 * The label ends at the first ':' followed by a blank (or the end), so
 * field filters such as title:word stay in the query.  In a file,
 * everything after '#' is a comment and blank lines are ignored.
 */
#ifndef JF_TOPICS_H
#define JF_TOPICS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef struct {
    char *label;      /* as shown in the report */
    char *query;      /* as given to jf_search_run */
    bool required;    /* the report fails (exit 1) when it is not covered */
    char *where;      /* "FILE:LINE" or "topic argument N", for messages */
} jf_topic_t;

typedef struct {
    jf_topic_t *items;      /* vec.h */
    size_t n, cap;
} jf_topics_t;

#define JF_TOPICS_INIT { NULL, 0, 0 }

/* Adds the topic written TEXT, found at WHERE.  Returns 0, or -1 with ERR
 * a "WHERE: problem" line (no query, an empty label, a label already
 * used, text that is not UTF-8 or holds control characters). */
int jf_topics_add(jf_topics_t *t, const char *text, const char *where,
                  jf_error_t *err);

/* Adds every topic of the file at PATH ("-" reads standard input).
 * Returns 0, or -1 with ERR naming the file (and the line) and the
 * problem. */
int jf_topics_load_file(jf_topics_t *t, const char *path, jf_error_t *err);

/* Adds every topic of the lines of TEXT[0..LEN) (a topics file's
 * contents, as typed in a form), messages naming it NAME ("NAME:LINE:
 * problem").  Returns 0, or -1 with ERR set. */
int jf_topics_load_text(jf_topics_t *t, const char *text, size_t len,
                        const char *name, jf_error_t *err);

void jf_topics_free(jf_topics_t *t);

#endif
