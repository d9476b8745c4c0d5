# Installs the build to a fresh prefix, builds the embedding example against
# it as a separate project, and runs it. Run with cmake -P, given BUILD_DIR,
# SOURCE_DIR, WORK_DIR, CXX_COMPILER, CXX_FLAGS, EXE_LINKER_FLAGS.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}"
  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
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
