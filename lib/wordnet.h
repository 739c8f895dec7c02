/* wordnet.h - WordNet as the list of English words and names.
 *
 * Some decisions need to know whether a word is an English word: a query
 * word that is also an acronym mined from the articles stands for the
 * acronym only when it is no word of its own ("raa" may mean RAA, "aids"
 * may not mean AIDS), and a dateline names a place, not "THE RESULT :".
 * WordNet (Debian's wordnet-base, in /usr/share/wordnet or
 * $JFSEARCH_WORDNET) says, from its lemmas and the case they are written
 * in: "aid" is a word, "Tokyo" a name, "japan" both.
 */
#ifndef JF_WORDNET_H
#define JF_WORDNET_H

#include <stdbool.h>
#include <stddef.h>

/* Whether WordNet's files could be read (they are looked for once). */
bool jf_wordnet_available(void);

/* Whether WORD (lower case, as jf_token_t.word) is an English word: it or
 * its base form is a WordNet lemma written in lower case.  False when
 * WordNet is not available. */
bool jf_wordnet_is_word(const char *word);

/* Whether WORD (lower case) is a name: a WordNet lemma written with
 * capitals ("tokyo", "nato", "japan").  False when WordNet is not
 * available. */
bool jf_wordnet_is_name(const char *word);

/* How another lemma of one of a lemma's synsets relates to it. */
typedef enum {
    JF_WORDNET_SPELLING,  /* the same word spelt otherwise: lower case,
                             one word of 5 letters or more, the same first
                             letter, at most 2 edits, all of them English
                             spelling conventions (-ise/-ize, -our/-or,
                             -re/-er, ae/e, -ogue/-og, doubled letters,
                             hyphens...): "organisation", "organization";
                             never a derivation ("value", "valuate") */
    JF_WORDNET_ACRONYM,   /* written in capitals, the initials of the lemma
                             ("NATO" for "north atlantic treaty
                             organization") */
    JF_WORDNET_FULL_NAME  /* the lemma is such an acronym of it */
} jf_wordnet_kind_t;

typedef void (*jf_wordnet_fn)(const char *lemma, jf_wordnet_kind_t kind,
                              void *ctx);

/* Calls FN with each lemma WordNet puts in a synset with LEMMA (lower
 * case, words separated by single spaces) that is one of the kinds
 * above, as WordNet writes it (spaces for '_').  Other synonyms are left
 * out on purpose: a synset also lists names that are not the same thing
 * to a news reader ("Taiwan" and "China", "Russia" and "USSR").  Returns
 * how many calls were made; 0 when WordNet is not available. */
size_t jf_wordnet_variants(const char *lemma, jf_wordnet_fn fn, void *ctx);

#endif
