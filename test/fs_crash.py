#!/usr/bin/env python3
"""fs_crash - pull the plug on the kernel in the middle of file-system
work and check that the disk comes back consistent.

Each round copies $BUILD/fs.img, boots it (KEEPFS), starts fstest's
concurrent cases (parallel writers, creators, racing renames), kills QEMU
after a random delay, then checks:
  1. fsck --replay on a copy of the image: clean (orphan warnings are
     fine: files unlinked while open, which the kernel frees at mount);
  2. the kernel mounts the image itself (recovering the log), the shell
     works, it powers off;
  3. fsck on the image afterwards, without --replay: clean and no
     warnings (the log was installed and orphans freed at mount).
Prints one `PASS name` / `FAIL name: reason` line per round and
`fs_crash: N passed, M failed`.

  python3 test/fs_crash.py [--rounds 6] [--seed 1] [--cpus 2]
Needs `make all` first (and fstest in the image).
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from gradelib import BUILD, Qemu, TestFailure  # noqa: E402

FSCK = os.path.join(BUILD, "host", "fsck")
WORK = "fstest fs_parallel_writers fs_concurrent fs_rename_race fs_big_file"


def fsck(image, replay=False):
    cmd = [FSCK] + (["--replay"] if replay else []) + [image]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.returncode, r.stdout.strip()


def crash(name, image, delay, cpus):
    q = Qemu(name, cpus=cpus, keepfs=True)
    try:
        q.start()
        q.wait_prompt(60)
        q.send_line(WORK)
        time.sleep(delay)
    finally:
        q.kill()


def reboot(name, image, cpus):
    q = Qemu(name, cpus=cpus, keepfs=True)
    try:
        q.start()
        q.wait_prompt(60)
        q.run("ls /tmp", timeout=30)
        q.poweroff()
        return q.output
    finally:
        q.kill()


def one_round(i, delay, cpus):
    image = os.path.join(BUILD, "crash-%d.img" % i)
    shutil.copyfile(os.path.join(BUILD, "fs.img"), image)
    os.environ["FS_IMAGE"] = image
    crash("fs-crash-%d" % i, image, delay, cpus)
    copy = image + ".replay"
    shutil.copyfile(image, copy)
    rc, out = fsck(copy, replay=True)
    os.unlink(copy)
    if rc != 0:
        raise TestFailure("fsck --replay after the crash: " + out.replace("\n", "; "))
    console = reboot("fs-crash-%d-reboot" % i, image, cpus)
    rc, out = fsck(image)
    if rc != 0 or "warning" in out:
        raise TestFailure("fsck after the kernel's recovery: " + out.replace("\n", "; "))
    os.unlink(image)
    return [l for l in console.splitlines() if l.startswith("fs: ") and "mounted" not in l]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cpus", type=int, default=2)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    passed = failed = 0
    for i in range(args.rounds):
        delay = rng.uniform(1.0, 8.0)
        name = "fs_crash_%d" % i
        try:
            notes = one_round(i, delay, args.cpus)
            print("PASS %s (killed after %.1fs%s)" % (name, delay,
                  "; " + "; ".join(notes) if notes else ""))
            passed += 1
        except TestFailure as e:
            print("FAIL %s: killed after %.1fs: %s" % (name, delay, e))
            failed += 1
        sys.stdout.flush()
    print("fs_crash: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
