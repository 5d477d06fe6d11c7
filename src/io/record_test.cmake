# Unit tests of io/record (HOUSEHOLD-FORMAT.md parse, validate, write). Included last by
# src/io/CMakeLists.txt; uses the header-only household builder of rules/testing (model only).
sn_test(NAME io_record_test
  SRCS ${CMAKE_CURRENT_LIST_DIR}/household_record_test.cpp
  DEPS sn_io_record)
