#!/usr/bin/env python3
"""gen_corpus.py - write the seed corpus and dictionary of fuzz_hypercall.

Usage: python3 fuzz/gen_corpus.py   (from the repository root; rewrites
fuzz/corpus/hypercall/*.bin and fuzz/dict/hypercall.dict)

The encoding is fuzz_hypercall.c's (also in fuzz/README.md): each operation
is opcode, header, then its arguments.  The helpers below write exactly those
bytes, so a seed reads like the guest program it stands for.
"""
import os
import struct

OPS = ["mmu_update", "mmuext", "uva", "evtchn", "sched", "timer", "vcpu",
       "console", "version", "vm_assist", "multicall", "raw", "t_alloc",
       "t_time", "t_create", "t_kill", "t_destroy", "t_crash", "t_virq", "gnttab",
       "domctl"]
OP = {n: i for i, n in enumerate(OPS)}

# frame references (fuzz_hypercall.c: frame())
SHINFO = [0xf0, 0xf1, 0xf2]
FOREIGN, MFN0, PAST, FREE = 0xf3, 0xf4, 0xf5, 0xf6
# dom_id() selectors
SELF, NODOM, DOMIO = 3, 4, 5
# pte flag byte: 1 P, 2 RW, 4 US, 8 A|D, 16 PSE/PAT, 32 G, 64 PCD, 128 NX
P, RW, US, AD, PSE, G, PCD, NX = 1, 2, 4, 8, 16, 32, 64, 128
KERN = 0x80                  # va byte 0: L4 slot 272 (kernel half)
L4_KERN = 272


def hdr(dom, vcpu=0, mode=0):
    return dom | (vcpu << 2) | (mode << 4)


def op(name, dom=0, *args, mode=0):
    return bytes([OP[name], hdr(dom, mode=mode)]) + b"".join(args)


def b(*xs):
    return bytes(xs)


def u16(x):
    return struct.pack("<H", x)


def pte(frame, flags):
    return b(frame, flags)


def mmu(dom, reqs, foreign=0, mode=0):
    """reqs: (table_frame, index, frame, flags) or ('m2p', frame, pfn)"""
    body = b(len(reqs) - 1)
    for r in reqs:
        if r[0] == "m2p":
            body += b(2, r[1]) + u16(0) + u16(r[2])
        elif r[0] == "ad":
            body += b(1, r[1]) + u16(r[2]) + pte(r[3], r[4])
        else:
            body += b(0, r[0]) + u16(r[1]) + pte(r[2], r[3])
    return op("mmu_update", dom, body, b(foreign), mode=mode)


def ext(dom, ops, foreign=0, mode=0):
    """ops: (cmd, a1, a2) raw bytes as the harness reads them"""
    body = b(len(ops) - 1)
    for o in ops:
        body += b(*o)
    return op("mmuext", dom, body, b(foreign), mode=mode)


PIN = {1: 0, 2: 1, 3: 2, 4: 3}
UNPIN, BASEPTR, USER_BASEPTR = 4, 5, 15
FLUSH_LOCAL, INVLPG_LOCAL, FLUSH_MULTI, INVLPG_MULTI = 6, 7, 8, 9
FLUSH_ALL, INVLPG_ALL, FLUSH_CACHE, SET_LDT = 10, 11, 12, 13
CLEAR, COPY, FLUSH_CACHE_GLOBAL, MARK_SUPER = 16, 17, 18, 19


def uva(dom, va, frame, flags, uvmf=0, mode=0):
    return op("uva", dom, b(*va), pte(frame, flags), b(uvmf), mode=mode)


def evt(dom, cmd, d=SELF, port=0, x=0, compat=False, mode=0):
    return op("evtchn", dom, b(cmd | (0x80 if compat else 0), d), u16(port),
              b(x), mode=mode)


ALLOC_UNBOUND, BIND_INTERDOMAIN, BIND_VIRQ, BIND_IPI = 6, 0, 1, 7
CLOSE, SEND, STATUS, BIND_VCPU, UNMASK, RESET = 3, 4, 5, 8, 9, 10


def ts(name, dom, a=0):
    return op(name, 0, b(dom, a))


def alloc(dom, n):
    return ts("t_alloc", dom, n - 1)


# A 4-level table for va KERN/0/0/0 from frames 0..4 of a fresh domain:
# 0 L4, 1 L3, 2 L2, 3 L1, 4 data.
def build_tables(dom, data_flags=P | RW | US):
    return mmu(dom, [(0, L4_KERN, 1, P | RW | US), (1, 0, 2, P | RW | US),
                     (2, 0, 3, P | RW | US), (3, 0, 4, data_flags)])


