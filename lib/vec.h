/* vec.h - one growable array for every list in the tree.
 *
 * A list is a struct with three fields named items, n and cap (declare it
 * with JF_VEC(T) or write them out); JF_VEC_PUSH appends a copy of a value
 * and JF_VEC_GROW makes room for one more and returns a pointer to it.
 * Capacity doubles, and allocation failure goes to alloc.h's handler, so
 * pushing cannot fail.  Freeing the items is the owner's business:
 * JF_VEC_FREE only frees the array.
 */
#ifndef JF_VEC_H
#define JF_VEC_H

#include <stddef.h>
#include <string.h>

#include "alloc.h"

#define JF_VEC(T) struct { T *items; size_t n, cap; }

/* Makes room for N more items in V. */
#define JF_VEC_RESERVE(v, more)                                            \
    do {                                                                   \
        if ((v)->n + (more) > (v)->cap) {                                  \
            size_t jf_vec_cap_ = (v)->cap ? 2 * (v)->cap : 8;              \
            while (jf_vec_cap_ < (v)->n + (more))                          \
                jf_vec_cap_ *= 2;                                          \
            (v)->items = jf_reallocarray((v)->items, jf_vec_cap_,          \
                                         sizeof *(v)->items);              \
            (v)->cap = jf_vec_cap_;                                        \
        }                                                                  \
    } while (0)

/* A pointer to a new, zeroed last item of V (a GNU statement expression:
 * the reservation is a statement, the pointer its value). */
#define JF_VEC_GROW(v)                                                     \
    ({                                                                     \
        JF_VEC_RESERVE(v, 1);                                              \
        memset(&(v)->items[(v)->n], 0, sizeof *(v)->items);                \
        &(v)->items[(v)->n++];                                             \
    })

#define JF_VEC_PUSH(v, value)                                              \
    do {                                                                   \
        JF_VEC_RESERVE(v, 1);                                              \
        (v)->items[(v)->n++] = (value);                                    \
    } while (0)

#define JF_VEC_FREE(v)                                                     \
    do {                                                                   \
        free((v)->items);                                                  \
        (v)->items = NULL;                                                 \
        (v)->n = (v)->cap = 0;                                             \
    } while (0)

#endif
