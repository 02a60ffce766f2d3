#!/bin/sh
# run-qemu.sh [extra qemu args] - boot the kernel in QEMU.
#
# Builds the QEMU command line from the knobs in the environment (the
# Makefile exports them; see the top of the Makefile and docs/testing.md),
# checks them, then execs QEMU, so QEMU's exit status is this script's:
# 0 after a clean poweroff, 1 after a kernel panic (virt), 2 or more when
# QEMU itself fails.
#
#   CPUS=3       usable harts, 1-8 (sifive_u: 1-4, plus its monitor hart 0;
#                icicle: always 4 plus the monitor, its DTB fixes them)
#   MEM=128M     RAM, 64M-4G, as NNNM or NG (icicle: always 2G)
#   MACHINE=virt virt | sifive_u | icicle (microchip-icicle-kit)
#   BOOT=direct  direct: OpenSBI fw_jump starts build/Image at 0x80200000
#                uboot: OpenSBI -> U-Boot -> boot.scr -> booti of the Image
#                  from a FAT disk (built by `make $BUILD/uboot/boot.img`)
#                uboot-bootm: the same, but bootm of a uImage that U-Boot
#                  copies to 0x80400000 (booti always moves the Image to
#                  RAM base + text_offset, the direct boot's address)
#                U-Boot needs MEM >= 256M (it loads boot.scr at 0x8c100000);
#                smaller MEM is raised to 256M with a note.
#   APPEND=      kernel command line; "root=vda" (virt) or "root=ram0"
#                (sifive_u, icicle: the file system is the initrd) is
#                added unless it names a root= itself
#   QEMUEXTRA=   more QEMU arguments (word-split), e.g. "-cpu rv64,sstc=false"
#   KEEPFS=1     boot $FS_IMAGE itself; otherwise a fresh copy, $FS_RUN
#   FS_IMAGE     default $BUILD/fs.img
#   FS_RUN       default $BUILD/fs-run.img (the test harness gives each
#                QEMU its own, so two can run at once)
#   BUILD=build  where Image, fs.img and uboot/ live
#   QEMU         default qemu-system-riscv64
#   V=1          print the QEMU command line first (on stderr)
#
# The console is the first UART on stdio with QEMU's monitor multiplexed
# (Ctrl-A X quits, Ctrl-A C switches to the monitor). Several virtio disks:
# the kernel names them in address order and QEMU gives the first -device
# the highest address, so the LAST -device on the command line is vda.
set -eu
cd "$(dirname "$0")/.."    # paths below are relative to the top of the tree

BUILD=${BUILD:-build}
CPUS=${CPUS:-3}
MEM=${MEM:-128M}
MACHINE=${MACHINE:-virt}
BOOT=${BOOT:-direct}
APPEND=${APPEND:-}
QEMUEXTRA=${QEMUEXTRA:-}
KEEPFS=${KEEPFS:-}
FS_IMAGE=${FS_IMAGE:-$BUILD/fs.img}
FS_RUN=${FS_RUN:-$BUILD/fs-run.img}
QEMU=${QEMU:-qemu-system-riscv64}
KERNEL=$BUILD/Image
OPENSBI=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
UBOOT=/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
ICICLE_DTB=test/data/microchip-mpfs-icicle-kit.dtb

die() {
	echo "run-qemu: $*" >&2
	exit 2
}

note() {
	echo "run-qemu: $*" >&2
}

is_number() {
	case $1 in
	'' | *[!0-9]*) return 1 ;;
	esac
}

# ---------------------------------------------------------------------------
# Check the knobs.
case $MACHINE in
virt | sifive_u | icicle) ;;
*) die "MACHINE=$MACHINE: expected virt, sifive_u or icicle" ;;
esac

case $BOOT in
direct) ;;
uboot | uboot-bootm)
	[ "$MACHINE" = virt ] || die "BOOT=$BOOT works with MACHINE=virt only (Debian's U-Boot is built for virt)" ;;
*) die "BOOT=$BOOT: expected direct, uboot or uboot-bootm" ;;
esac

is_number "$CPUS" || die "CPUS=$CPUS: expected a number of harts, 1-8"
if [ "$CPUS" -lt 1 ] || [ "$CPUS" -gt 8 ]; then die "CPUS=$CPUS: out of range, 1-8"; fi
[ "$MACHINE" != sifive_u ] || [ "$CPUS" -le 4 ] ||
	die "CPUS=$CPUS: sifive_u has at most 4 usable harts (U54 1-4; hart 0 is the E51 monitor)"

# MEM in MiB: NNN, NNNM or NG (QEMU's own spelling, without K/T).
case $MEM in
*[Mm]) mem_mib=${MEM%?} ;;
*[Gg]) mem_mib=${MEM%?}; is_number "$mem_mib" && mem_mib=$((mem_mib * 1024)) ;;
*) mem_mib=$MEM ;;
esac
is_number "$mem_mib" || die "MEM=$MEM: expected a size like 128M or 2G"
if [ "$mem_mib" -lt 64 ] || [ "$mem_mib" -gt 4096 ]; then die "MEM=$MEM: out of range, 64M-4G"; fi
if [ "$BOOT" != direct ] && [ "$mem_mib" -lt 256 ]; then
	note "BOOT=$BOOT: MEM=$MEM raised to 256M (U-Boot loads boot.scr at 0x8c100000)"
	mem_mib=256
