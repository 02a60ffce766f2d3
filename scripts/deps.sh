#!/bin/sh
# deps.sh - make sure the Debian packages the build, `make qemu` and
# `make test` need are installed. As root it installs what is missing;
# otherwise it prints the exact apt-get line and fails.
set -u

# package:file-that-proves-it-is-installed
needs="
gcc-riscv64-unknown-elf:/usr/bin/riscv64-unknown-elf-gcc
picolibc-riscv64-unknown-elf:/usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs
qemu-system-misc:/usr/bin/qemu-system-riscv64
opensbi:/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
u-boot-qemu:/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
u-boot-tools:/usr/bin/mkimage
device-tree-compiler:/usr/bin/dtc
gdb-multiarch:/usr/bin/gdb-multiarch
libcmocka-dev:/usr/include/cmocka.h
gcc:/usr/bin/gcc
make:/usr/bin/make
python3:/usr/bin/python3
dosfstools:/sbin/mkfs.vfat
mtools:/usr/bin/mcopy
"

missing=""
for n in $needs; do
	pkg=${n%%:*}
	file=${n#*:}
	[ -e "$file" ] || missing="$missing $pkg"
done

if [ -n "$missing" ]; then
	line="apt-get install -y --no-install-recommends$missing"
	if [ "$(id -u)" = 0 ]; then
		echo "deps: installing:$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q >/dev/null && $line || {
			echo "deps: apt-get failed; run: $line" >&2
			exit 1
		}
	else
		echo "deps: missing packages; as root run:" >&2
		echo "  sudo apt-get update && sudo $line" >&2
		exit 1
	fi
fi

# QEMU older than 7.2 lacks what the kernel's tests rely on (Sstc, virtio
# v2 defaults); say so instead of hanging later.
v=$(qemu-system-riscv64 --version | sed -n 's/.*version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
set -- $v
if [ "${1:-0}" -lt 7 ] || { [ "${1:-0}" -eq 7 ] && [ "${2:-0}" -lt 2 ]; }; then
	echo "deps: qemu-system-riscv64 $1.$2 is older than 7.2; please upgrade" >&2
	exit 1
fi
exit 0
