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
 *    trusted (proofs/README.md, "Assumed"); see 3. for the mask axioms.
 */
#ifndef XL_PROOFS_PRELUDE_H
#define XL_PROOFS_PRELUDE_H

#include <stdint.h>

#define _Static_assert(cond, msg) extern int xl_proofs_static_assert_dropped

/* 5. An EVA-only loop clause (proofs/README.md, EVA, session 9): inside a
 *    loop's annotation block, XL_EVA4_LOOP_UNROLL(n) is EVA's `loop unroll
 *    n;` in EVA's run 4 (XL_EVA_RUN 4) and nothing elsewhere, so what WP
 *    (and EVA's runs 1-3) read of the C is the same with or without it.
 *    It overrides -eva-auto-loop-unroll for that one loop. */
#if defined(XL_EVA_RUN) && XL_EVA_RUN == 4
#define XL_EVA4_LOOP_UNROLL(n) loop unroll n;
#else
#define XL_EVA4_LOOP_UNROLL(n)
#endif

/* 6. A WP-only predicate (proofs/README.md, Time, session 13): in an
 *    annotation, XL_WP_ONLY(p) is p for WP and `0 == 0` for EVA (any
 *    XL_EVA_RUN), so EVA does not evaluate, at every analysed iteration, a
 *    loop invariant or assert that only WP's proof uses (EVA leaves such
 *    quantified predicates to WP anyway).  What WP reads is the same with
 *    or without it.  Not for a clause EVA uses to reduce its state. */
#ifdef XL_EVA_RUN
#define XL_WP_ONLY(...) 0 == 0
#else
#define XL_WP_ONLY(...) __VA_ARGS__
#endif

/*@ axiomatic C_unsigned_wrap {
      axiom u64_wrap_up: \forall integer x;
          0x10000000000000000 <= x < 0x20000000000000000 ==>
          (uint64_t)x == x - 0x10000000000000000;
      axiom u64_wrap_down: \forall integer x;
          -0x10000000000000000 <= x < 0 ==>
          (uint64_t)x == x + 0x10000000000000000;
    }

*/

/* 3. WP hands `x & MASK` to the provers as an uninterpreted `land`, so no
 *    count or flag in count_info/type_info (mm.h) can be reasoned about.
 *    The axioms below give the value of `&` for the project's own literal
 *    masks on a 64-bit value, as arithmetic on bit fields (bits [k, k+n) of
 *    x are (x / 2^k) % 2^n; the fields above bit 48 are written as
 *    fields of x / 2^48, which is the same number).  Each is a fact about two's-complement
 *    bitwise and/or/shift on [0, 2^64) for one constant; trusted (README,
 *    "Assumed"). */
/*@ predicate xl_u64(integer x) = 0 <= x < 0x10000000000000000;
    predicate xl_type_code(integer t) =
        t == 0 || t == 0x2000000000000000 || t == 0x4000000000000000 ||
        t == 0x6000000000000000 || t == 0x8000000000000000 ||
        t == 0xa000000000000000 || t == 0xc000000000000000 ||
        t == 0xe000000000000000;
*/

/* Sections 3's axioms and 4's lemmas are left out of a module's context
 * when proofs.mk lists it in PROOF_NO_MASKS (-DXL_PROOFS_NO_MASKS): WP puts
 * every global axiom and lemma into the context of every goal, and these
 * (with WP's bitwise theory, which they drag in) make each prover call
 * about 30% slower where no goal needs them.  Such a module is proved
 * without these trusted facts.  The two predicates above stay for all:
 * page_type.c and pv_mm.h name them. */
