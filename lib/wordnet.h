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

#endif
