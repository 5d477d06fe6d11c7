# Abseil-style helpers: every folder declares its library, tests and benchmarks with these, so the
# declared DEPS are the layering (STYLE.md: rules depends only on model, params and base).

function(sn_apply_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers
    # GCC 12 reports false -Wrestrict positives inside std::string (GCC bug 105329),
    # and false -Wdangling-pointer positives inlined from yaml-cpp node headers (clang, used by the
    # fuzz build, has neither warning).
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict> $<$<CXX_COMPILER_ID:GNU>:-Wno-dangling-pointer>)
  if(SN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# sn_library(NAME name SRCS a.cpp b.cpp DEPS lib1 lib2)
function(sn_library)
  cmake_parse_arguments(SN "" "NAME" "SRCS;DEPS" ${ARGN})
  add_library(sn_${SN_NAME} STATIC ${SN_SRCS})
  target_include_directories(sn_${SN_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(sn_${SN_NAME} PUBLIC ${SN_DEPS})
  sn_apply_warnings(sn_${SN_NAME})
endfunction()

# sn_test(NAME name SRCS a_test.cpp DEPS lib1)
function(sn_test)
  if(NOT SN_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(SN "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${SN_NAME} ${SN_SRCS})
  target_link_libraries(${SN_NAME} PRIVATE ${SN_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${SN_NAME} PRIVATE SN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  sn_apply_warnings(${SN_NAME})
  add_test(NAME ${SN_NAME} COMMAND ${SN_NAME} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()
