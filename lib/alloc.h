/* alloc.h - allocation that cannot fail silently.
 *
 * Every allocation in the product goes through these wrappers.  When
 * memory runs out they call the out-of-memory handler, which never
 * returns: a search tool has nothing useful to do after malloc fails, and
 * threading an "out of memory" status through every string append would
 * hide the real error paths.  lib/ itself never exits: each program's
 * main() installs a handler that prints its name and exits with status 2;
 * without one the process aborts.
 */
#ifndef JF_ALLOC_H
#define JF_ALLOC_H

#include <stddef.h>

/* malloc/calloc/realloc/strdup that call the out-of-memory handler
 * instead of returning NULL.  A size of 0 is allowed and gives a valid
 * pointer. */
void *jf_malloc(size_t n);
void *jf_calloc(size_t count, size_t size);
void *jf_realloc(void *p, size_t n);
/* realloc of an array of COUNT items of SIZE bytes, checked for overflow. */
void *jf_reallocarray(void *p, size_t count, size_t size);
char *jf_strdup(const char *s);
char *jf_strndup(const char *s, size_t n);

/* Called when an allocation (here or in a library that reports it, such as
 * libstemmer) fails; must not return.  The default aborts. */
typedef void (*jf_oom_fn)(void);
void jf_set_oom_handler(jf_oom_fn fn);
void jf_oom(void) __attribute__((noreturn));

/* The program name used in messages (set once by main). */
extern const char *jf_program_name;

#endif
