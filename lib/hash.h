/* hash.h - the one string hash: 64-bit FNV-1a.
 *
 * Stable across runs and machines, so it can decide where a file lands
 * (its shard) and key tables that outlive a process.  Not for hostile
 * input: it is no defence against collision flooding.
 */
#ifndef JF_HASH_H
#define JF_HASH_H

#include <stddef.h>
#include <stdint.h>

#define JF_FNV_BASIS UINT64_C(14695981039346656037)

/* Folds BYTES[0..LEN) into the hash H (start from JF_FNV_BASIS). */
uint64_t jf_fnv1a(uint64_t h, const void *bytes, size_t len);

/* jf_fnv1a of a NUL-terminated string from the basis. */
uint64_t jf_hash_string(const char *s);

#endif
