# user/user.mk - building user space (included by the root Makefile).
#
# Sets USER_BINS: every program as $(BUILD)/user/bin/NAME, for the disk
# image (scripts/scripts.mk). Three kinds of program:
#
#   native  user/bin/NAME.c, user/test/NAME.c (one file), or
#           user/bin/NAME/*.c, user/test/NAME/*.c (several files):
#           picolibc + libu
#           (user/lib/), headers user/include/ and kernel/uapi/.
#   xv6     user/xv6/NAME.c: compiled unchanged against the xv6 compat
#           headers (user/compat/) and linked with libxv6 only; picolibc's
#           headers and library are invisible to them. A name in user/xv6/
#           replaces a native program of the same name.
#
# Every program starts in user/lib/crt0.S and is linked by user/user.ld
# (text at 0x10000, W^X segments). Both libraries contain the system-call
# stubs generated from kernel/syscall.tbl ($(BUILD)/gen/usys.S).
#
#   make user                  all programs
#   make build/user/bin/sh     one program
#   make user-hosttest         run the user tests on the host (no kernel)

U := user
UB := $(BUILD)/user
GCC_INCLUDE := $(shell $(CC) -print-file-name=include 2>/dev/null)

USER_WARN := -Wall -Werror
USER_COMMON := $(ARCH_FLAGS) -std=gnu11 -O2 -g $(USER_WARN) -fno-common \
	-ffunction-sections -fdata-sections -MD -MP

# Linking picks libgcc's and picolibc's multilib from -march: the
# _zicsr_zifencei suffix of ARCH_FLAGS would select the default
# (rv64gc/lp64d) one, so link with plain rv64imac/lp64.
USER_LINK_ARCH := -march=rv64imac -mabi=lp64 -mcmodel=medany
PICOLIBC_SPECS := --specs=picolibc.specs --picolibc-buildtype=release

# Native programs and libu: picolibc's headers (the speed-optimised
# "release" build), then ours.
USER_CFLAGS := $(USER_COMMON) $(PICOLIBC_SPECS) -I$(U)/include -Ikernel \
	-I$(BUILD)/gen
USER_LDFLAGS := $(USER_LINK_ARCH) $(PICOLIBC_SPECS) -nostartfiles -static \
	-T $(U)/user.ld -Wl,-z,max-page-size=4096 -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,-u,sbrk

# xv6 programs and libxv6: no system headers but the compiler's own
# (stdarg.h, stddef.h, stdint.h), and "kernel/..." and "user/user.h" from
# user/compat/ only (never the real kernel/ folder).
XV6_CFLAGS := $(USER_COMMON) -ffreestanding -fno-builtin -nostdinc \
	-isystem $(GCC_INCLUDE) -I$(U)/compat
XV6_LIB_CFLAGS := $(XV6_CFLAGS) -I$(U)/lib -Ikernel
XV6_LDFLAGS := $(USER_LINK_ARCH) -nostdlib -static -T $(U)/user.ld \
	-Wl,--gc-sections -Wl,-z,max-page-size=4096 -Wl,--build-id=none -Wl,-z,noexecstack

# ---------------------------------------------------------------------------
# Libraries.
USER_CRT0 := $(UB)/obj/lib/crt0.o
USER_USYS := $(UB)/obj/usys.o
USER_LIB := $(UB)/libu.a
XV6_LIB := $(UB)/libxv6.a

