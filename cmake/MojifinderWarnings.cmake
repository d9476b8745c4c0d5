# Warnings are set per target, never globally, so that a project embedding
# mojifinder through add_subdirectory keeps its own flags. A function rather
# than an interface target, so that nothing of it leaks into the export.
function(mojifinder_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANG_AND_ID:CXX,GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>)
endfunction()
