# tables — CSV (UTF-8 / GB18030) and XLSX read/write: the file-format seam under io/ledger.
# ICU converts GB18030; minizip + pugixml read XLSX; libxlsxwriter writes it.
sn_library(NAME io_tables
  SRCS ${CMAKE_CURRENT_LIST_DIR}/csv.cpp
       ${CMAKE_CURRENT_LIST_DIR}/xlsx_read.cpp
       ${CMAKE_CURRENT_LIST_DIR}/xlsx_write.cpp
  DEPS sn_base sn_model PkgConfig::ICU PkgConfig::MINIZIP PkgConfig::XLSXWRITER pugixml::pugixml)
sn_test(NAME io_tables_test
  SRCS ${CMAKE_CURRENT_LIST_DIR}/csv_test.cpp
       ${CMAKE_CURRENT_LIST_DIR}/xlsx_test.cpp
  DEPS sn_io_tables)
