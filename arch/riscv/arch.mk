# arch/riscv/arch.mk - running the kernel under QEMU.
# scripts/run-qemu.sh builds the QEMU command line from the knobs
# (CPUS, MEM, MACHINE, BOOT, APPEND, QEMUEXTRA, KEEPFS, GDBPORT).

GDBPORT := $(shell expr `id -u` % 5000 + 25000)
export CPUS MEM MACHINE BOOT APPEND QEMUEXTRA KEEPFS GDBPORT BUILD

QEMU_DEPS := $(BUILD)/Image $(FS_IMAGE)

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

.PHONY: qemu qemu-gdb gdb print-gdbport
