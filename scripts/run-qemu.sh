#!/bin/sh
# run-qemu.sh [extra qemu args] - boot the kernel in QEMU with the knobs from
# the environment (see the top of the Makefile). Minimal: virt, direct boot.
set -eu
BUILD=${BUILD:-build}
CPUS=${CPUS:-3}
MEM=${MEM:-128M}
FW=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
exec qemu-system-riscv64 -M virt -smp "$CPUS" -m "$MEM" -nographic \
	-bios "$FW" -kernel "$BUILD/Image" -append "${APPEND:-}" \
	-global virtio-mmio.force-legacy=false ${QEMUEXTRA:-} "$@"
