/* document.h - the one writer of the index layout (schema.h).
 *
 * jfindex turns each passage into a Xapian document, and each article
 * into a record, through this module, and so does every test that builds
 * an index: a test then searches the very layout the searcher meets in
 * use, and a change to the layout is made once, here.  What goes into the
 * spelling dictionary is decided here too, because it is decided word by
 * word while a passage is analysed.
 */
#ifndef JF_DOCUMENT_H
#define JF_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "jfx.h"
#include "schema.h"
#include "text.h"

/* When TOKEN's word is not its stem (and it is neither a joined
 * compound nor an acronym kept in capitals), its exact-form term
 * "E<word>" into OUT, and true. */
#define JF_EXACT_TERM_MAX (sizeof JF_PREFIX_EXACT + JF_TERM_MAX)
bool jf_exact_term(const jf_token_t *token, char out[JF_EXACT_TERM_MAX]);

/* When TEXT[0..LEN) starts with a date (date.h, jf_parse_date), its date
 * term "DYYYYMMDD" into OUT, and the date's length in bytes; else 0.  The
 * indexer posts one where a passage writes a date, the query parser looks
 * dates up by it and the highlighter marks them by it. */
#define JF_DATE_TERM_MAX (sizeof JF_PREFIX_DATE + 8)
size_t jf_date_term(const char *text, size_t len,
                    char out[JF_DATE_TERM_MAX]);
/* Whether TERM is a date term. */
bool jf_is_date_term(const char *term);

/* True when TOKEN's word belongs in the spelling dictionary: not a
 * stopword or a joined compound, letters only (no digits or apostrophes),
 * 3 bytes or more. */
bool jf_is_spelling_word(const jf_token_t *token);

/* Told each spelling word of a passage, once per occurrence. */
typedef void (*jf_spelling_fn)(const char *word, void *ctx);

/* Calls FN for each word of TEXT[0..LEN) that jf_document_write puts in
 * the spelling dictionary, so a caller can take them out again. */
void jf_spelling_words(jf_analyzer_t *a, const char *text, size_t len,
                       jf_spelling_fn fn, void *ctx);

/* An article, as jf_document_write_article takes it. */
typedef struct {
    const char *id;                     /* JF_ARTICLE_ID_LEN hex digits */
    const char *title, *source, *byline; /* for its filter terms; may be
                                           NULL */
    const char *date;                   /* YYYY-MM-DD, or NULL */
    const char *header;                 /* what else the article says of
                                           itself (source, byline,
                                           dateline, captions): searched as
                                           text of its headline passage;
                                           may be NULL */
    const jf_passage_text_t *passages;  /* [0] is the headline */
    size_t count;
} jf_article_docs_t;

/* Writes the documents of article ART with W, replacing earlier versions
 * of them: a document per passage (its postings, its unique and article
 * terms, the article's filter terms, the date and article values and its
 * data) and then the article document (schema.h), with ARTICLES when it
 * is not NULL (a build keeps the article documents apart, to merge them
 * after every passage: writer.h).  Tells SPELL (unless NULL) each
 * spelling word of each passage; the caller adds them to the dictionary
 * (a run sums them first).  The article's record is written apart
 * (jf_record_write).  Returns 0, or -1 with ERR set. */
int jf_document_write_article(jfx_writer_t *w, jfx_writer_t *articles,
                              jf_analyzer_t *a,
                              const jf_article_docs_t *art,
                              jf_spelling_fn spell, void *ctx,
                              jf_error_t *err);

/* Deletes every passage of article ARTICLE_ID, and its article document
 * (not its record). */
int jf_document_delete(jfx_writer_t *w, const char *article_id,
                       jf_error_t *err);

/* Calls FN with each passage of article ARTICLE_ID that DB holds (not
 * its article document), at
 * most LIMIT of them, in no set order.  Passages whose data is not in
 * this layout are passed over: they were not written by this module.
 * Returns 0, or -1 with ERR set. */
typedef void (*jf_passage_fn)(const jf_passage_t *passage, void *ctx);
int jf_document_read(jfx_db_t *db, const char *article_id, unsigned limit,
                     jf_passage_fn fn, void *ctx, jf_error_t *err);

/* The metadata key of article ARTICLE_ID's record. */
void jf_record_key(char out[JF_ID_TERM_MAX], const char *article_id);

/* Stores REC as the record of article ARTICLE_ID. */
int jf_record_write(jfx_writer_t *w, const char *article_id,
                    const jf_article_record_t *rec, jf_error_t *err);

/* Deletes the record of article ARTICLE_ID. */
int jf_record_delete(jfx_writer_t *w, const char *article_id,
                     jf_error_t *err);

#endif
