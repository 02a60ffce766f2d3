# arch/riscv/arch.mk - running the kernel under QEMU.
# scripts/run-qemu.sh builds the QEMU command line from the knobs
# (CPUS, MEM, MACHINE, BOOT, APPEND, QEMUEXTRA, KEEPFS, GDBPORT).

GDBPORT := $(shell expr `id -u` % 5000 + 25000)
export CPUS MEM MACHINE BOOT APPEND QEMUEXTRA KEEPFS GDBPORT BUILD

# FS_IMAGE is set by scripts/scripts.mk, included after this file, so the
# image is named here by its path.
QEMU_DEPS := $(BUILD)/Image $(BUILD)/fs.img

# BOOT=uboot boots from a FAT disk holding boot.scr and the Image
# (scripts/uboot/); BOOT=uboot-bootm from one holding a uImage that U-Boot
# loads at $(UBOOT_BOOTM_ADDR), away from the direct boot's 0x80200000.
UBOOT_DISK := $(BUILD)/uboot/boot.img
UBOOT_BOOTM_DISK := $(BUILD)/uboot/boot-bootm.img
UBOOT_BOOTM_ADDR := 0x80400000
UBOOT_DISK_DEPS := $(BUILD)/Image scripts/uboot/boot.cmd scripts/uboot/mkbootdisk.sh | $(DEPS_OK)
QEMU_DEPS += $(if $(filter uboot,$(BOOT)),$(UBOOT_DISK)) \
	$(if $(filter uboot-bootm,$(BOOT)),$(UBOOT_BOOTM_DISK))

$(UBOOT_DISK): $(UBOOT_DISK_DEPS)
	@mkdir -p $(dir $@)
	@echo "  BOOTDSK $@"
	$(Q)sh scripts/uboot/mkbootdisk.sh $(BUILD)/Image $@

$(UBOOT_BOOTM_DISK): $(UBOOT_DISK_DEPS)
	@mkdir -p $(dir $@)
	@echo "  BOOTDSK $@"
	$(Q)sh scripts/uboot/mkbootdisk.sh --bootm $(UBOOT_BOOTM_ADDR) $(BUILD)/Image $@

uboot-disks: $(UBOOT_DISK) $(UBOOT_BOOTM_DISK)

qemu: $(QEMU_DEPS)
	@sh scripts/run-qemu.sh

qemu-gdb: $(QEMU_DEPS) .gdbinit
	@echo "*** Now run 'make gdb' in another window (GDB port $(GDBPORT))." 1>&2
	@sh scripts/run-qemu.sh -S -gdb tcp::$(GDBPORT)

.gdbinit: arch/riscv/gdbinit.tmpl
	sed "s/:1234/:$(GDBPORT)/" < $< > $@

gdb: .gdbinit
	gdb-multiarch -q -x .gdbinit

print-gdbport:
	@echo $(GDBPORT)

.PHONY: qemu qemu-gdb gdb print-gdbport uboot-disks

# make board BOARD=visionfive2: the files a board's U-Boot loads.
BOARD ?= visionfive2
board: $(BUILD)/Image $(BUILD)/fs.img | $(DEPS_OK)
	$(Q)sh scripts/board/mkboard.sh $(BOARD) $(BUILD)/Image $(BUILD)/fs.img $(BUILD)/board/$(BOARD)

.PHONY: board
