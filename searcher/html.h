/* html.h - the one way text reaches an HTML page.
 *
 * Every page jfsearch writes for a browser (jfcoverage --html, and every
 * page jfserve serves) puts text into HTML through jf_html_escape, and
 * values into links through jf_url_encode, so no headline, query, path or
 * parameter can open a tag, close an attribute or start a script,
 * whatever bytes it holds.  tests/fuzz/fuzz_html.c holds the escaper to
 * that.
 */
#ifndef JF_HTML_H
#define JF_HTML_H

#include <stddef.h>

#include "buf.h"
#include "snippet.h"

/* Appends S[0..LEN) as HTML text, also safe inside a quoted attribute
 * value: & < > " ' become entities, bytes that are not UTF-8 and control
 * characters other than tab and newline become U+FFFD. */
void jf_html_escape(jf_buf_t *b, const char *s, size_t len);
void jf_html_puts(jf_buf_t *b, const char *s);

/* Appends snippet S escaped, each highlighted span inside <mark>. */
void jf_html_snippet(jf_buf_t *b, const jf_snippet_t *s);

/* Appends S[0..LEN) encoded for a query-string value
 * (application/x-www-form-urlencoded): letters, digits and -._~ as they
 * are, a space as '+', every other byte as %XX.  The result holds no
 * character HTML needs escaped but '&' between fields, so a URL built of
 * such values is put in an attribute through jf_html_escape. */
void jf_url_encode(jf_buf_t *b, const char *s, size_t len);

/* Appends "?NAME=VALUE" to URL, or "&NAME=VALUE" when URL has a '?'
 * already, VALUE encoded with jf_url_encode; nothing when VALUE is empty
 * (a link carries only the parameters that say something). */
void jf_url_param(jf_buf_t *url, const char *name, const char *value);

#endif
