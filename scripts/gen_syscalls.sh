#!/bin/sh
# gen_syscalls.sh TABLE OUTDIR - generate the system-call headers and the
# user-space stubs from kernel/syscall.tbl (see the comment at its top).
set -eu
tbl=$1
out=$2
mkdir -p "$out"
entries=$(grep -v '^[[:space:]]*#' "$tbl" | awk 'NF >= 2 { print $1, $2 }')

{
	echo "/* Generated from kernel/syscall.tbl by scripts/gen_syscalls.sh. */"
	echo "#ifndef GEN_SYSCALL_NR_H"
	echo "#define GEN_SYSCALL_NR_H"
	echo "$entries" | awk '{ printf "#define SYS_%s %s\n", $2, $1 }'
	echo "$entries" | awk 'BEGIN { max = 0 } { if ($1 > max) max = $1 } END { printf "#define SYS_COUNT %d\n", max + 1 }'
	echo "#endif"
} > "$out/syscall_nr.h.tmp"

{
	echo "/* Generated from kernel/syscall.tbl by scripts/gen_syscalls.sh. */"
	echo "/* Included by kernel/syscall.c with SYSCALL(nr, name) defined. */"
	echo "$entries" | awk '{ printf "SYSCALL(%s, %s)\n", $1, $2 }'
} > "$out/syscall_table.h.tmp"

{
	echo "/* Generated from kernel/syscall.tbl by scripts/gen_syscalls.sh. */"
	echo "/* Each stub: a7 = number, ecall, return a0 (a result or -errno). */"
	echo "$entries" | awk '{
		printf "\t.section .text.sys_%s, \"ax\"\n\t.globl __sys_%s\n\t.type __sys_%s, @function\n__sys_%s:\n\tli a7, %s\n\tecall\n\tret\n\t.size __sys_%s, . - __sys_%s\n\n", $2, $2, $2, $2, $1, $2, $2 }'
} > "$out/usys.S.tmp"

# Replace only what changed, so dependants are not rebuilt needlessly.
for f in syscall_nr.h syscall_table.h usys.S; do
	if cmp -s "$out/$f.tmp" "$out/$f"; then rm "$out/$f.tmp"; else mv "$out/$f.tmp" "$out/$f"; fi
done
