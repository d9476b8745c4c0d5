# Installs the build to a fresh prefix, builds the embedding example against
# it as a separate project, and runs it; checks that the install holds the
# embedding API and nothing else. Run with cmake -P, given BUILD_DIR,
# SOURCE_DIR, WORK_DIR, CXX_COMPILER, CXX_FLAGS, EXE_LINKER_FLAGS.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}"
  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)

# Only the embedding API is installed: its entry headers and what they
# include, each reached from them. A header nothing reaches (a layer's
# internals, say) is a failure, as is an include that names one not there.
set(entries mojifinder/server/server.hpp mojifinder/server/descriptor_limit.hpp
            mojifinder/embedded_index.hpp mojifinder/version.hpp)
set(reached)
set(pending ${entries})
while(pending)
  list(POP_FRONT pending header)
  if(header IN_LIST reached)
    continue()
  endif()
  if(NOT EXISTS "${prefix}/include/${header}")
    message(FATAL_ERROR "the installed API includes ${header}, which is not installed")
  endif()
  list(APPEND reached "${header}")
  file(STRINGS "${prefix}/include/${header}" includes REGEX "^#include [<\"]mojifinder/")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^#include [<\"]([^>\"]+)[>\"].*" "\\1" included "${line}")
    list(APPEND pending "${included}")
  endforeach()
endwhile()
file(GLOB_RECURSE installed RELATIVE "${prefix}/include" "${prefix}/include/*")
foreach(header IN LISTS installed)
  if(NOT header IN_LIST reached)
    message(FATAL_ERROR "${header} is installed, but the embedding API does not include it")
  endif()
endforeach()

execute_process(COMMAND "${CMAKE_COMMAND}"
    -S "${SOURCE_DIR}/tests/install/consumer" -B "${WORK_DIR}/build" -G Ninja
    "-DCMAKE_PREFIX_PATH=${prefix}"
    "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
    "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}"
    "-DEXAMPLE_SOURCE=${SOURCE_DIR}/tests/embedding/embedding_example.cpp"
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}/build" COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND "${WORK_DIR}/build/consumer" COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND "${prefix}/bin/mojifinder" search cat face OUTPUT_VARIABLE printed COMMAND_ERROR_IS_FATAL ANY)
if(NOT printed MATCHES " 10 found\n$")
  message(FATAL_ERROR "the installed mojifinder printed:\n${printed}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