def pin_and_load(dom):
    return ext(dom, [(PIN[4], 0, 0), (BASEPTR, 0, 0)])


# Grant tables (opcode 19): sub-op byte, then its arguments.
PERMIT, READONLY, OWN_TABLE = 1, 4, 0x40
HOST, DEVICE, GRO, CONTAINS_PTE = 2, 1, 4, 16     # GNTMAP_* bits


def gw(dom, ref, flags, to, frame=0):
    """dom writes its grant entry ref: flags, grantee selector, frame"""
    tail = b() if flags & OWN_TABLE else b(frame)
    return op("gnttab", dom, b(0, ref, flags, to), tail)


def gsetup(dom, d=SELF, nr=1):
    return op("gnttab", dom, b(1, d, nr))


def gquery(dom, d=SELF):
    return op("gnttab", dom, b(2, d))


def gmap_elem(d, ref, flags, va=None, pte_at=None):
    """host address: a va (4 table indices) or pte_at (L1 frame, index)"""
    if pte_at is not None:
        flags |= CONTAINS_PTE
        return b(d, ref, flags, pte_at[0]) + u16(pte_at[1])
    return b(d, ref, flags, *va)


def gmap(dom, *elems, mode=0):
    return op("gnttab", dom, b(3 | (8 if len(elems) > 1 else 0)), *elems, mode=mode)


def gunmap(dom, *elems):
    """elems: (handle byte, mode byte, extra bytes)"""
    body = b"".join(b(h, m) + x for h, m, x in elems)
    return op("gnttab", dom, b(4 | (8 if len(elems) > 1 else 0)), body)


def gcopy(dom, flags, length, src, dst):
    """src/dst: (offset/16, ref-or-frame byte, dom selector)"""
    return op("gnttab", dom, b(5, flags, length, *src, *dst))


# domctl / sysctl (opcode 20): sub byte, target, three argument bytes;
# sysctl (sub >= 11): sub byte, two argument bytes.
DC = {"create": 0, "destroy": 1, "pause": 2, "unpause": 3, "info": 4,
      "max_mem": 5, "setctx": 6, "getctx": 7, "sched": 8, "build": 9,
      "bad": 10, "readconsole": 11, "physinfo": 12, "list": 13, "sysbad": 14}
T_SELF, T_63, T_NONE = 5, 6, 7
PV, PVH, HVM = 1, 2, 3


def dc(dom, name, tgt=0, a=0, b_=0, x=0, flags=0):
    return op("domctl", dom, b(DC[name] | flags, tgt, a, b_, x))


def sc(dom, name, a=0, b_=0, flags=0):
    return op("domctl", dom, b(DC[name] | flags, a, b_))


def create(dom, want, kind, vcpus, pages):
    return dc(dom, "create", want, kind | (vcpus << 2), pages)


def build(dom, tgt, img32=2, first=0x7f, rd16=4):
    return dc(dom, "build", tgt, img32, rd16, first)


GRANT_WORLD = (gsetup(1) + alloc(1, 4) + alloc(2, 6) + build_tables(2)
               + pin_and_load(2)
               + gw(1, 1, PERMIT, 2, 0) + gw(1, 2, PERMIT | READONLY, 2, 1)
               + gw(1, 3, PERMIT, 2, 2))

