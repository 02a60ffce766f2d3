# test/unit/fs.mk - host unit test of the on-disk format, mkfs and fsck
# (test/unit/test_fs.c): build with `make build/host/test_fs`.
HOST_TESTS += fs
HOST_TEST_SRCS_fs := test/unit/test_fs.c scripts/fsimage.c scripts/fsimage_dir.c \
	scripts/fsimage_log.c scripts/fsbuild.c scripts/fscheck.c scripts/fscheck_dir.c

# Headers are not sources; list them so editing one rebuilds the test.
$(BUILD)/host/test_fs: fs/fs_format.h scripts/fsimage.h scripts/fsbuild.h \
	scripts/fscheck.h scripts/fscheck_state.h
