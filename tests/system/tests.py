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
]