SEEDS = {
    "boot": alloc(1, 8) + alloc(2, 8) + alloc(0, 8),
    "pt-build-pin": alloc(1, 6) + build_tables(1) + pin_and_load(1)
    + uva(1, (KERN, 0, 0, 1), 5, P | RW | US, uvmf=1)
    + uva(1, (KERN, 0, 0, 1), 5, P | US, uvmf=2)
    + ext(1, [(UNPIN, 0, 0)]) + ext(1, [(USER_BASEPTR, 0, 0)]),
    "pt-writable-pt": alloc(1, 6) + build_tables(1) + pin_and_load(1)
    + mmu(1, [(3, 1, 3, P | RW | US)]) + mmu(1, [(3, 1, 3, P | US)])
    + uva(1, (KERN, 0, 0, 2), 2, P | RW) + ext(1, [(PIN[1], 3, 0)])
    + ext(1, [(CLEAR, 3, 0), (COPY, 4, 3)]),
    "pt-linear": alloc(1, 7) + build_tables(1) + pin_and_load(1)
    + mmu(1, [(0, 273, 0, P | US), (0, 274, 0, P | RW)])
    + ext(1, [(PIN[4], 5, 0)])
    + mmu(1, [(5, 300, 0, P | US), (0, 275, 5, P | US)])
    + mmu(1, [(0, 273, 0, 0)]) + ext(1, [(UNPIN, 5, 0), (UNPIN, 0, 0)]),
    "pt-unpin-relinquish": alloc(2, 6) + build_tables(2) + pin_and_load(2)
    + ext(2, [(PIN[1], 3, 0), (PIN[2], 2, 0)]) + ts("t_kill", 2)
    + ts("t_create", 2) + alloc(2, 3),
    "pt-foreign": alloc(1, 4) + alloc(2, 4)
    + mmu(1, [(0, 0, FOREIGN, P | RW)]) + ext(1, [(PIN[1], 0, 0)])
    + mmu(1, [(0, 0, FOREIGN, P), (0, 1, SHINFO[1], P | RW)])
    + mmu(1, [(0, 2, SHINFO[2], P)]) + ext(1, [(UNPIN, 0, 0)])
    + mmu(1, [(0, 0, 1, P)], foreign=3) + mmu(0, [(0, 0, 1, P)], foreign=4)
    + ext(1, [(PIN[1], MFN0, 0), (PIN[1], PAST, 0), (PIN[1], FREE, 0)]),
    "pt-bad-entries": alloc(1, 6) + build_tables(1) + pin_and_load(1)
    + mmu(1, [(1, 1, 2, P | PSE)]) + mmu(1, [(3, 2, 4, P | PCD)])
    + mmu(0, [(0, 0, 1, P | PCD | G)]) + mmu(1, [(0, 260, 1, P)])
    + mmu(1, [("ad", 3, 0, 4, P | US)]) + mmu(1, [("m2p", 4, 77)])
    + mmu(1, [(3, 0, 4, P)]) + b(OP["mmu_update"], 1, 0, 3, 0),
    "mmuext-misc": alloc(1, 6) + build_tables(1) + pin_and_load(1)
    + ext(1, [(FLUSH_LOCAL, 0, 0), (INVLPG_LOCAL, KERN, 0),
              (FLUSH_MULTI, 0, 0), (INVLPG_MULTI, 0x10, 0)])
    + ext(1, [(FLUSH_ALL, 0, 0), (INVLPG_ALL, 0xf1, 0), (FLUSH_CACHE, 0, 0)])
    + ext(0, [(FLUSH_CACHE_GLOBAL, 0, 0), (SET_LDT, 0x10, 2), (MARK_SUPER, 0, 0)])
    + ext(1, [(SET_LDT, 0x10, 250), (21, 0, 0)]) + ext(1, [(FLUSH_MULTI, 0, 1)]),
    "evtchn-interdomain": evt(1, ALLOC_UNBOUND, SELF, 0)
    + evt(0, BIND_INTERDOMAIN, 1, 1) + evt(0, SEND, port=1)
    + evt(1, SEND, port=1) + evt(1, STATUS, SELF, 1) + evt(0, STATUS, 1, 1)
    + evt(1, BIND_VCPU, port=1, x=1) + evt(1, UNMASK, port=1)
    + evt(1, CLOSE, port=1) + evt(0, SEND, port=1) + evt(0, CLOSE, port=1)
    + evt(2, ALLOC_UNBOUND, SELF, 1) + evt(1, BIND_INTERDOMAIN, 2, 1)
    + ts("t_destroy", 2) + evt(1, STATUS, SELF, 1),
    "evtchn-virq-ipi": evt(1, BIND_VIRQ, x=0) + evt(1, BIND_VIRQ, x=0)
    + evt(1, BIND_VIRQ, x=(2 << 2) | 1) + evt(1, BIND_VIRQ, x=(3 << 2) | 1)
    + evt(1, BIND_IPI, x=1) + evt(1, SEND, port=3) + evt(1, UNMASK, port=3)
    + op("timer", 1, b(1, 5)) + ts("t_time", 1, 0) + ts("t_virq", 1, 0x04)
    + ts("t_virq", 0, 0x85) + evt(1, CLOSE, port=1) + evt(1, RESET, SELF)
    + evt(1, 12) + evt(1, 2),
    # Ports in every local state and an unbound port offered to d0, but
    # never bound across domains: fuzz/planted.sh seeds with it, and the
    # fuzzer must still find the bind (and a close) for planted bug 3.
    "evtchn-local": evt(1, ALLOC_UNBOUND, SELF, 0) + evt(1, STATUS, SELF, 1)
    + evt(0, SEND, port=1) + evt(1, BIND_VIRQ, x=0) + evt(1, BIND_IPI, x=1)
    + evt(1, SEND, port=3) + evt(1, CLOSE, port=3) + evt(1, CLOSE, port=1)
    + evt(2, ALLOC_UNBOUND, SELF, 1) + evt(2, CLOSE, port=1),
    # d2 recreated with the 32-bit shared_info layout (t_create arg bit 7):
    # pending/mask/selector in the compat layout, plus vm_assist.
    "shinfo-compat": ts("t_destroy", 2) + ts("t_create", 2, 0x80) + alloc(2, 4)
    + op("vm_assist", 2, b(0, 2)) + op("vm_assist", 2, b(0, 5))
    + evt(2, ALLOC_UNBOUND, SELF, 1) + evt(1, BIND_INTERDOMAIN, 2, 1)
    + evt(1, SEND, port=1) + evt(2, SEND, port=1) + evt(2, UNMASK, port=1)
    + evt(2, BIND_VIRQ, x=0) + evt(2, BIND_IPI, x=1) + evt(2, SEND, port=3)
    + ts("t_virq", 2, 0x04) + op("timer", 2, b(1, 5)) + ts("t_time", 2, 0)
    + op("sched", 2, b(3, 1 << 3)) + evt(2, BIND_VCPU, port=1, x=1)
    + evt(1, SEND, port=1) + evt(2, CLOSE, port=1) + evt(2, RESET, SELF)
    + op("vm_assist", 2, b(1, 2)) + ts("t_kill", 2)
    + ts("t_destroy", 0) + ts("t_create", 0, 0x80) + evt(0, BIND_VIRQ, x=0)
    + ts("t_virq", 0, 0x85),
    "evtchn-privileged": evt(0, ALLOC_UNBOUND, 2, 0) + evt(2, BIND_INTERDOMAIN, 0, 1)
    + evt(1, ALLOC_UNBOUND, 2, 0) + evt(0, STATUS, 2, 1) + evt(1, STATUS, 2, 1)
    + evt(0, RESET, 2) + evt(0, ALLOC_UNBOUND, NODOM, 0)
    + evt(0, CLOSE, port=1, compat=True) + evt(1, SEND, port=0, mode=3)
    + evt(1, ALLOC_UNBOUND, SELF, 0, mode=2),
    "sched-timers": op("sched", 1, b(0, 0)) + op("vcpu", 1, b(6, 0, 20))
    + evt(1, BIND_VIRQ, x=0) + op("sched", 1, b(1, 0)) + ts("t_time", 0, 0)
    + ts("t_time", 3, 0) + op("sched", 1, b(3, 2 << 3)) + op("sched", 1, b(3, 5 << 3))
    + op("timer", 1, b(1, 3)) + op("timer", 1, b(2, 3)) + op("timer", 1, b(3, 0))
    + op("timer", 1, b(4, 0)) + op("timer", 1, b(0, 0))
    + op("vcpu", 1, b(8, 0, 20)) + op("vcpu", 1, b(8, 1, 20))
    + op("vcpu", 1, b(9, 0, 0)) + op("vcpu", 1, b(7, 0, 0))
    + op("vcpu", 1, b(3, 1, 0)) + op("vcpu", 1, b(4, 0, 0)) + op("vcpu", 1, b(0, 0, 0))
    + op("vcpu", 1, b(6, 0, 0xff)) + op("vcpu", 1, b(6, 3, 0)),
    "sched-shutdown": op("sched", 2, b(5, 3)) + op("sched", 2, b(2, 0))
    + op("sched", 1, b(4, (2 << 3) | 1)) + op("sched", 0, b(4, (2 << 3) | 1))
    + op("sched", 0, b(4, (4 << 3))) + op("sched", 1, b(0x82, 9))
    + ts("t_destroy", 2) + ts("t_create", 2) + op("sched", 2, b(0x81, 0))
    + ts("t_crash", 1) + op("sched", 1, b(0, 0)),
    "console-version": op("console", 0, b(0, 5), b"hello")
    + op("console", 1, b(0, 3), b"d1\n") + op("console", 0, b(1, 16))
    + op("console", 1, b(1, 16)) + op("console", 0, b(0x82, 0))
    + op("console", 1, b(0x80, 4), b"long") + ts("t_virq", 0, 0xb1)
    + op("console", 0, b(1, 4))
    + b"".join(op("version", d, b(c)) for d in (0, 1) for c in range(12))
    + op("vm_assist", 1, b(0, 2)) + op("vm_assist", 1, b(1, 2))
    + op("vm_assist", 1, b(0, 32)) + op("vm_assist", 1, b(2, 0))
    + op("vm_assist", 1, b(0, 35)),
    "multicall": alloc(1, 6)
    + op("multicall", 1, b(3),
         bytes([OP["version"], 0]), bytes([OP["mmuext"], 0, PIN[1], 3, 0, 0]),
         bytes([OP["evtchn"], ALLOC_UNBOUND, SELF, 0, 0, 0]),
         bytes([OP["multicall"]]))
    + op("multicall", 1, b(0), bytes([OP["raw"], 23, 0, 0, 0, 0, 0, 0]))
    + op("multicall", 1, b(1), bytes([OP["version"], 0]), mode=2)
    + op("multicall", 1, b(1), bytes([OP["t_alloc"], 0, 0]), mode=3),
    "raw": op("raw", 1, b(23, 0, 0, 0, 0, 0, 0)) + op("raw", 1, b(63, 0, 0, 0, 0, 0, 0))
    + op("raw", 1, b(0xff, 0, 0, 0, 0, 0, 0)) + op("raw", 1, b(6, 0, 0, 0, 0, 0, 0))
    + op("raw", 1, b(16, 0x80, 0, 0, 0, 0, 0)) + op("raw", 1, b(13, 0x80, 200, 0, 0, 0, 0))
    + op("raw", 1, b(1, 0x80, 5000 % 256, 0x90, 0, 0, 0)),
    "toolstack-teardown": alloc(1, 6) + build_tables(1) + pin_and_load(1)
    + evt(1, ALLOC_UNBOUND, SELF, 2) + evt(2, BIND_INTERDOMAIN, 1, 1)
    + evt(1, BIND_VIRQ, x=0) + ts("t_crash", 1) + ts("t_kill", 1)
    + evt(2, SEND, port=1) + ts("t_destroy", 1) + ts("t_create", 1)
    + alloc(1, 48) + alloc(1, 8) + ts("t_destroy", 0) + ts("t_create", 0)
    + ts("t_kill", 2) + ts("t_kill", 2) + ts("t_destroy", 2),
}

