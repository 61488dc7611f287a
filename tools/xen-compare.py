#!/usr/bin/env python3
"""Run xenolith's PV64 test kernels on Xen 4.17 and on xenolith (python3,
stdlib only).

Each kernel (tests/guests/pv_*.c, built to build/guests/pv_*.elf) is the
first boot module of a hypervisor under QEMU (TCG).  Its console_io output
reaches COM1; the kernel prints one line per test

    PASS <name>            FAIL <name>: <why>

and then `RESULT: N passed, M failed`, and shuts dom0 down.  This script
parses those lines and prints a table test x hypervisor.

  tools/xen-compare.py build/guests/pv_*.elf            both hypervisors
  tools/xen-compare.py --only xen build/guests/pv_basic.elf
  tools/xen-compare.py --only xenolith --summary build/guests-summary.txt ...
  tools/xen-compare.py -v ...       print each serial log

Expected outcome.  A kernel declares it in its image (libguest's
GUEST_EXPECT, the string "xenolith-guest-expect: <outcome>"); without one
it is "pass".  An expect-crash kernel prints "CRASHING: <what>" and then
does something its hypervisor must kill it for; it passes (one row,
"(crashed as expected)") when, after that line, the hypervisor reports
the crash of domain 0 with a register dump showing RIP, and the kernel
printed no RESULT line.  On xenolith the machine then follows dom0
(test-exit status 1); on Xen, "Hardware Dom0 crashed" reboots after 5 s.

Timing.  The serial log is polled while QEMU runs, so every line gets the
time it appeared, counted from QEMU's start; the notes give, per run, the
hypervisor's first line and the kernel's first console output (its first
console_io hypercall, a handful of hypercalls after its entry).

Exit status: 0 if every test passed on every hypervisor run, 1 if any
failed (a kernel that printed no RESULT line counts as one failure: it
crashed, hung or never started), 2 on a usage or set-up error.

How a run ends (measured on Debian's Xen 4.17.7 under QEMU 7.2):
 * dom0 SCHEDOP_shutdown(reboot) -> "Hardware Dom0 shutdown: rebooting
   machine", and -no-reboot makes QEMU exit at once (exit code 0);
 * shutdown(crash) -> "Hardware Dom0 crashed: rebooting machine in 5
   seconds", then the same;
 * shutdown(poweroff) -> "Hardware Dom0 halted: halting machine": the CPU
   halts and QEMU keeps running, so it would only end by the timeout.
libguest's framework therefore uses reboot after an all-pass run and
crash otherwise.  On xenolith, `test_exit` makes dom0's shutdown end QEMU
through isa-debug-exit.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

QEMU = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-m", "512",
        "-display", "none", "-monitor", "none", "-nic", "none", "-no-reboot",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]

# Xen: one vCPU for dom0, all guest output on the console.  dom0_mem keeps
# the build small and fast.  Do NOT pass `noreboot`: dom0's shutdown would
# then hang the machine instead of ending QEMU.
XEN_CMDLINE = "console=com1 com1=115200,8n1 dom0_mem=64M dom0_max_vcpus=1 loglvl=all guest_loglvl=all"
XENOLITH_CMDLINE = "console=com1 dom0_mem=64M test_exit"

TIMEOUT = 60
COMPLETED = "(kernel completed)"

TEST_RE = re.compile(r"^(PASS|FAIL) ([A-Za-z0-9_.\-]+)(?::\s*(.*))?$")
GUEST_PREFIX_RE = re.compile(r"^\(d\d+\) ")
RESULT_RE = re.compile(r"^RESULT: (\d+) passed, (\d+) failed")
EXPECT_RE = re.compile(rb"xenolith-guest-expect: ([a-z]+)\0")
CRASHING_RE = re.compile(r"^CRASHING: (.*)$")
EXPECTED_CRASH = "(crashed as expected)"
# How each hypervisor reports the crash of dom0, and the register dump
# line that must follow it.
CRASH_REPORT = {
    "xen": (re.compile(r"^\(XEN\) Domain 0 \(vcpu#\d+\) crashed"),
            re.compile(r"^\(XEN\) RIP:\s+[0-9a-f]{4}:\[<[0-9a-f]{16}>\]")),
    "xenolith": (re.compile(r"^\(XL\) domain 0 crashed"),
                 re.compile(r"^\(XL\) RIP: [0-9a-f]{4}:[0-9a-f]{16}")),
}
HV_LINE_RE = re.compile(r"^\((XEN|XL)\) ")


def hypervisors(build):
    return {
        "xen": (os.path.join(build, "xen", "xen"), XEN_CMDLINE),
        "xenolith": (os.path.join(build, "xenolith"), XENOLITH_CMDLINE),
    }


def expected_outcome(kernel):
    """The outcome the kernel image declares (GUEST_EXPECT), else "pass"."""
    try:
        with open(kernel, "rb") as f:
            m = EXPECT_RE.search(f.read())
    except OSError:
        return "pass"
    return m.group(1).decode() if m else "pass"


def read_lines(log, pos, partial, stamps, t):
    """Append the complete lines that appeared in `log` since `pos`, each
    with time t; return the new (pos, partial)."""
    try:
        with open(log, "rb") as f:
            f.seek(pos)
            data = f.read()
    except OSError:
        return pos, partial
    pos += len(data)
    partial += data
    while b"\n" in partial:
        line, partial = partial.split(b"\n", 1)
        stamps.append((t, line.decode("utf-8", "replace").rstrip("\r")))
    return pos, partial


def run_one(hv_image, cmdline, kernel, timeout, verbose):
    """Boot `kernel` as dom0 of `hv_image`; return (log text, seconds,
    timed_out, [(seconds since QEMU start, line)])."""
    stamps = []
    with tempfile.TemporaryDirectory(prefix="xen-compare-") as tmp:
        log = os.path.join(tmp, "com1.log")
        cmd = QEMU + ["-serial", "file:" + log, "-kernel", hv_image,
                      "-append", cmdline, "-initrd", kernel.replace(",", ",,")]
        start = time.monotonic()
        timed_out = False
        pos, partial = 0, b""
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        while proc.poll() is None:
            now = time.monotonic() - start
            if now > timeout:
                proc.kill()
                proc.wait()
                timed_out = True
                break
            pos, partial = read_lines(log, pos, partial, stamps, now)
            time.sleep(0.005)
        elapsed = time.monotonic() - start
        pos, partial = read_lines(log, pos, partial, stamps, elapsed)
        if partial:
            stamps.append((elapsed, partial.decode("utf-8", "replace")))
    text = "\n".join(line for _, line in stamps)
    if verbose:
        sys.stdout.write("---- %s on %s ----\n%s\n" % (os.path.basename(kernel),
                                                       os.path.basename(hv_image), text))
    return text, elapsed, timed_out, stamps


def first_lines(stamps):
    """(time of the hypervisor's first line, time of the guest's first)."""
    hv = guest = None
    for t, line in stamps:
        if not line.strip():
            continue
        if HV_LINE_RE.match(line):
            hv = t if hv is None else hv
        elif GUEST_PREFIX_RE.match(line) or not line.startswith("("):
            if hv is not None and guest is None and "libguest:" in line:
                guest = t
    return hv, guest


def crash_verdict(text, hv):
    """(ok, why) for an expect-crash kernel's log on hypervisor hv."""
    lines = [l.strip("\r") for l in text.splitlines()]
    marker = None
    for i, raw in enumerate(lines):
        line = GUEST_PREFIX_RE.sub("", raw)
        if CRASHING_RE.match(line):
            marker = i
        if RESULT_RE.match(line):
            return False, "the kernel went on to print RESULT"
    if marker is None:
        return False, "the kernel never reached its CRASHING point"
    report_re, rip_re = CRASH_REPORT[hv]
    report = next((i for i in range(marker, len(lines)) if report_re.match(lines[i])), None)
    if report is None:
        return False, "no crash report after the CRASHING line"
    if not any(rip_re.match(l) for l in lines[report:]):
        return False, "crash reported without a register dump (RIP)"
    what = CRASHING_RE.match(GUEST_PREFIX_RE.sub("", lines[marker])).group(1)
    return True, what


