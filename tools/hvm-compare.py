#!/usr/bin/env python3
"""Run xenolith's HVM/PVH test guests on Xen 4.17, on xenolith and on bare
QEMU, and print a table (python3, stdlib only).

Guests (built by tests/guests/hvm.mk into build/hvm/):
  *.elf  PVH images: the dom0 kernel (first boot module) of Xen 4.17 with
         dom0=pvh, or of xenolith with dom0=pvh;
  *.bin  flat boot-sector images started in real mode at 0000:7c00: the
         dom0 of xenolith with dom0=hvm, or a raw boot disk on bare QEMU
         (no hypervisor; SeaBIOS loads the first sector and the image loads
         the rest itself).  Xen 4.17 cannot run a real-mode dom0: "n/a".

A guest prints "PASS <name>", "FAIL <name>: <why>" and then "RESULT: N
passed, M failed".  Beyond that this runner understands
  EXPECT-CRASH <what>  the guest is about to end itself fatally; it passes
                       "(crashed as expected)" when the hypervisor then
                       reports the domain crashed (or, where the table
                       SURVIVES says the reference hypervisor lets the
                       guest carry on, when RESULT follows instead);
  EXPECT-SPIN <what>   the guest now spins with interrupts off forever;
                       the runner pokes the hypervisor's console (see
                       SPIN_POKE) and passes "(hypervisor alive)" when it
                       answers; then it stops QEMU;
  BENCH <name> <value> a figure, shown by --bench.
A guest that notes "skipped: no hypervisor" (no CPUID leaves at
0x40000000) fails "(hypervisor detected)" except on bare QEMU.
A RESULT whose pass count differs from the PASS lines seen fails
"(output complete)": a console channel lost lines.  No RESULT and no
EXPECT line fails "(kernel completed)".

  tools/hvm-compare.py build/hvm/*.elf build/hvm/*.bin
  tools/hvm-compare.py --only xenolith --summary build/hvm-summary.txt ...
  tools/hvm-compare.py --bench build/hvm/pvh_long.elf   (QEMU -icount shift=0)
  tools/hvm-compare.py -v ...                           print each serial log

Exit status: 0 if everything passed, 1 if anything failed, 2 on set-up
errors.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

QEMU = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-m", "512",
        "-display", "none", "-monitor", "none", "-nic", "none", "-no-reboot",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-serial", "stdio"]
ICOUNT = ["-icount", "shift=0"]
# Xen 4.17 refuses a PVH dom0 without an IOMMU ("Presently, iommu must be
# enabled for PVH hardware domain"): give it QEMU's AMD IOMMU on q35.
XEN_MACHINE = ["-machine", "q35", "-device", "amd-iommu"]

# Xen: PVH dom0 with one vCPU.  Without `noreboot`, dom0's shutdown
# (reboot or crash) resets the machine and -no-reboot ends QEMU.
XEN_CMDLINE = ("console=com1 com1=115200,8n1 dom0=pvh dom0_mem=64M "
               "dom0_max_vcpus=1 loglvl=all guest_loglvl=all")
XENOLITH_CMDLINE = "console=com1 dom0_mem=64M test_exit"

TIMEOUT = 90
TEST_RE = re.compile(r"^(PASS|FAIL) ([A-Za-z0-9_.\-]+)(?::\s*(.*))?$")
RESULT_RE = re.compile(r"^RESULT: (\d+) passed, (\d+) failed")
EXPECT_RE = re.compile(r"^EXPECT-(CRASH|SPIN) (.*)$")
BENCH_RE = re.compile(r"^BENCH (\S+) (\d+)")
PREFIX_RE = re.compile(r"^(\(XEN\) |\(d\d+\) )+")

# How each hypervisor says a guest (here: dom0) died.
CRASH_RE = {
    "xen": re.compile(r"Hardware Dom0 crashed|Domain 0 crashed|[Tt]riple fault"),
    "xenolith": re.compile(r"domain \d+ crashed"),
    "bare": re.compile(r"(?!)"),
}
# Guests the reference hypervisor lets live past EXPECT-CRASH (the act is
# not fatal there): Xen hands unbacked MMIO of a PVH dom0 to its default
# handler (reads all-ones), where xenolith's rule is to crash the domain.
SURVIVES = {("adv_mmio", "xen")}

# Console poke for EXPECT-SPIN: bytes to send, the answer to wait for,
# bytes to send afterwards.  Both hypervisors give serial input to dom0
# and switch it to themselves on three Ctrl-A; then 'h' lists the debug
# keys.  xenolith powers off on 'x' (Xen has no such key: QEMU is killed).
SPIN_POKE = {
    "xen": (b"\x01\x01\x01h", re.compile(r"'h' pressed"), b""),
    "xenolith": (b"\x01\x01\x01h", re.compile(r"Debug keys:|'h' pressed"), b"x"),
    "bare": (b"", re.compile(r"(?!)"), b""),
}
SPIN_WAIT = 5      # seconds of spinning before the poke
POKE_WAIT = 15     # seconds for the answer


def kind_of(path):
    return "boot" if path.endswith(".bin") else "pvh"


def hv_command(hv, build, guest, tmp, bench):
    """QEMU command line, or None when `hv` cannot run `guest`."""
    kind = kind_of(guest)
    extra = ICOUNT if bench else []
    if hv == "xen":
        if kind != "pvh":
            return None
        return QEMU + extra + XEN_MACHINE + ["-kernel", os.path.join(build, "xen", "xen"),
                               "-append", XEN_CMDLINE, "-initrd", guest.replace(",", ",,")]
    if hv == "xenolith":
        mode = "dom0=pvh" if kind == "pvh" else "dom0=hvm"
        return QEMU + extra + ["-kernel", os.path.join(build, "xenolith"),
                               "-append", XENOLITH_CMDLINE + " " + mode,
                               "-initrd", guest.replace(",", ",,")]
    if hv == "bare":
        if kind != "boot":
            return None
        disk = os.path.join(tmp, "disk.img")
        with open(guest, "rb") as f:
            data = f.read()
        with open(disk, "wb") as f:
            f.write(data + b"\0" * (-len(data) % 65536 + 65536))
        return QEMU + extra + ["-drive", "file=%s,format=raw,if=ide" % disk,
                               "-debugcon", "file:" + os.path.join(tmp, "e9.log")]
    raise ValueError(hv)


class Run:
    """One QEMU: collects serial lines with the time each arrived."""

    def __init__(self, cmd):
        self.start = time.monotonic()
        self.lines = []            # (seconds since start, text)
        self.partial = b""
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(4096)
            if not chunk:
                break
            with self.lock:
                data = self.partial + chunk
                *full, self.partial = data.split(b"\n")
                now = time.monotonic() - self.start
                for raw in full:
                    self.lines.append((now, raw.decode("utf-8", "replace").rstrip("\r")))

    def text_since(self, index):
        with self.lock:
            return [t for _, t in self.lines[index:]]

    def send(self, data):
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.reader.join(timeout=2)
        with self.lock:
            if self.partial:
                self.lines.append((time.monotonic() - self.start,
                                   self.partial.decode("utf-8", "replace")))
                self.partial = b""


def clean(line):
    return PREFIX_RE.sub("", line.strip())


def run_guest(hv, build, guest, timeout, bench, verbose):
    """Returns (tests {name: (ok, why)}, benches {name: value}, seconds, log)."""
    name = os.path.splitext(os.path.basename(guest))[0]
    with tempfile.TemporaryDirectory(prefix="hvm-compare-") as tmp:
        cmd = hv_command(hv, build, guest, tmp, bench)
        if cmd is None:
            return None
        run = Run(cmd)
        spin_at = None
        poke_answered = None
        deadline = run.start + timeout
        while time.monotonic() < deadline and run.proc.poll() is None:
            time.sleep(0.2)
            lines = [clean(t) for t in run.text_since(0)]
            if spin_at is None and any(EXPECT_RE.match(l) and l.startswith("EXPECT-SPIN")
                                       for l in lines):
                spin_at = time.monotonic()
            if spin_at is not None and poke_answered is None and \
                    time.monotonic() - spin_at > SPIN_WAIT:
                send, answer, after = SPIN_POKE[hv]
                mark = len(lines)
                run.send(send)
                poke_deadline = time.monotonic() + POKE_WAIT
                poke_answered = False
                while time.monotonic() < poke_deadline:
                    time.sleep(0.2)
                    if any(answer.search(t) for t in run.text_since(mark)):
                        poke_answered = True
                        break
                if after:
                    run.send(after)
                    time.sleep(1)
                break
        timed_out = run.proc.poll() is None and poke_answered is None
        run.stop()
        elapsed = time.monotonic() - run.start
        raw = [t for _, t in run.lines]
        first_guest = next((s for s, t in run.lines if "libhvm:" in t), None)
        e9 = ""
        if hv == "bare" and os.path.exists(os.path.join(tmp, "e9.log")):
            with open(os.path.join(tmp, "e9.log"), errors="replace") as f:
                e9 = f.read()
    log = "\n".join(raw) + ("\n---- port 0xe9 ----\n" + e9 if e9 else "")
    if verbose:
        sys.stdout.write("---- %s on %s (%.1f s) ----\n%s\n" % (name, hv, elapsed, log))

    tests, benches = {}, {}
    result = None
    expect = None
    crash_after_expect = False
    survived_after_expect = False
    lines = [clean(t) for t in raw] + [clean(t) for t in e9.splitlines()]
    for line in lines:
        m = TEST_RE.match(line)
        if m:
            tests[m.group(2)] = (m.group(1) == "PASS", m.group(3) or "")
            continue
        m = RESULT_RE.match(line)
        if m:
            result = (int(m.group(1)), int(m.group(2)))
            if expect:
                survived_after_expect = True
            continue
        m = EXPECT_RE.match(line)
        if m:
            expect = (m.group(1), m.group(2))
            continue
        m = BENCH_RE.match(line)
        if m:
            benches[m.group(1)] = int(m.group(2))
        if expect and expect[0] == "CRASH" and CRASH_RE[hv].search(line):
            crash_after_expect = True

    if hv != "bare" and "# skipped: no hypervisor" in lines:
        tests["(hypervisor detected)"] = (False, "the guest found no hypervisor CPUID leaves")
    if expect and expect[0] == "CRASH":
        if (name, hv) in SURVIVES:
            tests["(survives, as on %s)" % hv] = (survived_after_expect and not crash_after_expect,
                                                 "no RESULT after EXPECT-CRASH")
        else:
            tests["(crashed as expected)"] = (crash_after_expect,
                                              "no crash report after EXPECT-CRASH %s" % expect[1])
    elif expect and expect[0] == "SPIN":
        tests["(hypervisor alive)"] = (bool(poke_answered),
                                       "no answer to a console poke while the guest spins")
    elif result is None:
        tests["(kernel completed)"] = (False, "timed out" if timed_out else "no RESULT line")
    if result is not None:
        seen = sum(1 for k, (ok, _) in tests.items() if ok and not k.startswith("("))
        tests["(output complete)"] = (seen == result[0],
                                      "RESULT says %d passed, %d PASS lines seen" % (result[0], seen))
    return tests, benches, elapsed, first_guest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("guests", nargs="+")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--only", choices=["xen", "xenolith", "bare"])
    ap.add_argument("--summary", help="write 'hvm: N passed, M failed' here")
    ap.add_argument("--timeout", type=int, default=TIMEOUT)
    ap.add_argument("--bench", action="store_true",
                    help="QEMU -icount shift=0; print the BENCH figures")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    hvs = [args.only] if args.only else ["xen", "xenolith"]
    images = {"xen": os.path.join(args.build, "xen", "xen"),
              "xenolith": os.path.join(args.build, "xenolith")}
    for hv in hvs:
        if hv in images and not os.path.exists(images[hv]):
            print("hvm-compare: %s not found" % images[hv], file=sys.stderr)
            return 2

    rows, order = {}, []
    totals = {hv: [0, 0] for hv in hvs}
    bench_rows = []
    for guest in args.guests:
        gname = os.path.splitext(os.path.basename(guest))[0]
        for hv in hvs:
            out = run_guest(hv, args.build, guest, args.timeout, args.bench, args.verbose)
            if out is None:
                continue
            tests, benches, secs, first = out
            for t, verdict in tests.items():
                key = (gname, t)
                if key not in rows:
                    rows[key] = {}
                    order.append(key)
                rows[key][hv] = verdict
                totals[hv][0 if verdict[0] else 1] += 1
            bench_rows.append((gname, hv, secs, first, benches))

    w = max([len("%s %s" % k) for k in order] + [10])
    print("%-*s  %s" % (w, "guest test", "  ".join("%-9s" % hv for hv in hvs)))
    failed_any = False
    for key in order:
        cells = []
        for hv in hvs:
            v = rows[key].get(hv)
            cells.append("%-9s" % ("n/a" if v is None else ("pass" if v[0] else "FAIL")))
            if v is not None and not v[0]:
                failed_any = True
        print("%-*s  %s" % (w, "%s %s" % key, "  ".join(cells)))
    for key in order:
        for hv in hvs:
            v = rows[key].get(hv)
            if v is not None and not v[0]:
                print("  %s on %s: %s %s" % (hv, key[0], key[1], v[1]))
    for hv in hvs:
        print("%s: %d passed, %d failed" % (hv, totals[hv][0], totals[hv][1]))
    if args.bench or args.verbose:
        print("\nguest        hypervisor  seconds  first-guest-line  figures")
        for gname, hv, secs, first, benches in bench_rows:
            figs = " ".join("%s=%d" % kv for kv in sorted(benches.items()))
            print("%-12s %-10s  %7.1f  %16s  %s" % (gname, hv, secs,
                                                   "-" if first is None else "%.1f s" % first, figs))
    if args.summary:
        p, f = (sum(t[0] for t in totals.values()), sum(t[1] for t in totals.values()))
        with open(args.summary, "w") as fh:
            fh.write("hvm: %d passed, %d failed\n" % (p, f))
    return 1 if failed_any else 0


if __name__ == "__main__":
    sys.exit(main())
