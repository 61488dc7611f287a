/*
 * eva_atomics.h - force-included for `make eva` only: the GCC __atomic
 * builtins the core uses, as the plain sequential read-modify-write they
 * are on one CPU (xenolith runs the hypervisor on one physical CPU, see
 * event.h).  Frama-C 25 knows none of them; GNU statement expressions and
 * __typeof__ keep the operand's own width, as the builtins do.
 *
 * Environment: proofs only.
 */
#ifndef XL_EVA_ATOMICS_H
#define XL_EVA_ATOMICS_H

#define __atomic_load_n(p, o)        (*(p))
#define __atomic_store_n(p, v, o)    ((void)(*(p) = (v)))
#define __atomic_fetch_or(p, v, o) \
    ({ __typeof__(*(p)) xl_old_ = *(p); *(p) = xl_old_ | (v); xl_old_; })
#define __atomic_fetch_and(p, v, o) \
    ({ __typeof__(*(p)) xl_old_ = *(p); *(p) = xl_old_ & (v); xl_old_; })
#define __atomic_exchange_n(p, v, o) \
    ({ __typeof__(*(p)) xl_old_ = *(p); *(p) = (v); xl_old_; })

#endif
