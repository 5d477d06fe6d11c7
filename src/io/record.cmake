sn_library(NAME io_record SRCS ${CMAKE_CURRENT_LIST_DIR}/household_record.cpp ${CMAKE_CURRENT_LIST_DIR}/json_writer.cpp
           DEPS sn_model yaml-cpp)
