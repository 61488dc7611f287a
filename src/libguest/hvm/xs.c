/*
 * libguest/hvm/xs.c - the xenstore client for libhvm guests (PVH/HVM, 32-
 * and 64-bit): libguest's xs.c on hvm.h (interface: ../xs.h).
 *
 * Where it runs: guest only.
 */
#include "hvm.h"
#include "../xs.c"
