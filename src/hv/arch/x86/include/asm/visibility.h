/*
 * asm/visibility.h - force-included into every hypervisor C file.
 *
 * The hypervisor is compiled as position-independent code (-fpie) so that
 * every global is reached RIP-relative from the image's address in Xen's
 * reserved range (the kernel code model would need the top 2 GiB, which
 * belongs to PV guests).  Declaring everything hidden tells the compiler
 * no symbol can come from elsewhere, so it never goes through a GOT.
 */
#pragma GCC visibility push(hidden)
