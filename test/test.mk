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

# ---------------------------------------------------------------------------
# make test    build; host unit tests; QEMU tests (test/run_all.py). The
#              last line is "N passed, M failed". TESTS="boot-* proctest"
#              runs only those QEMU cases (shell globs on the case names).
# make grade   the lab-style graded set (test/grade_lab.py): "Score: X/Y"
# make bench   boot CPUS=1, run `bench` and `vmbench`, print their RESULT lines;
#              then the cross-hart ones (bench ..._xhart) with CPUS=2
# See docs/testing.md. Each QEMU run's console is in $(BUILD)/test-logs/.
TESTS ?=

test:
	$(Q)$(PYTHON) test/run_all.py $(foreach t,$(TESTS),'$(t)')

grade:
	$(Q)$(PYTHON) test/grade_lab.py

bench:
	$(Q)$(PYTHON) scripts/gradelib.py --cpus 1 --timeout 1200 \
		--grep '^RESULT ' --expect '^RESULT ' bench vmbench || { \
		echo "make bench: no RESULT lines; bench (user/test/bench.c) must be in the image and the shell must run" >&2; \
		exit 1; }
	@# The cross-hart context switches need a second hart.
	$(Q)$(PYTHON) scripts/gradelib.py --cpus 2 --timeout 300 --grep '^RESULT ' \
		--expect '^RESULT ' "bench yield_pingpong_xhart pipe_pingpong_xhart"

.PHONY: test grade bench
