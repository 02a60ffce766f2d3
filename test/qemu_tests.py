"""qemu_tests - the QEMU test cases of `make test` (run by test/run_all.py).

Each case boots its own QEMU (scripts/run-qemu.sh, through
scripts/gradelib.py) with every knob it depends on spelled out, so the
caller's environment does not change what is tested.

  boot-*   boot with `selftest`; the banner must show the harts and RAM
           given, every selftest line must pass, no panic; then poweroff
           must exit QEMU with status 0 (virt).
  panic-*  provoke a kernel panic; QEMU must exit with a failure status.
  others   boot to the shell, run one program at the prompt, count its
           `PASS name` / `FAIL name: reason` lines.

To add a test program: one ProgramCase line in PROGRAMS (it is skipped
until $BUILD/user/bin/NAME exists). To add a machine: one BootCase line in
BOOTS. See docs/testing.md.
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from gradelib import (BootCase, Case, FunctionCase, Outcome, ProgramCase,  # noqa: E402
                      TestFailure, expect)

# A CPU like the SiFive U74 of the VisionFive 2: no Sstc (timer through
# SBI), no Svpbmt, Svinval, Svnapot.
U74_CPU = "-cpu rv64,sstc=false,svpbmt=false,svinval=false,svnapot=false"

BOOTS = [
    BootCase("boot-virt-1cpu", cpus=1, mem="128M", harts=1, mib=128),
    BootCase("boot-virt-4cpu", cpus=4, mem="128M", harts=4, mib=128),
    BootCase("boot-virt-8cpu", cpus=8, mem="256M", harts=8, mib=256),
    BootCase("boot-virt-u74cpu", cpus=2, extra=U74_CPU, harts=2),
    BootCase("boot-virt-2g", cpus=2, mem="2G", harts=2, mib=2048),
    BootCase("boot-sifive_u", machine="sifive_u", cpus=4, mem="256M", harts=4, mib=256),
    BootCase("boot-sifive_u-1cpu", machine="sifive_u", cpus=1, mem="256M", harts=1),
    BootCase("boot-icicle", machine="icicle", harts=4, mib=2048, timeout=120),
    # OpenSBI -> U-Boot -> boot.scr from the FAT disk. booti moves the
    # Image to RAM base + text_offset; bootm puts the uImage at 0x80400000,
    # so the kernel runs away from the direct boot's 0x80200000.
    BootCase("boot-uboot", boot="uboot", cpus=2, mem="256M", harts=2, mib=256,
             expect=[r"^boot\.scr: booti Image", r"^Starting kernel"]),
    BootCase("boot-uboot-bootm", boot="uboot-bootm", cpus=2, mem="256M", harts=2,
             expect=[r"^boot\.scr: bootm uImage", r"Load Address: 80400000",
                     r"^Starting kernel"]),
]




class PanicCase(Case):
    """Boot so that the kernel panics (append is chosen for that); the
    console must show a panic line matching panic and QEMU must exit by
    itself with a non-zero status (virt's test finisher)."""

    def __init__(self, name, panic, timeout=30, **knobs):
        super().__init__(name, timeout, **knobs)
        self.panic = panic

    def check(self, q):
        q.wait_for(self.panic, self.timeout, since=0, what="the panic")
        status = q.wait_exit(self.timeout)
        if status == 0:
            raise TestFailure("QEMU exited with status 0 after a panic")
        return Outcome(passed=1)


PANICS = [
    PanicCase("panic-no-root", r"^panic: init: cannot mount the root file system",
              cpus=2, append="root=vdq"),
]


def program(command, timeout=180, **knobs):
    """A program run at the prompt on virt with 2 harts unless told."""
    knobs.setdefault("cpus", 2)
    return ProgramCase(command, timeout=timeout, **knobs)


PROGRAMS = [
    program("proctest"),
    program("pipetest"),
    program("fstest"),
    program("badargs"),
    program("shtest"),
    program("memtest"),
    program("cowtest"),
    program("lazytest"),
    program("mmaptest"),
    program("vmstress", timeout=300),
    program("forktest"),
    program("pipewait"),
    program("compattest"),
    program("proctest", name="proctest-1cpu", cpus=1),
    program("vmstress", name="vmstress-4cpu", cpus=4, timeout=300),
]



# The file system (docs/filesystem.md, "Tests"): stress and limits on virt
# with 1 and 4 harts and on the initrd path (sifive_u, root=ram0), fstest
# with 4 harts and on the initrd path, and the crash test
# (test/fs_crash.py): two chains of 12 kills each, with different seeds.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fs_crash import CrashCase  # noqa: E402

FS_CASES = [
    program("fsstress", name="fsstress-4cpu", cpus=4, timeout=300),
    program("fsstress", name="fsstress-1cpu", cpus=1, timeout=300),
    program("fsstress", name="fsstress-sifive_u", machine="sifive_u", cpus=4, mem="256M",
            timeout=300),
    program("fstest", name="fstest-4cpu", cpus=4),
    program("fstest", name="fstest-sifive_u", machine="sifive_u", cpus=2, mem="256M"),
    CrashCase("fs-crash-a", kills=12, seed=1),
    CrashCase("fs-crash-b", kills=12, seed=2),
]



# The scheduler (docs/scheduler.md, "Tests"). schedcheck measures in the
# guest, under mlfq and then rr, 8 CPU hogs and a process that naps 5 ms
# and wakes, over and over, and prints one PASS/FAIL line per promise:
# under mlfq the wake-up latency's median <= 2 ticks and 99th percentile
# <= 5 ticks (50 ms at hz=100; measured medians 0.1-0.4 ms, p99s 5-9 ms
# alone and up to 60 ms beside another test's QEMU on a 2-core host: the
# guest's latency includes the time the host does not run a vCPU thread),
# no hog off the CPU for a boost period (1 s), hogs on every hart; under
# rr equal hogs per hart and each hog's CPU time within 10% of the mean on
# its hart. A run that misses a bound is repeated (3 runs at most): a busy
# host can spoil a run, never rescue a broken scheduler. Then top, once in
# batch mode and once on the console: it refreshes, and q quits.
def top_batch_and_interactive(q):
    out = q.run("top -b -n 1", 30)
    expect(out, r"^top: \d+ processes, policy mlfq$")
    expect(out, r"^\s+PID NAME\s+S HART LEVEL\s+CPU%\s+RSS_kB$")
    expect(out, r"^\s+\d+ top\s+R\s+\d+\s+\d+\s+\d+\.\d\s+\d+$",
           "top itself, running")
    q.send_line("top -d 1")
    q.wait_for(r"top: \d+ processes", 30, what="the first screen")
    q.wait_for(r"top: \d+ processes", 30, what="a refreshed screen")
    q.send("q")
    q.wait_prompt(30)


SCHED_CASES = [
    program("schedcheck -c 1", name="schedcheck-1cpu", cpus=1, timeout=120),
    program("schedcheck -c 4", name="schedcheck-4cpu", cpus=4, timeout=120),
    FunctionCase(top_batch_and_interactive, name="top", cpus=2),
]

# Processes and virtual memory on 1 and 4 harts (one boot runs several
# programs; every PASS/FAIL line counts), and out-of-memory handling.
VM_CASES = [
    program("proctest ; pipetest ; badargs ; shtest", name="proc-4cpu", cpus=4, timeout=300),
    program("cowtest ; lazytest ; mmaptest ; memtest", name="vm-1cpu", cpus=1, timeout=300),
    program("cowtest ; lazytest ; mmaptest ; memtest", name="vm-4cpu", cpus=4, timeout=300),
    program("oomtest", cpus=2, timeout=300),
]

CASES = BOOTS + PANICS + PROGRAMS + FS_CASES + SCHED_CASES + VM_CASES
