/* schema.h - how jfsearch lays passages out in a Xapian index.
 *
 * The indexer writes this layout and the searcher reads it; both include
 * this header, so the two can never drift apart.  Documents and records
 * are written by document.h alone, for jfindex and for the tests.
 *
 * One Xapian document per passage (the headline is passage 0, then each
 * paragraph).  Its terms:
 *   - the stems from text.h, unprefixed, with positions;
 *   - "E<word>", the exact (normalised, unstemmed) form of each word whose
 *     stem differs (document.h, jf_exact_term), without positions: an
 *     exact match can then weigh more than a stem match;
 *   - "Q<article-id>:<passage>": a unique id, so a passage can be replaced;
 *   - "A<article-id>": the article, so its passages can be deleted together;
 *   - "D<yyyymmdd>" where the passage writes a date, in any form
 *     (document.h, jf_date_term), at the date's position: a date typed
 *     in a query finds it;
 *   - "XT<stem>" for each term of the article's headline, "XS<stem>"
 *     for each term of its source and "XB<stem>" for each of its byline
 *     (jf_analyze terms, stopwords and joined compounds included), on
 *     every passage of the article: filters for title:, source: and
 *     byline: queries.
 * The headline passage also holds, JF_HEADER_GAP positions after the
 * headline, the words of what the article says of itself (source,
 * byline, dateline, photo captions) and its date as a date term, so they
 * are searched as text.
 * Its data is "<article-id>\t<passage>\n<passage text>" (jf_passage_*).
 * Value slot JF_SLOT_ARTICLE holds the article id, to collapse results to
 * one passage per article; JF_SLOT_DATE holds the article's publication
 * date as "YYYYMMDD" (only when it is known), for --since and --until.
 *
 * One more document per article, the article document, weighs the whole
 * article for the article part of a passage's score (search.h): for each
 * term of its passages "W<term>" with the term's frequency summed over
 * them (no positions), so its length is exactly the sum of its passages'
 * lengths, and the article's total text length over all articles equals
 * the passages' (the searcher derives both averages from that).  It has
 * "Q<article-id>", "A<article-id>" (deleted with its passages), the kind
 * term "XA" that tells it from a passage, the filter terms and values of
 * its passages, and no data.
 *
 * Per article, user metadata under "A<article-id>" holds the article record
 * (jf_article_record_*): path, metadata and the content fingerprint that
 * lets an unchanged article be skipped on the next run, and a renamed
 * one be kept.  Metadata keys
 * "syn:<acronym>" hold the long forms of an acronym defined in the corpus
 * ("Reciprocal Access Agreement (RAA)"), one per line, sorted: jfindex
 * rewrites them from the article records whenever the index changes.
 * Metadata keys "st:<bits>:<bucket>" hold the state table: the states of
 * files touched since their records were written (indexer/states.h).
 * The spelling dictionary holds each passage word (jf_token_t.word, not
 * stopwords or joined compounds, letters only, 3 bytes or more), counted
 * once per occurrence, for did-you-mean.
 */
#ifndef JF_SCHEMA_H
#define JF_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define JF_PREFIX_UNIQUE "Q"
#define JF_PREFIX_ARTICLE "A"
#define JF_PREFIX_TITLE "XT"
#define JF_PREFIX_SOURCE "XS"
#define JF_PREFIX_ARTICLE_TEXT "W"
#define JF_PREFIX_EXACT "E"
#define JF_PREFIX_DATE "D"
#define JF_PREFIX_BYLINE "XB"
/* How far after its headline's last word a headline passage's header
 * starts (document.h), so that no phrase reaches from one to the other. */
#define JF_HEADER_GAP 100
#define JF_TERM_ARTICLE_DOC "XA"
#define JF_METADATA_ARTICLE "A"
#define JF_METADATA_SYNONYM "syn:"
/* The state table: files' states newer than their records' (indexer/
 * states.h), "<article id>\0<state>\0<path>\0" per file. */
#define JF_METADATA_STATES "st:"
/* The layout version, under this metadata key: a searcher refuses an index
 * whose version it does not know, rather than misread it. */
#define JF_METADATA_VERSION "jfsearch-schema"
/* 2: cleaned passages, article metadata, acronyms and spelling.
 * 3: an article document per article. */