def parse(text):
    """Return (ordered {test: (ok, why)}, result tuple or None)."""
    tests = {}
    result = None
    for raw in text.splitlines():
        # xenolith prefixes guest console output with "(dN) "; Xen does not.
        line = GUEST_PREFIX_RE.sub("", raw.strip("\r"))
        m = TEST_RE.match(line)
        if m:
            tests[m.group(2)] = (m.group(1) == "PASS", m.group(3) or "")
            continue
        m = RESULT_RE.match(line)
        if m:
            result = (int(m.group(1)), int(m.group(2)))
    return tests, result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kernels", nargs="+")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--only", choices=["xen", "xenolith"])
    ap.add_argument("--summary", help="write 'guests: N passed, M failed' here")
    ap.add_argument("--timeout", type=int, default=TIMEOUT)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    hvs = hypervisors(args.build)
    names = [args.only] if args.only else ["xen", "xenolith"]
    for n in names:
        if not os.path.exists(hvs[n][0]):
            hint = "tools/fetch-xen.sh" if n == "xen" else "make"
            print("xen-compare: %s not found (run %s)" % (hvs[n][0], hint), file=sys.stderr)
            return 2

    # rows: (kernel, test) -> {hv: (ok, why)}
    rows = {}
    order = []
    totals = {n: [0, 0] for n in names}
    notes = []
    timing = []
    for kernel in args.kernels:
        kname = os.path.splitext(os.path.basename(kernel))[0]
        expect = expected_outcome(kernel)
        for n in names:
            image, cmdline = hvs[n]
            text, secs, timed_out, stamps = run_one(image, cmdline, kernel, args.timeout,
                                                    args.verbose)
            tests, result = parse(text)
            if expect == "crash":
                tests[EXPECTED_CRASH] = crash_verdict(text, n)
            for t, verdict in tests.items():
                key = (kname, t)
                if key not in rows:
                    rows[key] = {}
                    order.append(key)
                rows[key][n] = verdict
                totals[n][0 if verdict[0] else 1] += 1
            hv_t, guest_t = first_lines(stamps)
            if hv_t is not None and guest_t is not None:
                timing.append((kname, n, hv_t, guest_t))
            if expect == "crash":
                ok, why = tests[EXPECTED_CRASH]
                notes.append("%s on %s: %s (%s) after %.1fs" %
                             (kname, n, "crashed as expected" if ok else "FAILED", why, secs))
            elif result is None:
                why = "timed out" if timed_out else "no RESULT line"
                key = (kname, COMPLETED)
                if key not in rows:
                    rows[key] = {}
                    order.append(key)
                rows[key][n] = (False, why)
                totals[n][1] += 1
                tail = [l for l in text.splitlines() if l.strip()][-3:]
                notes.append("%s on %s: %s after %.1fs; last lines: %s" %
                             (kname, n, why, secs, " | ".join(tail) or "(no output)"))
            else:
                notes.append("%s on %s: %d passed, %d failed in %.1fs" %
                             (kname, n, result[0], result[1], secs))

    # The table.
    width = max([len("%s/%s" % k) for k in order] + [10])
    print("%-*s  %s" % (width, "test", "  ".join("%-8s" % n for n in names)))
    print("-" * (width + 10 * len(names)))
    failures = []
    for key in order:
        cells = []
        for n in names:
            v = rows[key].get(n)
            if v is None and key[1] == COMPLETED:
                cells.append("%-8s" % "ok")
            elif v is None:
                cells.append("%-8s" % "-")     # counted via the kernel's COMPLETED row
            else:
                cells.append("%-8s" % ("PASS" if v[0] else "FAIL"))
                if not v[0]:
                    failures.append((key, n, v[1]))
        print("%-*s  %s" % (width, "%s/%s" % key, "  ".join(cells)))
    print()
    for n in notes:
        print("  " + n)
    if failures:
        print()
        for (k, t), n, why in failures:
            print("  FAIL on %s: %s/%s: %s" % (n, k, t, why))
    if timing:
        print()
        print("  boot timing (seconds from QEMU start: hypervisor's first line, kernel's first output)")
        for n in names:
            runs = [t for t in timing if t[1] == n]
            if runs:
                hv_avg = sum(t[2] for t in runs) / len(runs)
                g_avg = sum(t[3] for t in runs) / len(runs)
                print("  %-9s %5.2f  %5.2f   (mean of %d runs; min first output %.2f)" %
                      (n, hv_avg, g_avg, len(runs), min(t[3] for t in runs)))
    print()
    print("('-': not run there, the kernel stopped earlier; 'ok': the kernel printed RESULT)")
    for n in names:
        print("%s: %d passed, %d failed" % (n, totals[n][0], totals[n][1]))
    if args.summary:
        n = names[0] if len(names) == 1 else "xenolith"
        with open(args.summary, "w") as f:
            f.write("guests: %d passed, %d failed\n" % (totals[n][0], totals[n][1]))
    if failures:
        print("xen-compare: FAILED (%d failing results)" % len(failures))
        return 1
    print("xen-compare: all tests passed on %s" % " and ".join(names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