fi
if [ "$MACHINE" = icicle ] && [ "$CPUS/$mem_mib" != 3/128 ] && [ "$CPUS/$mem_mib" != 4/2048 ]; then
	note "MACHINE=icicle: CPUS and MEM ignored, its DTB fixes 4 harts + monitor and 2G"
fi

[ -f "$KERNEL" ] || die "no kernel $KERNEL: run make"
[ -f "$OPENSBI" ] || die "no OpenSBI $OPENSBI: run sh scripts/deps.sh"
[ -f "$FS_IMAGE" ] || die "no file system image $FS_IMAGE: run make"

# sifive_u takes the file system as an initrd, which QEMU puts at
# 2M + min(MEM/2, 128M) with the device tree in the last 2 MiB: with too
# little RAM it runs off the end. Raise MEM to the next 64M step that fits.
initrd_fits() {   # initrd_fits MEM_MIB FS_MIB
	if [ "$1" -ge 256 ]; then start=130; else start=$((2 + $1 / 2)); fi
	[ $((start + $2 + 2)) -le "$1" ]
}
if [ "$MACHINE" = sifive_u ]; then
	fs_mib=$(( ($(wc -c < "$FS_IMAGE") + 1048575) / 1048576 ))
	m=$mem_mib
	until initrd_fits "$m" "$fs_mib"; do m=$(( (m / 64 + 1) * 64 )); done
	if [ "$m" -ne "$mem_mib" ]; then
		note "MACHINE=sifive_u: MEM=$MEM raised to ${m}M to hold the ${fs_mib} MiB file system as initrd"
		mem_mib=$m
	fi
fi

# ---------------------------------------------------------------------------
# The file system: a fresh copy unless KEEPFS=1.
if [ "$KEEPFS" = 1 ]; then
	fs=$FS_IMAGE
else
	fs=$FS_RUN
	cp "$FS_IMAGE" "$fs" || die "cannot copy $FS_IMAGE to $fs"
fi

case " $APPEND " in
*" root="*) cmdline=$APPEND ;;
*)
	if [ "$MACHINE" = virt ]; then root=vda; else root=ram0; fi
	cmdline="root=$root${APPEND:+ $APPEND}" ;;
esac

# ---------------------------------------------------------------------------
# The machine. (QEMU's -drive splits on commas: keep them out of BUILD.)
case $MACHINE in
virt)
	set -- -M virt -smp "$CPUS" -m "${mem_mib}M" -nographic \
		-global virtio-mmio.force-legacy=false "$@"
	case $BOOT in
	direct)
		set -- "$@" -bios "$OPENSBI" -kernel "$KERNEL" \
			-drive "file=$fs,if=none,format=raw,id=x0" -device virtio-blk-device,drive=x0 ;;
	uboot | uboot-bootm)
		[ -f "$UBOOT" ] || die "no U-Boot $UBOOT: run sh scripts/deps.sh"
		if [ "$BOOT" = uboot ]; then disk=$BUILD/uboot/boot.img; else disk=$BUILD/uboot/boot-bootm.img; fi
		[ -f "$disk" ] || die "no U-Boot boot disk $disk: run make $disk"
		[ -z "$(find "$KERNEL" -newer "$disk")" ] || die "$disk is older than $KERNEL: run make $disk"
		# The boot disk first: U-Boot scans it as virtio 0; the
		# kernel sees the file system as vda (see the top).
		set -- "$@" -bios "$OPENSBI" -kernel "$UBOOT" \
			-drive "file=$disk,if=none,format=raw,id=boot,readonly=on" \
			-device virtio-blk-device,drive=boot \
			-drive "file=$fs,if=none,format=raw,id=x0" -device virtio-blk-device,drive=x0 ;;
	esac ;;
sifive_u)
	set -- -M sifive_u -smp $((CPUS + 1)) -m "${mem_mib}M" -nographic \
		-bios "$OPENSBI" -kernel "$KERNEL" -initrd "$fs" "$@" ;;
icicle)
	[ -f "$ICICLE_DTB" ] || die "no $ICICLE_DTB (run from the top of the tree)"
	set -- -M microchip-icicle-kit -smp 5 -m 2G -display none \
		-serial null -serial mon:stdio -dtb "$ICICLE_DTB" \
		-bios "$OPENSBI" -kernel "$KERNEL" -initrd "$fs" "$@" ;;
esac

# QEMUEXTRA is split into words on purpose.
# shellcheck disable=SC2086
set -- "$QEMU" "$@" -append "$cmdline" $QEMUEXTRA
[ "${V:-}" != 1 ] || echo "$*" >&2
exec "$@"