#ifndef XL_PROOFS_NO_MASKS
/*@ axiomatic Xl_masks {
      // PGC_count_mask, PGT_count_mask: (1 << 48) - 1
      axiom mask_count48: \forall integer x; 0 <= x < 0x10000000000000000 ==>
          (x & 0xffffffffffff) == x % 0x1000000000000;
      // PGC_free | PGC_reserved: bits 61..62
      axiom mask_pgc_free_reserved: \forall integer x;
          0 <= x < 0x10000000000000000 ==>
          (x & 0x6000000000000000) ==
              (((x / 0x1000000000000) / 0x2000) % 4) * 0x2000000000000000;
      // PGC_allocated: bit 63
      axiom mask_bit63: \forall integer x; 0 <= x < 0x10000000000000000 ==>
          (x & 0x8000000000000000) ==
              ((x / 0x1000000000000) / 0x8000) * 0x8000000000000000;
      // PGT_type_mask: bits 61..63
      axiom mask_pgt_type: \forall integer x; 0 <= x < 0x10000000000000000 ==>
          (x & 0xe000000000000000) ==
              ((x / 0x1000000000000) / 0x2000) * 0x2000000000000000;
      // PGT_validated: bit 60
      axiom mask_bit60: \forall integer x; 0 <= x < 0x10000000000000000 ==>
          (x & 0x1000000000000000) ==
              (((x / 0x1000000000000) / 0x1000) % 2) * 0x1000000000000000;
      // ~PGT_validated: every bit but 60
      axiom mask_not_bit60: \forall integer x; 0 <= x < 0x10000000000000000 ==>
          (x & 0xefffffffffffffff) ==
              x - (((x / 0x1000000000000) / 0x1000) % 2) * 0x1000000000000000;
      // x | PGT_validated
      axiom or_bit60: \forall integer x; 0 <= x < 0x10000000000000000 ==>
          (x | 0x1000000000000000) ==
              x + (1 - ((x / 0x1000000000000) / 0x1000) % 2) * 0x1000000000000000;
      // x | 1 (a count of 1 on a count-0 word)
      axiom or_bit0: \forall integer x; 0 <= x < 0x10000000000000000 ==>
          (x | 1) == x + (1 - x % 2);
      // x >> PGT_type_shift (C11 6.5.7p5: E1 / 2^E2 for unsigned E1)
      axiom shr61: \forall integer x; 0 <= x < 0x10000000000000000 ==>
          (x >> 61) == x / 0x2000000000000000;
      // x >> PAGE_SHIFT (pte_mfn): E1 / 2^12 for unsigned E1 (C11 6.5.7p5)
      axiom shr12: \forall integer x; 0 <= x < 0x10000000000000000 ==>
          (x >> 12) == x / 0x1000;
      // array_index_nospec: x & all-ones is x, x & 0 is 0
      axiom mask_all_ones: \forall integer x; 0 <= x < 0x10000000000000000 ==>
          (x & 0xffffffffffffffff) == x;
      axiom mask_all_ones32: \forall integer x; 0 <= x < 0x100000000 ==>
          (x & 0xffffffff) == x;
      axiom mask_zero: \forall integer x; (x & 0) == 0;
      // no cvc4/z3 proof within the timeout: trusted as well
      axiom inc_v: \forall integer x; xl_u64(x) &&
          (x & 0xffffffffffff) != 0xffffffffffff ==>
          ((x + 1) & 0x1000000000000000) == (x & 0x1000000000000000);
      // no cvc4/z3 proof within the timeout: trusted as well
      axiom tm_code: \forall integer x; xl_u64(x) ==>
          xl_type_code(x & 0xe000000000000000);
      // x | PGT_validated on a word without it adds the bit.  Follows from
      // the lemma or_v_sum below (proved), yet cvc4/z3 time out deriving it
      // (it seems WP's simplifier rewrites the hypothesis `x & 2^60 == 0`
      // into a bit test; not checked): trusted as well
      axiom or_v_clear: \forall integer x; xl_u64(x) &&
          (x & 0x1000000000000000) == 0 ==>
          (x | 0x1000000000000000) == x + 0x1000000000000000;
      // no cvc4/z3 proof within the timeout: trusted as well
      axiom type_code: \forall integer t; xl_type_code(t) ==>
          (t & 0xe000000000000000) == t && (t & 0xffffffffffff) == 0 &&
          (t & 0x1000000000000000) == 0 &&
          (t | 1) == t + 1 && (t | 0x1000000000000000) == t + 0x1000000000000000;
    }
*/