SEEDS.update({
    # d1 grants frames to d2; d2 maps by va in its pinned tables and by
    # the L1 entry's machine address, for device DMA too, copies, unmaps
    # some; then d1 dies while d2 still maps (orphaned frames) and d2 dies.
    "grant-map-pv": GRANT_WORLD + gquery(1) + gquery(2, 1)
    + gmap(2, gmap_elem(1, 1, HOST, va=(KERN, 0, 0, 1)))
    + gmap(2, gmap_elem(1, 2, HOST | GRO, pte_at=(3, 2)),
           gmap_elem(1, 3, HOST | DEVICE, va=(KERN, 0, 0, 3)))
    + gmap(2, gmap_elem(1, 2, HOST, va=(KERN, 0, 0, 4)))
    + gmap(2, gmap_elem(1, 1, DEVICE, va=(0, 0, 0, 0)))
    + gcopy(2, 1, 16, (0, 1, 1), (0, 5, SELF))
    + gcopy(2, 2, 255, (0, 0, SELF), (4, 3, 1))
    + gcopy(2, 3, 1, (0, 2, 1), (0xff, 1, 1))
    + gunmap(2, (0, 0, b()), (2, 2 | (1 << 2), b()))
    + gunmap(2, (0, 0, b())) + mmu(2, [(3, 3, 0, 0)])
    + gunmap(2, (1, 0, b())) + gw(1, 1, 0, 2, 0)
    + gmap(2, gmap_elem(1, 1, HOST, va=(KERN, 0, 0, 5)))
    + ts("t_kill", 1) + gmap(2, gmap_elem(1, 3, HOST, va=(KERN, 0, 0, 6)))
    + ts("t_destroy", 1) + ts("t_create", 1) + ts("t_destroy", 2),
    # Errors: bad refs, domains, handles, counts, versions, copy args; a
    # grant of the table's own frame, of shared_info, revoked while mapped.
    "grant-errors": GRANT_WORLD + gsetup(1, 2, 1) + gsetup(0, 2, 2)
    + gsetup(1, SELF, 5) + gsetup(1, SELF, 0x81) + gsetup(1, NODOM)
    + op("gnttab", 1, b(0x81, SELF, 1)) + op("gnttab", 1, b(6, 1))
    + op("gnttab", 1, b(6, 2)) + op("gnttab", 1, b(6, 0x80 | 2))
    + op("gnttab", 1, b(6, 0x80)) + op("gnttab", 1, b(7)) + op("gnttab", 1, b(0x17))
    + gw(1, 4, PERMIT | OWN_TABLE, 2) + gw(1, 5, PERMIT, 2, SHINFO[1])
    + gw(1, 6, PERMIT, 0, FOREIGN) + gw(1, 7, 2, 2, 0) + gw(1, 0xe0, PERMIT, 2, 0)
    + gmap(2, gmap_elem(1, 4, HOST, va=(KERN, 0, 0, 1)))
    + gmap(2, gmap_elem(1, 5, DEVICE, va=(0, 0, 0, 0)))
    + gmap(2, gmap_elem(1, 2, HOST, va=(KERN, 0, 0, 2)))
    + gmap(2, gmap_elem(1, 9, HOST, va=(KERN, 0, 0, 2)),
           gmap_elem(1, 0xe4, DEVICE, va=(0, 0, 0, 0)))
    + gmap(2, gmap_elem(NODOM, 1, HOST, va=(KERN, 0, 0, 2)))
    + gmap(2, gmap_elem(1, 1, 0, va=(KERN, 0, 0, 2)))
    + gmap(2, gmap_elem(1, 1, HOST, va=(0xf0, 0, 0, 2)))
    + gmap(2, gmap_elem(1, 1, HOST, va=(0x10, 0, 0, 2)))
    + gmap(2, gmap_elem(1, 1, HOST | CONTAINS_PTE | 0x80, pte_at=(3, 1)))
    + gmap(2, gmap_elem(1, 1, HOST | CONTAINS_PTE, pte_at=(4, 1)))
    + gmap(1, gmap_elem(2, 1, HOST, va=(KERN, 0, 0, 2)))
    + gmap(2, gmap_elem(1, 3, HOST | DEVICE, va=(KERN, 0, 0, 7)))
    + gw(1, 3, 0, 2, 2) + gmap(2, gmap_elem(1, 3, DEVICE, va=(0, 0, 0, 0)))
    + gunmap(2, (0, 2 | (2 << 2), b(4))) + gunmap(2, (0, 1, b(KERN, 0, 0, 9)))
    + gunmap(2, (0xf0, 0, u16(2000))) + gunmap(2, (0xff, 0, b()))
    + gunmap(2, (0, 3, b(3) + u16(7))) + gunmap(1, (0, 0, b()))
    + gcopy(2, 4, 1, (0, 1, 1), (0, 5, SELF))
    + gcopy(2, 0, 1, (0, 1, 1), (0, 5, SELF))
    + gcopy(2, 0, 1, (0, FOREIGN, SELF), (0, 5, SELF))
    + gcopy(2, 1, 1, (0, 1, NODOM), (0, 5, SELF))
    + gcopy(2, 1, 1, (0, 3, 1), (0, 3, SELF))
    + op("gnttab", 2, b(0x85, 0)) + gmap(2, gmap_elem(1, 1, HOST, va=(KERN, 0, 0, 1)), mode=3)
    + ts("t_kill", 2) + gw(1, 1, PERMIT, 2, 0),
    # dom0's toolstack: create, inspect, configure, build, run, destroy;
    # bad requests; domUs get -EPERM for every domctl and sysctl.
    "domctl-lifecycle": create(0, 0, PV, 2, 40) + dc(0, "info", 3)
    + dc(0, "max_mem", 3, 60) + dc(0, "max_mem", 3, 0, 0xff)
    + dc(0, "setctx", 3, 0, 1, 0x42) + dc(0, "getctx", 3, 0, 0)
    + dc(0, "setctx", 3, 1, 2) + dc(0, "getctx", 3, 3, 0x80)
    + dc(0, "sched", 3, 0, 2, 50) + dc(0, "sched", 3, 2, 0, 0)
    + dc(0, "sched", 3, 1, 0xff) + dc(0, "sched", 3, 4)
    + build(0, 3) + build(0, 3) + dc(0, "unpause", 3) + dc(0, "pause", 3)
    + dc(0, "pause", 3) + dc(0, "unpause", 3)
    + sc(0, "list", 0, 8) + sc(0, "list", 2, 0xff) + sc(0, "list", 0, 0x88)
    + sc(0, "readconsole", 0, 16) + sc(0, "readconsole", 0, 0xff)
    + sc(0, "physinfo") + sc(0, "sysbad", 9)
    + sc(0, "physinfo", flags=0x40) + sc(0, "list", 0, 4, flags=0x20)
    + dc(0, "destroy", 3) + dc(0, "destroy", 3) + dc(0, "destroy", 0)
    + dc(0, "destroy", T_SELF) + dc(0, "pause", T_SELF) + dc(0, "info", T_NONE)
    + create(0, 0, 0, 2, 40) + create(0, 0, PV, 0, 40) + create(0, 0, PV, 4, 40)
    + create(0, 0, PV, 1, 0) + create(0, 0, PV, 1, 0xff) + create(0, 1, PV, 1, 8)
    + create(0, 6, PV, 1, 8) + create(0, 5, PV, 1, 8) + dc(0, "create", 0, 5, 8, 0, 0x20)
    + dc(0, "info", T_63) + build(0, T_63, img32=0) + build(0, T_63, img32=0xff)
    + build(0, T_63, img32=0xfe) + build(0, T_63, first=0)
    + dc(0, "build", T_63, 2, 0xff, 1) + dc(0, "info", 1, flags=0x40)
    + dc(0, "info", 1, flags=0x20) + dc(0, "bad", 1, 7)
    + dc(1, "info", 1) + dc(1, "create", 0, 5, 8) + dc(2, "destroy", 1)
    + sc(1, "physinfo") + sc(2, "readconsole", 0, 8)
    + op("multicall", 0, b(0), b(OP["domctl"], DC["info"], 1, 0, 0, 0)),
    # Domains replaced by domctl: d2 destroyed and re-made as an HVM guest
    # (translated: grant maps go to its p2m), built and run; it maps and
    # copies d1's grants, then dom0 destroys it while mapped; d1 re-made PV.
    "domctl-grant-hvm": gsetup(1) + alloc(1, 4) + gw(1, 1, PERMIT, 2, 0)
    + gw(1, 2, PERMIT | READONLY, 2, 1) + dc(0, "destroy", 2)
    + create(0, 2, HVM, 2, 64) + build(0, 2) + dc(0, "unpause", 2)
    + gsetup(2) + gmap(2, gmap_elem(1, 1, HOST, va=(0, 0, 1, 2)))
    + gmap(2, gmap_elem(1, 2, HOST | GRO, va=(0, 0, 1, 3)))
    + gmap(2, gmap_elem(1, 2, HOST | CONTAINS_PTE, pte_at=(0, 0)))
    + gcopy(2, 1, 4, (0, 1, 1), (0, 0, SELF)) + gunmap(2, (1, 0, b()))
    + gunmap(2, (0, 1, b(0, 0, 1, 9))) + dc(0, "info", 2) + sc(0, "list", 0, 8)
    + dc(0, "destroy", 2) + dc(0, "destroy", 1) + create(0, 0, PV, 1, 16)
    + create(0, 0, PVH, 1, 16) + build(0, 1) + dc(0, "unpause", 1)
    + alloc(1, 2) + gsetup(1) + gw(1, 1, PERMIT, 0, 0)
    + gmap(0, gmap_elem(1, 1, DEVICE, va=(0, 0, 0, 0))) + dc(0, "destroy", 1),
    # The build's rings (xl_domctl_build out fields): d2 re-made PV and
    # built; dom0 binds its console and store ports (1, 2: unbound for d0
    # only, d1 is refused), maps both ring grants (refs 0, 1) for device
    # access, copies into the store ring, is refused ref 2; the ports carry
    # events both ways; d2 is destroyed while mapped and bound, re-made,
    # built again and torn down with everything live.
    "domctl-rings": alloc(0, 2) + dc(0, "destroy", 2) + create(0, 2, PV, 2, 64)
    + build(0, 2) + dc(0, "unpause", 2)
    + evt(0, BIND_INTERDOMAIN, 2, 1) + evt(0, BIND_INTERDOMAIN, 2, 2)
    + evt(1, BIND_INTERDOMAIN, 2, 1)
    + gmap(0, gmap_elem(2, 0, DEVICE, va=(0, 0, 0, 0)))
    + gmap(0, gmap_elem(2, 1, DEVICE, va=(0, 0, 0, 0)))
    + gmap(0, gmap_elem(2, 2, DEVICE, va=(0, 0, 0, 0)))
    + gmap(1, gmap_elem(2, 0, DEVICE, va=(0, 0, 0, 0)))
    + gcopy(0, 2, 4, (0, 0, SELF), (0, 1, 2))
    + evt(0, SEND, port=1) + evt(2, SEND, port=2) + evt(0, STATUS, 2, 1)
    + gunmap(0, (0, 1 << 2, b())) + dc(0, "destroy", 2)
    + evt(0, STATUS, SELF, 1) + evt(0, CLOSE, port=1)
    + create(0, 2, PV, 1, 64) + build(0, 2) + dc(0, "unpause", 2)
    + evt(0, BIND_INTERDOMAIN, 2, 1)
    + gmap(0, gmap_elem(2, 1, DEVICE, va=(0, 0, 0, 0))),
})

