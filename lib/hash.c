/* hash.c - 64-bit FNV-1a (see hash.h). */
#include "hash.h"

#include <string.h>

uint64_t jf_fnv1a(uint64_t h, const void *bytes, size_t len)
{
    const unsigned char *p = bytes;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

uint64_t jf_hash_string(const char *s)
{
    return jf_fnv1a(JF_FNV_BASIS, s, strlen(s));
}
