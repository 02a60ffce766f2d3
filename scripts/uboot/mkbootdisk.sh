#!/bin/sh
# mkbootdisk.sh [--bootm ADDR] IMAGE OUT - build the FAT boot disk that
# U-Boot boots our kernel from (BOOT=uboot, BOOT=uboot-bootm).
#
# OUT is a raw disk image with an MBR and one FAT partition (U-Boot's
# distro boot only scans partitions: on a bare "superfloppy" it finds
# nothing) holding boot.scr (compiled from scripts/uboot/boot.cmd) and the
# kernel IMAGE as "Image", for booti. With --bootm ADDR the partition holds
# "uImage" instead: IMAGE wrapped as a U-Boot legacy image with load and
# entry address ADDR, which boot.scr starts with bootm.
# No root and no loop mounts: the MBR is written with printf, the file
# system with mkfs.vfat --offset, the files with mcopy.
set -eu

usage() { echo "usage: $0 [--bootm ADDR] IMAGE OUT" >&2; exit 2; }
bootm_addr=
if [ "${1:-}" = --bootm ]; then
	[ $# -ge 2 ] || usage
	bootm_addr=$2
	shift 2
fi
[ $# -eq 2 ] || usage
image=$1
out=$2
here=$(dirname "$0")
PATH=$PATH:/sbin:/usr/sbin    # mkfs.vfat, for users without sbin in PATH

for tool in mkimage mkfs.vfat mcopy; do
	command -v $tool >/dev/null 2>&1 || {
		echo "mkbootdisk: $tool missing: run scripts/deps.sh" >&2
		exit 1
	}
done
[ -f "$image" ] || { echo "mkbootdisk: no kernel image $image" >&2; exit 1; }

SECTOR=512
PART_START=2048                              # sectors: 1 MiB, as fdisk does
image_kib=$(( ($(wc -c < "$image") + 1023) / 1024 ))
part_kib=$(( (image_kib + 1024 + 8191) / 8192 * 8192 ))   # Image + 1 MiB, 8 MiB steps
[ $part_kib -ge 16384 ] || part_kib=16384    # FAT16's comfortable minimum
part_sectors=$(( part_kib * 2 ))
disk_sectors=$(( PART_START + part_sectors ))

tmp=$out.tmp
scr=$out.scr.tmp
uimage=$out.uimage.tmp
trap 'rm -f "$tmp" "$scr" "$uimage"' EXIT
rm -f "$tmp"

# Every output byte from a number, as an octal printf escape.
# shellcheck disable=SC2059
byte() { printf "\\$(printf %03o $(( $1 & 255 )))"; }
le32() { byte "$1"; byte $(($1 >> 8)); byte $(($1 >> 16)); byte $(($1 >> 24)); }

# The MBR: one partition entry at 446 (bootable, CHS fields unused, type
# 0x0e = FAT16 with LBA), the 0x55aa signature at 510.
dd if=/dev/zero of="$tmp" bs=$SECTOR count=0 seek=$disk_sectors 2>/dev/null
{
	byte 0x80; byte 0xfe; byte 0xff; byte 0xff
	byte 0x0e; byte 0xfe; byte 0xff; byte 0xff
	le32 $PART_START
	le32 $part_sectors
} | dd of="$tmp" bs=1 seek=446 conv=notrunc 2>/dev/null
{ byte 0x55; byte 0xaa; } | dd of="$tmp" bs=1 seek=510 conv=notrunc 2>/dev/null

mkfs.vfat -F 16 -n KBOOT -i 6b626f6f --offset $PART_START "$tmp" $part_kib >/dev/null
mkimage -A riscv -O linux -T script -C none -n "kernel boot script" \
	-d "$here/boot.cmd" "$scr" >/dev/null
export MTOOLS_SKIP_CHECK=1
mcopy -o -i "$tmp@@$((PART_START * SECTOR))" "$scr" ::boot.scr
if [ -n "$bootm_addr" ]; then
	mkimage -A riscv -O linux -T kernel -C none -a "$bootm_addr" -e "$bootm_addr" \
		-n "kernel at $bootm_addr" -d "$image" "$uimage" >/dev/null
	mcopy -o -i "$tmp@@$((PART_START * SECTOR))" "$uimage" ::uImage
else
	mcopy -o -i "$tmp@@$((PART_START * SECTOR))" "$image" ::Image
fi
mv "$tmp" "$out"
