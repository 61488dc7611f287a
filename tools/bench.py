#!/usr/bin/env python3
"""make bench: every cycle figure in one run, under QEMU -icount shift=0
(one instruction per virtual nanosecond, so the TSC counts work done, not
how busy the host is), on xenolith and, where it can run the guest, on
Xen 4.17 (python3, stdlib only).

Figures (medians of each guest's own samples; guests print "BENCH <name>
<cycles>"):
  pv_null_hypercall          xen_version from a PV64 dom0
  pv_evtchn_send_upcall      rdtsc before EVTCHNOP_send to its own IPI port,
                             rdtsc in the event handler
                             (tests/guests/pv_evtchn_bench.c)
  pv_interdomain_round_trip  dom0 -> domU -> dom0 over an interdomain port,
  pv_interdomain_one_way     and half of it (tests/guests/domu/pingpong.c,
                             pong.c; xenolith only: the domU is built with
                             xenolith's domctl)
  pvh*_cpuid/hypercall       make hvm-bench's figures (tools/hvm-compare.py)
and, in virtual time, what one create+build+destroy of a 4 MiB PV and PVH
domU takes over 100 cycles (tests/guests/domu/toolstack.c, xenolith only).

A benchmark, not a test: nothing is asserted about the numbers; the exit
status is 1 only if a run produced no figures.  The guests' correctness
(every event arrives) is checked by make check (check-guests and the
evtchn-pingpong system test).

  python3 tools/bench.py --build build
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

QEMU = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-m", "512",
        "-display", "none", "-monitor", "none", "-nic", "none", "-no-reboot",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        "-icount", "shift=0"]
XEN_CMDLINE = ("console=com1 com1=115200,8n1 dom0_mem=64M dom0_max_vcpus=1 "
               "loglvl=all guest_loglvl=all")
XENOLITH_CMDLINE = "console=com1 dom0_mem=64M test_exit"
BENCH_RE = re.compile(r"BENCH (\S+) (\d+)")
CYCLE_RE = re.compile(r"create\+build\+destroy of a 4 MiB domU: ([\d.]+) ms each \((\d+) cycles\)")
HVM_ROW_RE = re.compile(r"^(pvh\S*)\s+(xen|xenolith)\s+[\d.]+\s+[\d.]+ s\s+(.*)$")
TIMEOUT = 240


def run(hv_image, cmdline, modules, timeout):
    """Boot hv_image with the modules (dom0 first); the serial text."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        log = os.path.join(tmp, "com1.log")
        initrd = ",".join(m.replace(",", ",,") for m in modules)
        cmd = QEMU + ["-serial", "file:" + log, "-kernel", hv_image, "-append", cmdline,
                      "-initrd", initrd]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        with open(log, "rb") as f:
            return f.read().decode("utf-8", "replace")


def figures(text):
    return {m.group(1): int(m.group(2)) for m in BENCH_RE.finditer(text)}


def hvm_bench(build, have_xen):
    """make hvm-bench's figures: {hv: {name: cycles}}."""
    cmd = [sys.executable, os.path.join(os.path.dirname(__file__), "hvm-compare.py"),
           "--build", build, "--bench"]
    if not have_xen:
        cmd += ["--only", "xenolith"]
    cmd += [os.path.join(build, "hvm", g) for g in ("pvh_basic.elf", "pvh_long.elf")]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True).stdout
    res = {"xen": {}, "xenolith": {}}
    for line in out.splitlines():
        m = HVM_ROW_RE.match(line.strip())
        if m:
            for kv in m.group(3).split():
                k, _, v = kv.partition("=")
                if v.isdigit():
                    res[m.group(2)][k] = int(v)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--timeout", type=float, default=TIMEOUT)
    args = ap.parse_args()
    b = args.build
    xen = os.path.join(b, "xen", "xen")
    have_xen = os.path.isfile(xen)
    t0 = time.monotonic()
    res = {"xenolith": {}, "xen": {}}

    pv = os.path.join(b, "guests", "pv_evtchn_bench.elf")
    res["xenolith"].update(figures(run(os.path.join(b, "xenolith"), XENOLITH_CMDLINE, [pv],
                                       args.timeout)))
    if have_xen:
        res["xen"].update(figures(run(xen, XEN_CMDLINE, [pv], args.timeout)))
    res["xenolith"].update(figures(run(
        os.path.join(b, "xenolith"), "console=com1 test_exit",
        [os.path.join(b, "guests", "domu_pingpong.elf"),
         os.path.join(b, "guests", "domu_pong.elf")], args.timeout)))
    for hv, figs in hvm_bench(b, have_xen).items():
        res[hv].update(figs)
    cycle_ms = {}
    for kind, ramdisk in (("PV", os.path.join(b, "guests", "domu_hello.elf")),
                          ("PVH", os.path.join(b, "hvm", "pvh_long.elf"))):
        arg = "" if kind == "PV" else " domu=pvh"
        m = CYCLE_RE.search(run(os.path.join(b, "xenolith"), "console=com1 test_exit",
                                [os.path.join(b, "guests", "domu_toolstack.elf") + arg,
                                 ramdisk], args.timeout))
        cycle_ms[kind] = (float(m.group(1)), int(m.group(2))) if m else None

    names = sorted(set(res["xenolith"]) | set(res["xen"]))
    print()
    print("cycles under QEMU -icount shift=0 (medians), measured %s in %.0f s"
          % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), time.monotonic() - t0))
    print("%-30s %10s %10s %14s" % ("figure", "xenolith", "Xen 4.17", "xenolith/Xen"))
    for n in names:
        x, r = res["xenolith"].get(n), res["xen"].get(n)
        print("%-30s %10s %10s %14s" % (n, x if x is not None else "-",
                                        r if r is not None else ("-" if have_xen else "n/a"),
                                        "%.2f" % (x / r) if x and r else "-"))
    for kind, v in cycle_ms.items():
        print("xenolith: create+build+destroy of a 4 MiB %s domU: %s" % (
            kind, "%.3f ms of virtual time each (%d cycles)" % v if v else "no figure"))
    if not have_xen:
        print("(no build/xen/xen: run make fetch-xen for the Xen column)")
    up = res["xenolith"].get("pv_evtchn_send_upcall")
    nh = res["xenolith"].get("pv_null_hypercall")
    if up and nh:
        print("xenolith: a self-sent event reaches the handler in %.1fx a null hypercall"
              % (up / nh))
    return 0 if res["xenolith"] else 1


if __name__ == "__main__":
    sys.exit(main())
