# Warnings are set per target, never globally, so that a project embedding
# mojifinder through add_subdirectory keeps its own flags.
add_library(mojifinder_warnings INTERFACE)
target_compile_options(mojifinder_warnings INTERFACE
  $<$<COMPILE_LANG_AND_ID:CXX,GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>)