# Dictionary: whole operations and the values that matter.
DICT = {
    "alloc_d1": alloc(1, 6), "pin_l4_base": pin_and_load(1),
    "l4_to_l3": mmu(1, [(0, L4_KERN, 1, P | RW | US)]),
    "pte_prw": b(P | RW | US), "pte_pro": b(P | US),
    "slot_272": u16(272), "slot_xen": u16(260),
    "unbound_self": evt(1, ALLOC_UNBOUND, SELF, 0),
    "bind_d0_p1": evt(0, BIND_INTERDOMAIN, 1, 1),
    "close_p1": evt(1, CLOSE, port=1), "send_p1": evt(0, SEND, port=1),
    "virq_timer": evt(1, BIND_VIRQ, x=0), "ipi": evt(1, BIND_IPI, x=1),
    "unpin_0": ext(1, [(UNPIN, 0, 0)]), "pin_l1_3": ext(1, [(PIN[1], 3, 0)]),
    "kill_d1": ts("t_kill", 1), "destroy_d2": ts("t_destroy", 2),
    "create_d2": ts("t_create", 2), "time": ts("t_time", 1, 0),
    "unbound_d2_for_d1": evt(2, ALLOC_UNBOUND, SELF, 1),
    "bind_d1_d2p1": evt(1, BIND_INTERDOMAIN, 2, 1),
    "close_d0_p1": evt(0, CLOSE, port=1), "reset_d1": evt(1, RESET, SELF),
    "vm_assist_on": op("vm_assist", 1, b(0, 2)),
    "gnt_setup_d1": gsetup(1), "gnt_permit_d1_r1": gw(1, 1, PERMIT, 2, 0),
    "gnt_map_va": gmap(2, gmap_elem(1, 1, HOST, va=(KERN, 0, 0, 1))),
    "gnt_map_pte": gmap(2, gmap_elem(1, 1, HOST, pte_at=(3, 2))),
    "gnt_unmap_h0": gunmap(2, (0, 0, b())),
    "gnt_copy": gcopy(2, 1, 16, (0, 1, 1), (0, 5, SELF)),
    "dc_create_pv": create(0, 0, PV, 2, 40), "dc_create_hvm_d2": create(0, 2, HVM, 1, 64),
    "dc_build_d3": build(0, 3), "dc_destroy_d2": dc(0, "destroy", 2),
    "dc_unpause_d3": dc(0, "unpause", 3), "sc_list": sc(0, "list", 0, 8),
    "dc_version": b(0x58, 0x4c, 0x01, 0x00),
    "dc_build_d2": build(0, 2), "bind_d0_d2p1": evt(0, BIND_INTERDOMAIN, 2, 1),
    "gnt_map_ring": gmap(0, gmap_elem(2, 0, DEVICE, va=(0, 0, 0, 0))),
}


def main():
    root = os.path.dirname(os.path.abspath(__file__))
    cdir = os.path.join(root, "corpus", "hypercall")
    os.makedirs(cdir, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(cdir, name + ".bin"), "wb") as f:
            f.write(data)
    os.makedirs(os.path.join(root, "dict"), exist_ok=True)
    with open(os.path.join(root, "dict", "hypercall.dict"), "w") as f:
        f.write("# fuzz_hypercall tokens (generated by fuzz/gen_corpus.py)\n")
        for name, data in DICT.items():
            f.write('%s="%s"\n' % (name, "".join("\\x%02x" % c for c in data)))
    print("wrote %d seeds to %s" % (len(SEEDS), cdir))


if __name__ == "__main__":
    main()
