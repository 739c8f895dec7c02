/* clean.h - turns an article's lines into the passages worth indexing.
 *
 * Web pages bring more than the article: advertisements, disclaimers,
 * share buttons, captions, bylines and timestamps, paragraphs broken
 * mid-sentence and paragraphs repeated.  Cleaning drops the boilerplate
 * (by a table of named rules, each with the reason jfindex --explain
 * shows), turns header cruft into metadata, re-joins broken paragraphs and
 * collapses repeats, so that every passage a search returns is article
 * text.
 */
#ifndef JF_CLEAN_H
#define JF_CLEAN_H

#include <stddef.h>

#include "metadata.h"
#include "schema.h"
#include "vec.h"

/* One non-blank line of an article, trimmed. */
typedef struct {
    const char *text;   /* not NUL-terminated */
    size_t len;
    unsigned lineno;    /* 1-based, in the file */
    unsigned paragraph; /* lines with the same number form one paragraph */
} jf_line_t;

/* What cleaning did, for jfindex --explain. */
typedef enum {
    JF_NOTE_DROP,      /* a line left out */
    JF_NOTE_STRIP,     /* a dateline cut from the front of a line */
    JF_NOTE_JOIN,      /* two paragraphs made one */
    JF_NOTE_DUPLICATE  /* a passage repeating an earlier one, left out */
} jf_note_kind_t;

typedef struct {
    jf_note_kind_t kind;
    const char *rule;   /* its name, static */
    const char *reason; /* static */
    unsigned lineno;    /* the line (the later piece's first line for JOIN) */
    int passage;        /* JOIN: the passage made; DUPLICATE: the passage it
                           repeats; otherwise -1 */
    char *text;         /* the line, prefix or passage; JOIN: the pieces'
                           ends, "... on | talks ..." */
} jf_clean_note_t;

typedef JF_VEC(jf_clean_note_t) jf_clean_log_t;

#define JF_CLEAN_LOG_INIT { NULL, 0, 0 }
void jf_clean_log_free(jf_clean_log_t *log);

/* Cleans LINES[0..COUNT) (in file order) into *PASSAGES, the headline
 * first, and records detected metadata in META (headline, source, byline,
 * dateline, date).  Notes go to LOG unless it is NULL.  Returns the number
 * of passages: 0 when no line is article text (then *PASSAGES is NULL).
 * Caller frees each passage's text and the array. */
size_t jf_clean(const jf_line_t *lines, size_t count, jf_metadata_t *meta,
                jf_passage_text_t **passages, jf_clean_log_t *log);

#endif