USER_LIB_OBJS := $(patsubst $(U)/%.c,$(UB)/obj/%.o,$(wildcard $(U)/lib/*.c))
XV6_LIB_OBJS := $(patsubst $(U)/%.c,$(UB)/xobj/%.o,$(wildcard $(U)/compat/lib/*.c))

$(USER_USYS): $(BUILD)/gen/usys.S | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(ARCH_FLAGS) -c $< -o $@

$(USER_LIB): $(USER_LIB_OBJS) $(USER_USYS)
	@rm -f $@
	@echo "  AR      $@"
	$(Q)$(USER_AR) rcs $@ $^

$(XV6_LIB): $(XV6_LIB_OBJS) $(USER_USYS)
	@rm -f $@
	@echo "  AR      $@"
	$(Q)$(USER_AR) rcs $@ $^

USER_AR := $(CROSS)ar

# ---------------------------------------------------------------------------
# Compiling. obj/ holds native objects, xobj/ the xv6 ones.
$(UB)/obj/%.o: $(U)/%.c $(GEN_HEADERS) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(UB)/obj/%.o: $(U)/%.S | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(ARCH_FLAGS) -c $< -o $@

$(UB)/xobj/compat/lib/%.o: $(U)/compat/lib/%.c $(GEN_HEADERS) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(XV6_LIB_CFLAGS) -c $< -o $@

$(UB)/xobj/xv6/%.o: $(U)/xv6/%.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(XV6_CFLAGS) -c $< -o $@

# ---------------------------------------------------------------------------
# Programs.
XV6_NAMES := $(basename $(notdir $(wildcard $(U)/xv6/*.c)))
USER_SINGLE_SRCS := $(wildcard $(U)/bin/*.c $(U)/test/*.c)
USER_MULTI_DIRS := $(sort $(patsubst %/,%,$(dir $(wildcard $(U)/bin/*/*.c $(U)/test/*/*.c))))
USER_ALL_NATIVE := $(basename $(notdir $(USER_SINGLE_SRCS))) $(notdir $(USER_MULTI_DIRS))
USER_OVERRIDDEN := $(filter $(XV6_NAMES),$(USER_ALL_NATIVE))
ifneq ($(USER_OVERRIDDEN),)
$(warning user/xv6/ replaces native programs: $(USER_OVERRIDDEN))
endif

# One line per native program: its objects.
define user_single_prog
ifeq ($$(filter $(basename $(notdir $(1))),$$(XV6_NAMES)),)
USER_NATIVE_BINS += $$(UB)/bin/$(basename $(notdir $(1)))
$$(UB)/bin/$(basename $(notdir $(1))): $$(patsubst $$(U)/%.c,$$(UB)/obj/%.o,$(1))
endif
endef
define user_multi_prog
ifeq ($$(filter $(notdir $(1)),$$(XV6_NAMES)),)
USER_NATIVE_BINS += $$(UB)/bin/$(notdir $(1))
$$(UB)/bin/$(notdir $(1)): $$(patsubst $$(U)/%.c,$$(UB)/obj/%.o,$$(wildcard $(1)/*.c))
endif
endef
USER_NATIVE_BINS :=
$(foreach s,$(USER_SINGLE_SRCS),$(eval $(call user_single_prog,$(s))))
$(foreach d,$(USER_MULTI_DIRS),$(eval $(call user_multi_prog,$(d))))

XV6_BINS := $(patsubst %,$(UB)/bin/%,$(XV6_NAMES))

$(USER_NATIVE_BINS): $(UB)/bin/%: $(USER_CRT0) $(USER_LIB) $(U)/user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(USER_LDFLAGS) -o $@ $(USER_CRT0) \
		$(filter-out $(USER_CRT0),$(filter %.o,$^)) \
		-Wl,--start-group $(USER_LIB) -lc -Wl,--end-group

$(XV6_BINS): $(UB)/bin/%: $(UB)/xobj/xv6/%.o $(USER_CRT0) $(XV6_LIB) $(U)/user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(XV6_LDFLAGS) -o $@ $(USER_CRT0) $< $(XV6_LIB) -lgcc

USER_BINS := $(USER_NATIVE_BINS) $(XV6_BINS)

user: $(USER_BINS)

# User space on the host, without the kernel: the programs relinked over
# a Linux system-call shim and run under qemu-riscv64-static in a chroot
# (user/hosttest/run.sh; needs root and qemu-user-static).
user-hosttest: $(USER_BINS)
	@BUILD=$(BUILD) CC=$(CC) ARCH_FLAGS="$(ARCH_FLAGS)" \
		USER_LDFLAGS="$(USER_LDFLAGS)" XV6_LDFLAGS="$(XV6_LDFLAGS)" \
		sh user/hosttest/run.sh

-include $(wildcard $(UB)/obj/*.d $(UB)/obj/*/*.d $(UB)/obj/*/*/*.d \
	$(UB)/xobj/*/*.d $(UB)/xobj/*/*/*.d)

.PHONY: user user-hosttest
