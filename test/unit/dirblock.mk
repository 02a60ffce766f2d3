# test/unit/dirblock.mk - host unit test of the kernel's directory-block
# records (fs/dirblock.c) and block-map arithmetic (fs/bmap_path.h):
# build with `make build/host/test_dirblock`.
HOST_TESTS += dirblock
HOST_TEST_SRCS_dirblock := test/unit/test_dirblock.c fs/dirblock.c

$(BUILD)/host/test_dirblock: fs/fs_format.h fs/dirblock.h fs/bmap_path.h
