"""System test cases for tests/system/run.py (data only, no logic).

Each case is a dict:
  name            test name (unique)
  backends        list among: qemu-kernel, qemu-cdrom, bochs-ryzen, bochs-skylake
  cmdline         hypervisor command line (QEMU -append / GRUB multiboot line)
  modules         optional list of "PATH" or "PATH:CMDLINE" boot modules,
                  paths relative to the repository root (dom0 kernel first)
  status          expected value N of the serial line `test-exit: status N`
  expect          regexes that must all appear, IN THIS ORDER (each searched
                  after the end of the previous match)
  expect_anywhere regexes that must appear somewhere
  reject          regexes that must not appear anywhere
  default_reject  False to drop DEFAULT_REJECT for this case
  timeout         optional per-run timeout in seconds (else the backend's)
  keys            (QEMU only) characters typed into COM1, one every 0.4 s,
                  once /keys_after/ appears (default: the debug-key prompt)
  key_gap         seconds between typed keys instead of 0.4
  stop_after      regex: once it appears, the run is stopped (1 s later) and
                  checked; no `test-exit` line is needed (a halted machine)
  rc              expected emulator exit code; no `test-exit` line needed

Regexes are Python `re` with MULTILINE; `.` does not cross lines.  The serial
log has CR/LF normalised to LF.  Runs with the same backend, command line and
modules are shared: e.g. `boot` and `features-vmx` on bochs-skylake boot once.
"""

BANNER = r"xenolith \d+\.\d+"
TEST_EXIT_0 = r"test-exit: status 0\b"
TEST_EXIT_1 = r"test-exit: status 1\b"

# Applied to every case unless it says default_reject=False.
DEFAULT_REJECT = [
    r"FATAL TRAP",
    r"unknown option",
]

QEMU = ["qemu-kernel", "qemu-cdrom"]
BOCHS = ["bochs-ryzen", "bochs-skylake"]
BOOT_CMDLINE = "console=com1 noreboot test_exit"


def _fault(kind, vector_re):
    return dict(
        name="fault-" + kind,
        backends=["qemu-kernel"],
        cmdline="console=com1 noreboot test_fault=" + kind,
        status=1,
        default_reject=False,
        expect=[
            BANNER,
            r"FATAL TRAP",
            r"(?i)vector\W*(" + vector_re + r")",
            r"(?i)error code",
            r"CR2",
            r"RAX",
            r"Stack trace:",
            # at least one symbolised frame after the header: name+0xOFF
            r"[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-fA-F]+",
            TEST_EXIT_1,
        ],
        reject=[TEST_EXIT_0],
    )


