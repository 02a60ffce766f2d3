HOST_TESTS += devtree
HOST_TEST_SRCS_devtree := test/unit/test_devtree.c kernel/devtree.c kernel/devtree_devices.c kernel/fdt.c kernel/fdt_path.c
