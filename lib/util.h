/* util.h - allocation that cannot fail silently, and small shared helpers. */
#ifndef JF_UTIL_H
#define JF_UTIL_H

#include <stddef.h>

/* malloc/calloc/realloc/strdup that print "PROGRAM: out of memory" and
 * exit with status 2 instead of returning NULL. */
void *jf_malloc(size_t n);
void *jf_calloc(size_t count, size_t size);
void *jf_realloc(void *p, size_t n);
char *jf_strdup(const char *s);
char *jf_strndup(const char *s, size_t n);

/* Prints "PROGRAM: out of memory" and exits with status 2; for libraries
 * that report allocation failure themselves (libstemmer). */
void jf_die_oom(void) __attribute__((noreturn));

/* The program name used in messages (set once by main). */
extern const char *jf_program_name;

#endif
