/*
 * masks.c - the `masks` proof module: its only goals are the lemmas of
 * prelude.h (force-included), proved from the mask axioms there.
 *
 * Environment: proofs only; never part of a build of the hypervisor.
 */