#define JF_SCHEMA_VERSION "3"
/* The real paths of the corpus directories the last run that wrote the
 * index was given, one a line: a run that names none may not remove the
 * articles of another corpus (jfindex(1), --prune). */
#define JF_METADATA_CORPUS "jfsearch-corpus"

enum { JF_SLOT_ARTICLE = 0, JF_SLOT_DATE = 1 };

/* The text of one passage: the unit an article is indexed in. */
typedef struct {
    char *text; /* NUL-terminated, trimmed, one line */
    size_t len;
} jf_passage_text_t;

/* An article id: 16 lower-case hex digits, the zlib CRC-32 and then the
 * Adler-32 of the article's content (its decoded text followed by its
 * .meta sidecar, as corpus.h reads them).  The id follows the content,
 * not the file name: a renamed file keeps its passages (only its record's
 * path changes), two files with the same text are one article, and an
 * index built through any sequence of changes has the ids a rebuild
 * gives.  Two independent 32-bit checksums make an accidental clash
 * between different texts vanishingly rare (about 2^-64 per pair). */
#define JF_ARTICLE_ID_LEN 16
void jf_article_id(uint32_t crc, uint32_t adler,
                   char id[JF_ARTICLE_ID_LEN + 1]);

/* Passage document data. */
void jf_passage_encode(jf_buf_t *out, const char *article_id,
                       unsigned passage, const char *text, size_t len);
/* Splits DATA into its parts; TEXT points into DATA.  Returns 0, or -1
 * when DATA is not in this layout. */
typedef struct {
    char article_id[JF_ARTICLE_ID_LEN + 1];
    unsigned passage;
    const char *text;
    size_t text_len;
} jf_passage_t;
int jf_passage_decode(const char *data, size_t len, jf_passage_t *out);

/* The article record: one "key\tvalue" line per field.  Values may not
 * hold tabs or newlines (the encoder turns them into spaces).  The fields
 * after passages are optional: the decoder leaves them NULL when absent,
 * and the encoder writes only those that are not NULL or empty. */
typedef struct {
    char *path;        /* as found under the corpus directory given */
    char *title;       /* the headline (or the .meta sidecar's title) */
    uint32_t crc;      /* zlib crc32 of the file's decoded bytes, followed
                          by its .meta sidecar's bytes if there is one */
    uint64_t size;     /* their length */
    int64_t mtime;     /* seconds; only a hint that the file may be unchanged */
    unsigned passages; /* number of passages indexed */
    char *source;      /* agency or outlet: "Reuters" */
    char *byline;      /* "John Irish and Sakura Murakami" */
    char *dateline;    /* "HIROSHIMA, Japan" */
    char *date;        /* publication date, YYYY-MM-DD */
    char *acronyms;    /* "raa=reciprocal access agreement;ccp=chinese
                          communist party" (see JF_METADATA_SYNONYM) */
    char *stat;        /* the file's and its sidecar's state when they were
                          read: their stat data (jf_corpus_stat), or
                          "git:" and their git blob ids (git_index.h);
                          while it is the same, the file is not read
                          again */
} jf_article_record_t;

void jf_article_record_encode(jf_buf_t *out, const jf_article_record_t *rec);
/* Fills REC with malloc'd strings (free with jf_article_record_free).
 * Returns 0, or -1 when DATA is not a record. */
int jf_article_record_decode(const char *data, size_t len,
                             jf_article_record_t *rec);
/* As jf_article_record_decode, but leaves NULL the fields only a reader
 * shows (title, source, byline, dateline, date), which are still checked:
 * what an index run loads of every record, without copying the rest. */
int jf_article_record_decode_brief(const char *data, size_t len,
                                   jf_article_record_t *rec);
void jf_article_record_free(jf_article_record_t *rec);

/* Term buffers: a prefix, an id and a passage number fit in this. */
#define JF_ID_TERM_MAX 48
void jf_unique_term(char out[JF_ID_TERM_MAX], const char *article_id,
                    unsigned passage);
void jf_article_term(char out[JF_ID_TERM_MAX], const char *article_id);
/* "Q<article-id>": the unique term of the article document. */
void jf_article_doc_term(char out[JF_ID_TERM_MAX], const char *article_id);

#endif
