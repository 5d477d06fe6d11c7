# ledger — the office ledger (台账), member, income and expenditure sheets mapped onto household
# records (docs/ledger-format.md). Sits on io_tables (CSV/XLSX) and io_record (validate_household).
sn_library(NAME io_ledger SRCS ${CMAKE_CURRENT_LIST_DIR}/ledger.cpp DEPS sn_io_tables sn_io_record sn_model)
sn_test(NAME io_ledger_test SRCS ${CMAKE_CURRENT_LIST_DIR}/ledger_test.cpp DEPS sn_io_ledger sn_sim_generator)
