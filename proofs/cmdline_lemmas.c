/*
 * cmdline_lemmas.c - the lemma cmdline.c states about strlen, proved here
 * (WP proves lemmas only in a run without a function list; cmdline.c has
 * functions outside its module's list).  Keep the text identical to the
 * one in src/hv/common/cmdline.c.
 *
 * Environment: proofs only (make proofs-cmdline_lemmas).
 */
#include <string.h>

/*@ lemma strlen_same{L1, L2}: \forall char *s;
        0 <= \at(strlen(s), L1) &&
        (\forall integer i; 0 <= i <= \at(strlen(s), L1) ==>
            \at(s[i], L1) == \at(s[i], L2)) ==>
        \at(strlen(s), L2) == \at(strlen(s), L1);
*/