/* 4. Lemmas (proved from the axioms above by the `masks` proof module, used
 *    as hypotheses everywhere): how the fields of count_info/type_info move
 *    under the updates page_type.c makes.  CM = PGx_count_mask, TM =
 *    PGT_type_mask, V = PGT_validated, FR = PGC_free | PGC_reserved, A =
 *    PGC_allocated. */
/*@

    lemma hi_inc: \forall integer x; xl_u64(x) &&
        (x & 0xffffffffffff) != 0xffffffffffff ==>
        (x + 1) / 0x1000000000000 == x / 0x1000000000000;
    lemma hi_dec: \forall integer x; xl_u64(x) && (x & 0xffffffffffff) != 0 ==>
        (x - 1) / 0x1000000000000 == x / 0x1000000000000;
    lemma hi_set_v: \forall integer x; xl_u64(x) ==>
        (x + 0x1000000000000000) / 0x1000000000000 == x / 0x1000000000000 + 0x1000;
    lemma bit12_set: \forall integer h; 0 <= h && (h / 0x1000) % 2 == 0 ==>
        (h + 0x1000) / 0x2000 == h / 0x2000 && ((h + 0x1000) / 0x1000) % 2 == 1;

    lemma inc_cm: \forall integer x; xl_u64(x) &&
        (x & 0xffffffffffff) != 0xffffffffffff ==>
        xl_u64(x + 1) && ((x + 1) & 0xffffffffffff) == (x & 0xffffffffffff) + 1;
    lemma inc_tm: \forall integer x; xl_u64(x) &&
        (x & 0xffffffffffff) != 0xffffffffffff ==>
        ((x + 1) & 0xe000000000000000) == (x & 0xe000000000000000);

    lemma dec_cm: \forall integer x; xl_u64(x) && (x & 0xffffffffffff) != 0 ==>
        xl_u64(x - 1) && ((x - 1) & 0xffffffffffff) == (x & 0xffffffffffff) - 1;
    lemma dec_tm: \forall integer x; xl_u64(x) && (x & 0xffffffffffff) != 0 ==>
        ((x - 1) & 0xe000000000000000) == (x & 0xe000000000000000);
    lemma dec_v: \forall integer x; xl_u64(x) && (x & 0xffffffffffff) != 0 ==>
        ((x - 1) & 0x1000000000000000) == (x & 0x1000000000000000);

    lemma clear_v: \forall integer x; xl_u64(x) ==>
        xl_u64(x & 0xefffffffffffffff) &&
        ((x & 0xefffffffffffffff) & 0xffffffffffff) == (x & 0xffffffffffff) &&
        ((x & 0xefffffffffffffff) & 0xe000000000000000) ==
            (x & 0xe000000000000000) &&
        ((x & 0xefffffffffffffff) & 0x1000000000000000) == 0;
    lemma or_v_sum: \forall integer x; xl_u64(x) ==>
        (x | 0x1000000000000000) + (x & 0x1000000000000000) ==
            x + 0x1000000000000000;
    lemma set_v: \forall integer x; xl_u64(x) ==>
        xl_u64(x | 0x1000000000000000) &&
        ((x | 0x1000000000000000) & 0xffffffffffff) == (x & 0xffffffffffff) &&
        ((x | 0x1000000000000000) & 0xe000000000000000) ==
            (x & 0xe000000000000000) &&
        ((x | 0x1000000000000000) & 0x1000000000000000) != 0;

*/
#elif defined(XL_PROOFS_NOSPEC_MASKS)
/* A module of PROOF_NOSPEC_MASKS (proofs.mk) keeps only the three facts
 * array_index_nospec needs (the same axioms as in Xl_masks above). */
/*@ axiomatic Xl_nospec_masks {
      axiom mask_all_ones: \forall integer x; 0 <= x < 0x10000000000000000 ==>
          (x & 0xffffffffffffffff) == x;
      axiom mask_all_ones32: \forall integer x; 0 <= x < 0x100000000 ==>
          (x & 0xffffffff) == x;
      axiom mask_zero: \forall integer x; (x & 0) == 0;
    }
*/
#endif /* XL_PROOFS_NO_MASKS */

#endif
