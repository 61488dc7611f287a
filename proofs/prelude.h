/*
 * prelude.h - force-included (-include) in front of every file Frama-C
 * parses for `make proofs` and `make eva`.
 *
 * Environment: proofs only; never part of a build of the hypervisor.
 *
 * 1. Frama-C 25's C front end rejects _Static_assert whose condition uses
 *    sizeof/offsetof (DESIGN.md section 6).  The layout facts they pin are
 *    checked by every real compile of the same headers (gcc, both builds),
 *    so here each one becomes a harmless redeclaration.
 * 2. WP's integer theory leaves the value of a wrapped unsigned operation
 *    unspecified (to_uint64 is only known to be in range and to be the
 *    identity in range), so code that detects a wrap the C way
 *    (`va + (len - 1) < va`) cannot be proved without the rule of C11
 *    6.2.5p9: unsigned arithmetic is modulo 2^N.  The two axioms below
 *    state that rule for one wrap of a 64-bit sum or difference.  They are
 *    trusted (proofs/README.md, "Assumed"); nothing else is axiomatised.
 */
#ifndef XL_PROOFS_PRELUDE_H
#define XL_PROOFS_PRELUDE_H

#include <stdint.h>

#define _Static_assert(cond, msg) extern int xl_proofs_static_assert_dropped

/*@ axiomatic C_unsigned_wrap {
      axiom u64_wrap_up: \forall integer x;
          0x10000000000000000 <= x < 0x20000000000000000 ==>
          (uint64_t)x == x - 0x10000000000000000;
      axiom u64_wrap_down: \forall integer x;
          -0x10000000000000000 <= x < 0 ==>
          (uint64_t)x == x + 0x10000000000000000;
    }

*/

#endif