TESTS = [
    dict(
        name="boot",
        backends=QEMU + BOCHS,
        cmdline=BOOT_CMDLINE,
        status=0,
        expect=[
            BANNER,
            r"Memory map:",
            r"\[[0-9a-fA-F]{16}, [0-9a-fA-F]{16}\) RAM",
            TEST_EXIT_0,
        ],
        expect_anywhere=[
            r"CPU: vendor \S+ family \d+ model \d+",
            r"CPU features:",
            r"LAPIC timer:",
        ],
    ),
    _fault("pf", r"14|0x0*e|#PF"),
    _fault("ud", r"6|0x0*6|#UD"),
    _fault("gp", r"13|0x0*d|#GP"),
    dict(
        name="cmdline-unknown",
        backends=QEMU,
        cmdline="console=com1 frobnicate=1 test_exit",
        status=0,
        default_reject=False,
        expect=[BANNER, r"unknown option 'frobnicate'", TEST_EXIT_0],
        reject=[r"FATAL TRAP", r"unknown option '(console|test_exit)'"],
    ),
    dict(
        name="features-svm",
        backends=["qemu-kernel"],
        cmdline=BOOT_CMDLINE,
        status=0,
        expect=[BANNER, r"CPU features:.*\bsvm\b", TEST_EXIT_0],
        expect_anywhere=[r"CPU features:.*\bnpt\b"],
        reject=[r"CPU features:.*\bnrips\b", r"CPU features:.*\bvmx\b"],
    ),
    dict(
        name="features-vmx",
        backends=["bochs-skylake"],
        cmdline=BOOT_CMDLINE,
        status=0,
        expect=[BANNER, r"CPU features:.*\bvmx\b", TEST_EXIT_0],
        expect_anywhere=[r"CPU features:.*\bept\b", r"CPU features:.*\bug\b"],
        reject=[r"CPU features:.*\bsvm\b"],
    ),
    dict(
        name="features-ryzen",
        backends=["bochs-ryzen"],
        cmdline=BOOT_CMDLINE,
        status=0,
        expect=[BANNER, r"CPU features:.*\bsvm\b", TEST_EXIT_0],
        expect_anywhere=[r"CPU features:.*\bnpt\b", r"CPU features:.*\bnrips\b"],
        reject=[r"CPU features:.*\bvmx\b"],
    ),
    dict(
        name="fault-pf-bochs",
        backends=["bochs-ryzen", "bochs-skylake"],
        cmdline="console=com1 noreboot test_fault=pf",
        status=1,
        default_reject=False,
        expect=[BANNER, r"FATAL TRAP: vector 14", r"CR2\): 0xdead0000", r"Stack trace:",
                r"test_provoke_fault[.a-z0-9]*\+0x", r"start_xen\+0x", TEST_EXIT_1],
    ),
    dict(
        name="fault-de",
        backends=["qemu-kernel"],
        cmdline="console=com1 test_fault=de",
        status=1,
        default_reject=False,
        expect=[BANNER, r"FATAL TRAP: vector 0 \(#DE", r"Stack trace:", r"start_xen\+0x",
                r"Panic: FATAL TRAP", TEST_EXIT_1],
    ),
    dict(
        name="modules",
        backends=QEMU,
        cmdline=BOOT_CMDLINE,
        # Not an ELF kernel: reported, nothing half-built, a clean panic.
        modules=["tests/system/tests.py:dom0arg=1", "tools/gensyms.sh:ramdisk=yes"],
        status=1,
        expect=[BANNER, r"Memory map:", r"\) module ",
                r"Boot module 0: \[[0-9a-f]{16}, [0-9a-f]{16}\) \d+ KiB, dom0 kernel, '.*dom0arg=1'",
                r"Boot module 1: .* dom0 ramdisk, '.*ramdisk=yes'",
                r"d0: ELF: .*", r"could not build dom0 from boot module 0", TEST_EXIT_1],
        reject=[r"Boot modules: none", r"FATAL TRAP", r"dom0: starting"],
    ),
    dict(
        name="no-modules",
        backends=["qemu-kernel"],
        cmdline=BOOT_CMDLINE,
        status=0,
        expect=[BANNER, r"Boot modules: none", TEST_EXIT_0],
    ),
    dict(
        name="cmdline-values",
        backends=QEMU,
        cmdline="console=com1 com1=115200,8n1 dom0_mem=max:512M,256M loglvl=debug noreboot test_exit",
        status=0,
        expect=[BANNER, r"dom0_mem: 256 MiB \(min 0 MiB, max 512 MiB", TEST_EXIT_0],
        reject=[r"bad value", r"not understood"],
    ),
    dict(
        name="cmdline-bad-values",
        backends=["qemu-kernel"],
        cmdline="console=hdmi dom0_mem=lots test_fault=xyz noreboot=maybe test_exit",
        status=0,
        default_reject=False,
        expect=[BANNER, r"bad value .*console", r"bad value .*dom0_mem",
                r"bad value .*noreboot", r"bad value 'xyz' for 'test_fault'", TEST_EXIT_0],
        reject=[r"FATAL TRAP", r"provoking"],
    ),
    dict(
        name="loglvl-warning",
        backends=["qemu-kernel"],
        cmdline="console=com1 loglvl=warning test_exit",
        status=0,
        expect=[TEST_EXIT_0],
        reject=[r"Memory map:", r"LAPIC timer:"],
    ),
    dict(
        name="debug-keys",
        backends=["qemu-kernel"],
        cmdline="console=com1",
        keys="hmtcdl?x",
        rc=1,
        expect=[BANNER, r"console takes debug keys", r"Debug keys:", r"'x'  power off",
                r"Frames: \d+ total, \d+ free", r"Uptime \d+ ms, \d+ ticks",
                r"CPU features:", r"Stack trace:", r"keyhandler_loop\+0x",
                r"---- console ring ----", r"---- end of console ring ----",
                r"Unknown debug key '\?'", r"Powering off\."],
    ),
    dict(
        name="panic-noreboot",
        backends=["qemu-kernel"],
        cmdline="console=com1 noreboot",
        keys="C",
        stop_after=r"noreboot: the machine is halted",
        expect=[BANNER, r"Panic: debug key 'C' pressed", r"noreboot: the machine is halted"],
        reject=[r"Rebooting"],
    ),
    dict(
        name="panic-reboot",
        backends=["qemu-kernel"],
        cmdline="console=com1",
        keys="C",
        rc=0,
        expect=[BANNER, r"Panic: debug key 'C' pressed", r"Rebooting in 5 seconds",
                r"Rebooting\."],
    ),
    dict(
        name="hvm-realmode-vmx",
        backends=["bochs-skylake"],
        cmdline="console=com1 test_exit dom0=hvm dom0_mem=16M",
        modules=["build/system/realmode_smoke.bin"],
        status=0,
        expect=[BANNER, r"HVM: VMX backend ready", r"d0: HVM guest, \d+ bytes at 0x7c00, real mode",
                r"\(d0\) realmode: hello through port 0xe9",
                r"\(d0\) realmode: hello through the UART",
                r"\(d0\) Xe",
                r"\(d0\) realmode: hello through console_io",
                r"\(d0\) 4",
                r"domain 0 shut down: reason poweroff", TEST_EXIT_0],
    ),
    dict(
        name="hvm-realmode",
        backends=["qemu-kernel", "bochs-ryzen"],
        cmdline="console=com1 test_exit dom0=hvm dom0_mem=16M",
        modules=["build/system/realmode_smoke.bin"],
        status=0,
        expect=[BANNER, r"HVM: SVM backend ready", r"d0: HVM guest, \d+ bytes at 0x7c00, real mode",
                r"\(d0\) realmode: hello through port 0xe9",
                r"\(d0\) realmode: hello through the UART",
                r"\(d0\) Xe",
                r"\(d0\) realmode: hello through console_io",
                r"\(d0\) 4",
                r"domain 0 shut down: reason poweroff", TEST_EXIT_0],
    ),
    dict(
        # dom0 as a toolstack (tests/guests/domu/toolstack.c): it builds
        # domUs from its ramdisk (tests/guests/domu/hello.c) with domctl,
        # runs one, two at once, a paused one, and checks no frame leaks.
        name="toolstack-domus",
        backends=["qemu-kernel"],
        cmdline="console=com1 test_exit",
        modules=["build/guests/domu_toolstack.elf", "build/guests/domu_hello.elf"],
        status=0,
        timeout=120,
        expect=[BANNER, r"\(d0\) PASS ramdisk_is_a_kernel",
                r"\(d1\) .*hello from a domU: 4096 pages, cmdline \"hello-arg\"",
                r"\(d1\) RESULT: 3 passed, 0 failed",
                r"\(d0\) PASS create_build_run_destroy",
                r"\(d2\) RESULT: 3 passed, 0 failed",
                r"\(d0\) PASS two_domus_at_once",
                r"\(d0\) PASS pause_keeps_it_off_the_cpu",
                r"\(d0\) PASS vcpu_context",
                r"\(d0\) PASS scheduler_params",
                r"free frames before (\d+), after 100 create/build/destroy \1 \(leaked 0\)",
                r"hypervisor heap before (\d+) bytes in (\d+) frames, after \1 bytes in \2 frames",
                r"\(d0\) PASS create_destroy_returns_every_frame",
                r"\(d0\) PASS bad_requests",
                r"\(d0\) .*wrote \d+ bytes to its ring, starting \"libguest: xen-3.0",
                r"\(d0\) PASS rings_for_dom0",
                r"\(d0\) RESULT: 9 passed, 0 failed", TEST_EXIT_0],
        reject=[r"\(d\d+\) FAIL ", r"crashed"],
    ),
] + [
    dict(
        # The same toolstack with PVH domUs (tests/guests/hvm pvh_long) next
        # to the PV dom0: PV and SVM/VMX guests switching on one CPU.  Bochs
        # is slow (~0.4 s a cycle): 10 create/destroy cycles there, 100 on QEMU.
        name="toolstack-pvh-domus" + ("" if backend == "qemu-kernel" else "-vmx"),
        backends=[backend],
        cmdline="console=com1 test_exit",
        modules=["build/guests/domu_toolstack.elf:domu=pvh cycles=%d" % cycles,
                 "build/hvm/pvh_long.elf"],
        status=0,
        timeout=400,
        expect=[BANNER, r"\(d0\) PASS ramdisk_is_a_kernel",
                r"\(d1\) RESULT: 12 passed, 0 failed",
                r"\(d0\) PASS create_build_run_destroy",
                r"\(d2\) RESULT: 12 passed, 0 failed",
                r"\(d0\) PASS two_domus_at_once",
                r"\(d0\) PASS pause_keeps_it_off_the_cpu",
                r"free frames before (\d+), after %d create/build/destroy \1 \(leaked 0\)" % cycles,
                r"hypervisor heap before (\d+) bytes in (\d+) frames, after \1 bytes in \2 frames",
                r"\(d0\) .*wrote \d+ bytes to its ring, starting \"libhvm: ",
                r"\(d0\) PASS rings_for_dom0",
                r"\(d0\) RESULT: 9 passed, 0 failed", TEST_EXIT_0],
        reject=[r"\(d\d+\) FAIL ", r"crashed"],
    )
    for backend, cycles in (("qemu-kernel", 100), ("bochs-skylake", 10))
] + [
    dict(
        # Isolation and per-domain limits (spec/limits.md): dom0
        # (tests/guests/domu/isolation.c) runs a working domU next to one
        # that crashes (no trap table), one that spins and one that takes
        # every port, grant frame and maptrack handle
        # (tests/guests/domu/adversary.c), and a PVH domU that triple-faults
        # (tests/guests/hvm/adv_triple.c); the worker finishes, the crashes
        # are seen and destroyed, and every frame and heap byte comes back.
        name="isolation-limits",
        backends=["qemu-kernel"],
        cmdline="console=com1 test_exit",
        modules=["build/guests/domu_isolation.elf", "build/hvm/adv_triple.elf"],
        status=0,
        timeout=180,
        expect=[BANNER, r"\(d0\) PASS baseline"],
        expect_anywhere=[
            r"\(d(\d+)\) .*crash: dropping the trap table",
            r"domain \d+ crashed",
            r"\(d0\) .*d\d+: flags 0x[0-9a-f]+ shutdown_reason 3",
            r"\(d0\) .*d\d+ \(PVH\): flags 0x[0-9a-f]*4[0-9a-f] shutdown_reason 3",
            r"\(d\d+\) .*spin: never yielding",
            r"\(d\d+\) .*exhaust: 10(1[5-9]|2[0-3]) event-channel ports, then -28",
            r"\(d\d+\) .*exhaust: 4 grant frames, then setup_table\(5\) status -1\b",
            r"\(d\d+\) .*exhaust: 1024 maptrack handles, then status -13\b",
            r"\(d\d+\) PASS exhaust_forbidden",
            r"\(d0\) .*\(exhaust\) holds \d+ bytes of hypervisor memory, limit \d+",
            r"\(d\d+\) .*work: 1000 of 1000 IPIs arrived as upcalls",
            r"\(d\d+\) PASS work_ipi_upcalls",
            r"\(d\d+\) PASS work_ldt_is_its_own",
            r"\(d\d+\) .*work: \d+ rounds \(checksum [0-9a-f]+\), LDT wrong after 0 of them",
            r"\(d0\) PASS dom0_still_works",
            r"\(d0\) PASS misbehaving_domus_leave_the_others_alone",
            r"after destroy: (\d+) free frames \(before \1\), heap (\d+) bytes in (\d+) frames \(before \2 in \3\)",
            r"\(d0\) PASS everything_comes_back",
            r"\(d0\) RESULT: 4 passed, 0 failed",
            TEST_EXIT_0,
        ],
        reject=[r"\(d\d+\) FAIL ", r"RESULT: \d+ passed, [1-9]"],
    ),
    dict(
        # Interdomain event channels end to end: dom0
        # (tests/guests/domu/pingpong.c) offers a port to a domU
        # (tests/guests/domu/pong.c) that binds it and answers each event;
        # every ping gets exactly one pong.  `make bench` runs the same
        # pair under -icount for the latency figures.
        name="evtchn-pingpong",
        backends=["qemu-kernel"],
        cmdline="console=com1 test_exit",
        modules=["build/guests/domu_pingpong.elf", "build/guests/domu_pong.elf"],
        status=0,
        timeout=120,
        expect=[BANNER, r"\(d1\) .*pong: bound dom0's port \d+ as \d+; answering",
                r"\(d0\) .*256 pings, 256 pongs, 0 lost",
                r"BENCH pv_interdomain_round_trip \d+",
                r"\(d0\) PASS interdomain_ping_pong",
                r"\(d0\) RESULT: 1 passed, 0 failed", TEST_EXIT_0],
        reject=[r"\(d\d+\) FAIL ", r"crashed"],
    ),
    dict(
        # dom0's xenstore (src/dom0/xenstored.c) serving two PV xenstore
        # test domUs (tests/guests/domu/xenstore.c) and a PVH one
        # (tests/guests/hvm/pvh_xenstore.c) at once: each reads the
        # paths the toolstack wrote, its own keys, a watch, and misbehaves
        # (outside its subtree, malformed, over quota, a protocol error
        # and a reconnect) while the other is served.  Then dom0's shell
        # reads what d1 wrote, lists d2's store node, removes d1's data.
        name="xenstore",
        backends=["qemu-kernel"],
        cmdline="console=com1",
        modules=["build/dom0/dom0.elf", "build/system/xs-test.cpio"],
        timeout=240,
        # dom0's shell reads whole lines: no need for the 0.4 s a debug key takes.
        key_gap=0.05,
        keys="xs read /local/domain/1/data/greeting\r"
             "xs ls /local/domain/2/store\r"
             "xs rm /local/domain/1/data\r"
             "xs read /local/domain/1/data/greeting\r"
             "xs bogus\r",
        keys_after=r"RESULT: \d+ passed, \d+ failed[\s\S]*RESULT: \d+ passed, \d+ failed"
                   r"[\s\S]*RESULT: \d+ passed, \d+ failed",
        stop_after=r"usage: xs ls",
        expect=[BANNER, r"\(d0\) created domain 1: xenstore",
                r"\(d0\) created domain 2: xenstore",
                r"\(d0\) created domain 3: xspvh, pvh"],
        expect_anywhere=[
                r"\(d1\) PASS watch_fires", r"\(d2\) PASS watch_fires",
                r"\(d1\) PASS confined_to_its_subtree", r"\(d2\) PASS confined_to_its_subtree",
                r"\(d1\) PASS protocol_error_then_reconnect",
                r"\(d2\) PASS protocol_error_then_reconnect",
                r"\(d1\) RESULT: 10 passed, 0 failed", r"\(d2\) RESULT: 10 passed, 0 failed",
                r"\(d3\) PASS watch", r"\(d3\) PASS protocol_error_then_reconnect",
                r"\(d3\) RESULT: 6 passed, 0 failed",
                r"\(d0\) hello from d1\s*$",
                r"\(d0\) ring-ref = \"\d+\"", r"\(d0\) port = \"\d+\"",
                r"\(d0\) xs read /local/domain/1/data/greeting: ENOENT",
                r"\(d0\) usage: xs ls"],
        reject=[r"\(d\d+\) FAIL ", r"crashed", r"no xenstore"],
    ),
    dict(
        # The credit scheduler on the real hypervisor: two CPU-bound domUs
        # with weights 256 and 768, then one capped at 25% (the shares are
        # measured from getdomaininfo's cpu_time).
        name="scheduler-fairness",
        backends=["qemu-kernel"],
        cmdline="console=com1 test_exit",
        modules=["build/guests/domu_fairness.elf", "build/guests/domu_spin.elf"],
        status=0,
        timeout=120,
        expect=[BANNER, r"\(d1\) .*spinning, never yielding",
                r"weights 256:768 -> run-time shares", r"\(d0\) PASS weights",
                r"cap 25%: ran \d+ ms of \d+ ms wall", r"\(d0\) PASS cap",
                r"\(d0\) RESULT: 2 passed, 0 failed", TEST_EXIT_0],
        reject=[r"\(d\d+\) FAIL ", r"crashed"],
    ),
    # The libhvm guests (tests/guests/hvm) under Bochs: the Bochs subset of
    # check-hvm (which runs all of them under QEMU-SVM), on both backends.
] + [
    dict(
        name="hvm-%s-%s" % (guest, "vmx" if backend == "bochs-skylake" else "svm"),
        backends=[backend],
        cmdline="console=com1 test_exit dom0=%s dom0_mem=32M" % kind,
        modules=["build/hvm/%s" % guest + (".elf" if kind == "pvh" else ".bin")],
        status=0,
        timeout=400,
        expect=[BANNER, r"HVM: (SVM|VMX) backend ready",
                r"\(d0\) RESULT: [1-9]\d* passed, 0 failed", TEST_EXIT_0],
        reject=[r"\(d0\) FAIL "],
    )
    for backend in ("bochs-ryzen", "bochs-skylake")
    for guest, kind in (("hvm_realmode", "hvm"), ("hvm32", "hvm"), ("hvm32pae", "hvm"),
                        ("hvm64", "hvm"), ("pvh_long", "pvh"), ("pvh_basic", "pvh"))
]
