#!/bin/sh
# mkboard.sh BOARD IMAGE FSIMG OUTDIR - the files a board's U-Boot loads:
# OUTDIR/Image, OUTDIR/initrd (the file system), OUTDIR/boot.scr.
set -eu
board=$1 image=$2 fsimg=$3 out=$4
cmd=scripts/board/$board.cmd
[ -f "$cmd" ] || { echo "mkboard: no board '$board' (have: $(ls scripts/board/*.cmd | sed 's|.*/||; s|\.cmd||' | tr '\n' ' '))" >&2; exit 2; }
mkdir -p "$out"
cp "$image" "$out/Image"
cp "$fsimg" "$out/initrd"
mkimage -A riscv -O linux -T script -C none -n "$board boot" -d "$cmd" "$out/boot.scr" >/dev/null
echo "board: $out: Image, initrd and boot.scr for $board; copy them to the first partition of the SD card"
