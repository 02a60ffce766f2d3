# Root Makefile.
#
#   make            build build/kernel.elf, build/Image and build/fs.img
#   make qemu       boot it in QEMU (Ctrl-A X quits)
#   make qemu-gdb   the same, stopped, with a GDB stub; then `make gdb`
#   make test       host unit tests + QEMU tests; ends "N passed, M failed"
#   make grade      the lab-style graded set (scripts/gradelib.py)
#   make bench      in-guest benchmarks, one RESULT line per figure
#
# Knobs (xv6's defaults where xv6 has one):
#   CPUS=3 (1-8)  MEM=128M (64M-4G)  MACHINE=virt|sifive_u|icicle
#   BOOT=direct|uboot  APPEND="kernel command line"  QEMUEXTRA=...
#   KEEPFS=1 boots the existing disk image instead of a fresh copy.
#
# Each folder adds its own rules in a fragment: arch/riscv/arch.mk,
# user/user.mk, scripts/scripts.mk, test/test.mk, test/unit/*.mk.

BUILD := build
CROSS ?= riscv64-unknown-elf-
CC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
OBJDUMP := $(CROSS)objdump
NM := $(CROSS)nm
HOSTCC ?= gcc
PYTHON ?= python3

CPUS ?= 3
MEM ?= 128M
MACHINE ?= virt
BOOT ?= direct
APPEND ?=
QEMUEXTRA ?=

# `make V=1` shows the full commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SECONDARY:

# Fail early, with the exact apt-get line, when a tool is missing
# (scripts/deps.sh installs them itself when run as root).
DEPS_OK := $(BUILD)/.deps-ok
$(DEPS_OK): scripts/deps.sh
	@sh scripts/deps.sh
	@mkdir -p $(BUILD) && touch $@

ARCH_FLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
PICOLIBC := /usr/lib/picolibc/riscv64-unknown-elf
PICOLIBC_LIB := $(PICOLIBC)/lib/release/rv64imac/lp64

# ---------------------------------------------------------------------------
# The kernel: every .c and .S under the kernel's folders.
KERNEL_DIRS := arch/riscv kernel kernel/dev vm proc fs
KERNEL_SRCS := $(foreach d,$(KERNEL_DIRS),$(wildcard $(d)/*.c $(d)/*.S))
KERNEL_OBJS := $(patsubst %,$(BUILD)/k/%.o,$(basename $(KERNEL_SRCS)))

KCFLAGS := $(ARCH_FLAGS) -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter \
	-Wno-sign-compare -Werror -ffreestanding -fno-common -fno-builtin-printf \
	-fno-omit-frame-pointer -fno-stack-protector -fno-pie -fno-strict-aliasing \
	-mno-relax -MD -MP -I. -I$(BUILD)/gen -isystem $(PICOLIBC)/include
KLDFLAGS := -nostdlib -no-pie -Wl,--no-relax -Wl,--build-id=none \
	-T arch/riscv/kernel.ld -Wl,-Map,$(BUILD)/kernel.map

GEN_HEADERS := $(BUILD)/gen/syscall_nr.h $(BUILD)/gen/syscall_table.h $(BUILD)/gen/usys.S
$(GEN_HEADERS) &: kernel/syscall.tbl scripts/gen_syscalls.sh
	@sh scripts/gen_syscalls.sh kernel/syscall.tbl $(BUILD)/gen

$(BUILD)/k/%.o: %.c $(GEN_HEADERS) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

# Runs before the MMU is on: no absolute addresses (see the file).
$(BUILD)/k/arch/riscv/boot_pagetable.o: KCFLAGS += -fno-jump-tables

$(BUILD)/k/%.o: %.S $(GEN_HEADERS) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(KCFLAGS) -D__ASSEMBLY__ -c $< -o $@

# picolibc's string functions (memcpy, strlen, ...) are linked into the
# kernel; its stdio is not (see kernel/printk.c).
# Two passes: the first finds the function addresses, the second links
# them in as the kernel's symbol table (.ksyms, after all text, so text
# addresses do not move).
# Linking picks libgcc's multilib from -march: the _zicsr_zifencei suffix
# would select the default (hard-float) one, so link with plain rv64imac.
KLINK = $(CC) -march=rv64imac -mabi=lp64 -mcmodel=medany $(KLDFLAGS) $(KERNEL_OBJS) \
	-L$(PICOLIBC_LIB) -lc -lgcc
$(BUILD)/kernel.elf: $(KERNEL_OBJS) arch/riscv/kernel.ld scripts/gen_ksyms.sh
	@echo "/* empty */" > $(BUILD)/ksyms0.in
	@sh scripts/gen_ksyms.sh true $(BUILD)/ksyms0.in $(BUILD)/ksyms0.S
	$(Q)$(CC) $(KCFLAGS) -c $(BUILD)/ksyms0.S -o $(BUILD)/ksyms0.o
	@echo "  LD      $@"
	$(Q)$(KLINK) $(BUILD)/ksyms0.o -o $@.pass1
	$(Q)sh scripts/gen_ksyms.sh $(NM) $@.pass1 $(BUILD)/ksyms.S
	$(Q)$(CC) $(KCFLAGS) -c $(BUILD)/ksyms.S -o $(BUILD)/ksyms.o
	$(Q)$(KLINK) $(BUILD)/ksyms.o -o $@
	$(Q)$(OBJDUMP) -S $@ > $(BUILD)/kernel.asm
	$(Q)$(NM) -n $@ > $(BUILD)/kernel.sym

$(BUILD)/Image: $(BUILD)/kernel.elf
	@echo "  IMAGE   $@"
	$(Q)$(OBJCOPY) -O binary $< $@

kernel: $(BUILD)/Image

-include $(KERNEL_OBJS:.o=.d)

# ---------------------------------------------------------------------------
-include arch/riscv/arch.mk
-include user/user.mk
-include scripts/scripts.mk
-include test/test.mk

all: $(BUILD)/Image $(FS_IMAGE)

clean:
	rm -rf $(BUILD)

.PHONY: all kernel clean
