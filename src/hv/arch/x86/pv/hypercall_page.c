/*
 * pv/hypercall_page.c - the hypercall page of a 64-bit PV guest.
 *
 * Where it runs: hypervisor only (domain builder).
 *
 * A PV guest makes hypercall N by calling hypercall_page + N * 32.  Each
 * 32-byte stub saves the two registers SYSCALL clobbers (RCX gets the
 * return address, R11 the flags), loads N into EAX, enters the hypervisor
 * with SYSCALL, restores RCX and R11 and returns.  Arguments are already in
 * RDI, RSI, RDX, R10, R8 (and R9); the result comes back in RAX.
 *
 * The iret stub is different: it is jumped to with the guest's
 * iret_context's upper part already on the stack, pushes RCX, R11 and RAX to
 * complete struct iret_context, and never returns through the stub.
 * The byte sequences are the guest ABI (a guest may copy them); they are
 * spelled out here as instructions.
 */
#include <string.h>
#include <lib.h>
#include <asm/pv.h>

#define STUB_SIZE 32

static size_t
emit(uint8_t *p, size_t at, const uint8_t *bytes, size_t n)
{
    memcpy(p + at, bytes, n);
    return at + n;
}

static size_t
emit_mov_eax(uint8_t *p, size_t at, uint32_t nr)
{
    uint8_t mov[5] = { 0xb8, (uint8_t)nr, (uint8_t)(nr >> 8), (uint8_t)(nr >> 16),
                       (uint8_t)(nr >> 24) };       /* mov $nr, %eax */

    return emit(p, at, mov, sizeof(mov));
}

int
pv_write_hypercall_page(void *page)
{
    static const uint8_t push_rcx_r11[] = { 0x51, 0x41, 0x53 };   /* push %rcx; push %r11 */
    static const uint8_t push_rax[] = { 0x50 };                   /* push %rax */
    static const uint8_t syscall_insn[] = { 0x0f, 0x05 };         /* syscall */
    static const uint8_t pop_ret[] = { 0x41, 0x5b, 0x59, 0xc3 };  /* pop %r11; pop %rcx; ret */
    uint8_t *p = page;

    memset(p, 0xcc, 4096);                  /* int3 between and after stubs */
    for (unsigned int nr = 0; nr < 4096 / STUB_SIZE; nr++) {
        uint8_t *s = p + nr * STUB_SIZE;
        size_t at = emit(s, 0, push_rcx_r11, sizeof(push_rcx_r11));

        if (nr == __HYPERVISOR_iret) {
            at = emit(s, at, push_rax, sizeof(push_rax));
            at = emit_mov_eax(s, at, nr);
            at = emit(s, at, syscall_insn, sizeof(syscall_insn));
        } else {
            at = emit_mov_eax(s, at, nr);
            at = emit(s, at, syscall_insn, sizeof(syscall_insn));
            at = emit(s, at, pop_ret, sizeof(pop_ret));
        }
        ASSERT(at <= STUB_SIZE);
    }
    return 0;
}
