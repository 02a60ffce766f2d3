# test/test.mk - host unit tests and the QEMU tests.
#
# Host unit tests: each test/unit/NAME.mk fragment adds NAME to HOST_TESTS
# and sets HOST_TEST_SRCS_NAME to its sources (the test file plus the
# kernel or scripts sources it exercises). They are built with the host
# compiler against cmocka into $(BUILD)/host/test_NAME.

HOST_TESTS :=
-include $(wildcard test/unit/*.mk)

HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Wno-unused-parameter \
	-Wno-sign-compare -Werror -I. -I$(BUILD)/gen -DHOST_TEST \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_TEST_BINS := $(patsubst %,$(BUILD)/host/test_%,$(HOST_TESTS))

define host_test_rule
$(BUILD)/host/test_$(1): $$(HOST_TEST_SRCS_$(1)) $(GEN_HEADERS) | $(DEPS_OK)
	@mkdir -p $$(dir $$@)
	$$(HOSTCC) $$(HOST_CFLAGS) -o $$@ $$(HOST_TEST_SRCS_$(1)) -lcmocka
endef
$(foreach t,$(HOST_TESTS),$(eval $(call host_test_rule,$(t))))

host-tests: $(HOST_TEST_BINS)

.PHONY: host-tests
