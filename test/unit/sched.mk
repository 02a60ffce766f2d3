HOST_TESTS += sched
HOST_TEST_SRCS_sched := test/unit/test_sched.c proc/sched_policy.c
