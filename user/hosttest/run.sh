#!/bin/sh
# run.sh - run the user-space tests on the development machine, without
# the kernel (make user-hosttest).
#
# Every program is relinked with crt0_linux.S and linux_abi.c in place of
# crt0.S and the system-call stubs, installed in a scratch root
# ($BUILD/user/hostroot/bin, plus /tmp and qemu-riscv64-static as /qemu),
# and run there with chroot under qemu-riscv64-static. Needs root (for
# chroot) and the Debian package qemu-user-static.
#
# The tests listed in HOSTTEST_PROGS must pass under Linux semantics;
# badargs and compattest are not listed: some of their cases test this
# kernel's own rules (ELF validation, eager sbrk, sigalarm) that Linux or
# qemu do not follow.
#
# Environment: BUILD, CC, USER_LDFLAGS, XV6_LDFLAGS, ARCH_FLAGS (from make).
set -eu
: "${BUILD:=build}" "${CC:=riscv64-unknown-elf-gcc}"
HOSTTEST_PROGS=${HOSTTEST_PROGS:-"proctest pipetest shtest forktest pipewait"}
QEMU=/usr/bin/qemu-riscv64-static
UB=$BUILD/user
OUT=$UB/hosttest
ROOT=$UB/hostroot
HERE=user/hosttest

if [ ! -x $QEMU ]; then
	echo "user-hosttest: needs $QEMU: apt-get install --no-install-recommends qemu-user-static" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "user-hosttest: needs root (chroot)" >&2
	exit 1
fi

mkdir -p "$OUT" "$ROOT/bin" "$ROOT/tmp" "$ROOT/dev"
$CC $ARCH_FLAGS -c $HERE/crt0_linux.S -o "$OUT/crt0_linux.o"
$CC $ARCH_FLAGS -O2 -Wall -Werror -ffreestanding -nostdinc \
	-isystem "$($CC -print-file-name=include)" -Ikernel -Iuser/lib \
	-ffunction-sections -c $HERE/linux_abi.c -o "$OUT/linux_abi.o"
rm -f "$OUT/libu.a" "$OUT/libxv6.a"
ar=${CC%gcc}ar
$ar rcs "$OUT/libu.a" $(ls "$UB"/obj/lib/*.o | grep -v crt0) "$OUT/linux_abi.o"
$ar rcs "$OUT/libxv6.a" "$UB"/xobj/compat/lib/*.o "$OUT/linux_abi.o"
cmp -s $QEMU "$ROOT/qemu" || cp $QEMU "$ROOT/qemu"

# Relink each program found in $UB/bin from its objects.
for bin in "$UB"/bin/*; do
	name=$(basename "$bin")
	if [ -f "$UB/xobj/xv6/$name.o" ]; then
		$CC $XV6_LDFLAGS -o "$ROOT/bin/$name" "$OUT/crt0_linux.o" \
			"$UB/xobj/xv6/$name.o" "$OUT/libxv6.a" -lgcc
		continue
	fi
	objs=$(ls "$UB/obj/bin/$name.o" "$UB/obj/test/$name.o" \
		"$UB/obj/bin/$name/"*.o "$UB/obj/test/$name/"*.o 2>/dev/null || true)
	$CC $USER_LDFLAGS -o "$ROOT/bin/$name" "$OUT/crt0_linux.o" $objs \
		-Wl,--start-group "$OUT/libu.a" -lc -Wl,--end-group
done

pass=0
fail=0
for prog in $HOSTTEST_PROGS; do
	chroot "$ROOT" /qemu -0 "$prog" "/bin/$prog" > "$OUT/$prog.out" 2>&1 || true
	cat "$OUT/$prog.out"
	pass=$((pass + $(grep -c '^PASS ' "$OUT/$prog.out" || true)))
	fail=$((fail + $(grep -c '^FAIL ' "$OUT/$prog.out" || true)))
done
echo "user-hosttest: $pass passed, $fail failed"
[ "$fail" = 0 ]
