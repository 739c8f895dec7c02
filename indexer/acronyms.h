/* acronyms.h - acronyms an article defines: "Reciprocal Access Agreement
 * (RAA)".
 *
 * A long form followed by its acronym in parentheses makes the two
 * equivalent at query time (see JF_METADATA_SYNONYM in schema.h).  The
 * acronym is 2 to 10 capitals, perhaps with a plural s (RAAs); its letters
 * must be the initials of the words just before the parenthesis, where
 * small words (of, and, the, ...) may be passed over.  So "(C)" after a
 * name and "(Reuters)" after a place are not acronyms.
 */
#ifndef JF_ACRONYMS_H
#define JF_ACRONYMS_H

#include <stddef.h>

#include "buf.h"
#include "clean.h"
#include "text.h"

/* Appends to OUT the pairs defined in PASSAGES[0..COUNT), in order of first
 * appearance and each once: "raa=reciprocal access agreement;ccp=chinese
 * communist party".  Both sides are the analyzer's normalised words
 * (jf_token_t.word), unstemmed; the acronym loses its plural s. */
void jf_acronyms_find(jf_analyzer_t *analyzer,
                      const jf_passage_text_t *passages, size_t count,
                      jf_buf_t *out);

#endif
