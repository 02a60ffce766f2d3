HOST_TESTS += fault
HOST_TEST_SRCS_fault := test/unit/test_fault.c vm/fault_decide.c
