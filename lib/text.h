/* text.h - the one definition of a word.
 *
 * The indexer, the query parser and the highlighter all turn text into
 * terms through this module and nothing else, so a query form always meets
 * the text form it should, and what is highlighted is exactly what matched.
 *
 * A word is a run of letters and digits (Unicode categories L, N and the
 * combining marks M), and:
 *   - it is case-folded and its accents are removed (Élysée -> elysee);
 *   - curly apostrophes (U+2019, U+2018, U+02BC) count as ASCII ';
 *   - an apostrophe between letters stays inside the word, and a
 *     possessive 's or a trailing ' is dropped (China's, China’s -> china;
 *     nations' -> nations);
 *   - a compound joined by hyphens (ASCII -, U+2010, U+2011) or by + between
 *     digits yields each part at consecutive positions, so a phrase of the
 *     parts matches, plus the parts joined together at the first part's
 *     position, flagged JF_TOKEN_JOINED (Indo-Pacific -> indo@1, pacif@2,
 *     indopacif@1; G-7 -> g, 7, g7; 2+2 -> 2, 2, 2+2);
 *   - finally it is stemmed by Snowball English (libstemmer), except that
 *     an acronym that reads as a common word (US, WHO) keeps its capitals
 *     as its term when written in capitals: "US" is not the pronoun "us".
 * Words longer than JF_TERM_MAX bytes after normalisation are skipped (they
 * are not language), but still take a position.
 *
 * Input must be valid UTF-8 (the indexer checks files; the query parser
 * checks queries with jf_utf8_valid).
 */
#ifndef JF_TEXT_H
#define JF_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#define JF_TERM_MAX 64

enum {
    JF_TOKEN_JOINED = 1, /* the joined form of a compound (no own position) */
    JF_TOKEN_CAPS = 2,   /* written in capitals, two or more letters (US) */
    JF_TOKEN_STOP = 4    /* a stopword (the, of, ...) */
};

typedef struct {
    size_t start, end;        /* bytes [start, end) of the input text */
    unsigned pos;             /* word position, from first_pos upwards */
    unsigned flags;           /* JF_TOKEN_* */
    char word[JF_TERM_MAX + 1]; /* normalised, unstemmed (china, indopacific) */
    char term[JF_TERM_MAX + 1]; /* the stem: the term that is indexed */
} jf_token_t;

/* An analyzer owns a Snowball stemmer, which is not thread-safe: use one
 * analyzer per thread.  jf_analyzer_new returns NULL only if libstemmer
 * has no English stemmer.  Caller frees with jf_analyzer_free. */
typedef struct jf_analyzer jf_analyzer_t;
jf_analyzer_t *jf_analyzer_new(void);
void jf_analyzer_free(jf_analyzer_t *a);

/* Calls FN for each token of TEXT[0..LEN) in text order (a compound's
 * parts come before its joined form).  Positions start at FIRST_POS.  FN
 * returns 0 to go on, non-zero to stop.  Returns the position after the
 * last word, so a caller can analyse a document in pieces. */
typedef int (*jf_token_fn)(const jf_token_t *token, void *ctx);
unsigned jf_analyze(jf_analyzer_t *a, const char *text, size_t len,
                    unsigned first_pos, jf_token_fn fn, void *ctx);

/* Stems one already normalised word (as in jf_token_t.word) into TERM,
 * which has room for JF_TERM_MAX + 1 bytes. */
void jf_stem_word(jf_analyzer_t *a, const char *word, char *term);

/* True when WORD (normalised, unstemmed) is an English stopword. */
bool jf_is_stopword(const char *word);

/* True when S[0..LEN) is valid UTF-8 (no overlongs, no surrogates). */
bool jf_utf8_valid(const char *s, size_t len);

/* Length of the UTF-8 sequence starting at S (1 for an invalid byte), never
 * past LEN; lets printers step over characters. */
size_t jf_utf8_char_len(const char *s, size_t len);

#endif
