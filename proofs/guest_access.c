/*
 * guest_access.c - proof harness: guest_access.h's inline range check is
 * code in a header, so this file gives Frama-C a translation unit that
 * contains it (the check itself is proved against its header contract).
 *
 * Environment: proofs only.
 */
#include <guest_access.h>

/*@ assigns \nothing;
    ensures \result <==> guest_range_valid(va, len);
*/
bool proof_guest_range_ok(uint64_t va, size_t len);

bool
proof_guest_range_ok(uint64_t va, size_t len)
{
    return guest_range_ok(va, len);
}
