# scripts/scripts.mk - host tools (mkfs, fsck) and the file-system image.
#
#   $(BUILD)/host/mkfs   build an image        (scripts/mkfs.c)
#   $(BUILD)/host/fsck   check an image        (scripts/fsck.c)
#   $(FS_IMAGE)          $(BUILD)/fs.img: /bin/NAME for each of $(USER_BINS),
#                        $(BUILD)/user/bin/init also as /init
#   make fsck            run fsck on $(FS_IMAGE)
#
# USER_BINS comes from user/user.mk, included before this file; it may be
# empty (the image then holds only the standard tree). Knobs: FS_SIZE_MB
# (default 96: room for a 64 MiB test file), FS_INODES (default: mkfs's), FS_ROOT (a host directory
# copied into /). SOURCE_DATE_EPOCH, if set, becomes every timestamp.

HOST_TOOL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I.

FSIMAGE_SRCS := scripts/fsimage.c scripts/fsimage_dir.c scripts/fsimage_log.c
FSIMAGE_HDRS := fs/fs_format.h scripts/fsimage.h
MKFS_SRCS := scripts/mkfs.c scripts/fsbuild.c $(FSIMAGE_SRCS)
FSCK_SRCS := scripts/fsck.c scripts/fscheck.c scripts/fscheck_dir.c $(FSIMAGE_SRCS)

$(BUILD)/host/mkfs: $(MKFS_SRCS) $(FSIMAGE_HDRS) scripts/fsbuild.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_TOOL_CFLAGS) -o $@ $(MKFS_SRCS)

$(BUILD)/host/fsck: $(FSCK_SRCS) $(FSIMAGE_HDRS) scripts/fscheck.h scripts/fscheck_state.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_TOOL_CFLAGS) -o $@ $(FSCK_SRCS)

host-tools: $(BUILD)/host/mkfs $(BUILD)/host/fsck

# ---------------------------------------------------------------------------
# The image. Its mkfs arguments are kept in $(FS_ARGS_FILE), rewritten only
# when they change, so adding a program or changing a knob rebuilds it.
FS_IMAGE := $(BUILD)/fs.img
FS_SIZE_MB ?= 96
FS_INODES ?=
FS_ROOT ?=
FS_INIT := $(filter $(BUILD)/user/bin/init,$(USER_BINS))
FS_ARGS := $(FS_SIZE_MB) $(if $(FS_INODES),--inodes $(FS_INODES)) \
	$(if $(FS_ROOT),--root $(FS_ROOT)) $(USER_BINS) $(FS_INIT:%=%=/init)
FS_ARGS_FILE := $(BUILD)/fs.args

$(FS_ARGS_FILE): fs-args-check
	@mkdir -p $(dir $@)
	@echo '$(strip $(FS_ARGS))' | cmp -s - $@ || echo '$(strip $(FS_ARGS))' > $@

$(FS_IMAGE): $(BUILD)/host/mkfs $(USER_BINS) $(FS_ARGS_FILE)
	@echo "  MKFS    $@"
	$(Q)$(BUILD)/host/mkfs $@ $(strip $(FS_ARGS))

fsck: $(FS_IMAGE) $(BUILD)/host/fsck
	$(BUILD)/host/fsck $(FS_IMAGE)

.PHONY: host-tools fsck fs-args-check
