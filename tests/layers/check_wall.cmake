# One wall between two layers: HEADER, a header of the upper layer, must
# not be found from the lower layer's include folders (LOWER), and must
# compile from the upper layer's own (UPPER), which shows that the failure
# is the wall's and not the probe's. Run with cmake -P, given CXX_COMPILER,
# HEADER, LOWER, UPPER (lists of folders, ';' written as '|') and WORK_DIR.
file(MAKE_DIRECTORY "${WORK_DIR}")
string(MAKE_C_IDENTIFIER "${HEADER}" probe_name)
set(probe "${WORK_DIR}/${probe_name}.cpp")
file(WRITE "${probe}" "#include \"${HEADER}\"\n")

function(compile_probe folders result_var output_var)
  string(REPLACE "|" ";" folders "${folders}")
  set(flags)
  foreach(folder IN LISTS folders)
    list(APPEND flags "-I${folder}")
  endforeach()
  execute_process(COMMAND "${CXX_COMPILER}" -std=c++20 -fsyntax-only ${flags} "${probe}"
    RESULT_VARIABLE result ERROR_VARIABLE output OUTPUT_VARIABLE output)
  set(${result_var} "${result}" PARENT_SCOPE)
  set(${output_var} "${output}" PARENT_SCOPE)
endfunction()

compile_probe("${LOWER}" result output)
if(result EQUAL 0)
  message(FATAL_ERROR "${HEADER} compiled from the lower layer's include folders: no wall")
endif()
string(REGEX MATCH "${HEADER}[': ]*(No such file|file not found)" not_found "${output}")
if(NOT not_found)
  message(FATAL_ERROR "the probe failed from the lower layer, but not for want of ${HEADER}:\n${output}")
endif()
compile_probe("${UPPER}" result output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${HEADER} did not compile from its own layer's include folders:\n${output}")
endif()
message(STATUS "${HEADER}: not found from below, compiles from its layer")
