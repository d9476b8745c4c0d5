# One library a layer of common/ (README's "How it is built"): the layer's
# folder holds include/mojifinder/<layer>/ (what the layers above may use)
# and src/ (what they may not). A layer's sources see the headers of the
# layers it links and no others, so an include against the grain fails to
# build.
function(mojifinder_layer layer)
  add_library(mojifinder_${layer} ${ARGN})
  add_library(mojifinder::${layer} ALIAS mojifinder_${layer})
  set_target_properties(mojifinder_${layer} PROPERTIES EXPORT_NAME ${layer})
  target_include_directories(mojifinder_${layer}
    PUBLIC
      $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}/src")
  target_compile_features(mojifinder_${layer} PUBLIC cxx_std_20)
  mojifinder_warnings(mojifinder_${layer})
  mojifinder_verify_headers(mojifinder_${layer} "${CMAKE_CURRENT_SOURCE_DIR}/include")
endfunction()

# With the tests built, each header under INCLUDE_DIR is compiled alone
# against what TARGET links publicly (CMake's VERIFY_INTERFACE_HEADER_SETS),
# which holds a header that no source of its own layer includes to the
# same walls. The header set lives on a target of its own, never installed,
# so that only the embedding API is (cmake/MojifinderInstall.cmake).
function(mojifinder_verify_headers target include_dir)
  if(NOT MOJIFINDER_BUILD_TESTS)
    return()
  endif()
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS "${include_dir}/*.hpp")
  add_library(${target}_headers INTERFACE)
  target_sources(${target}_headers INTERFACE
    FILE_SET HEADERS BASE_DIRS "${include_dir}" FILES ${headers})
  target_link_libraries(${target}_headers INTERFACE ${target})
  set_target_properties(${target}_headers PROPERTIES VERIFY_INTERFACE_HEADER_SETS ON)
  add_dependencies(mojifinder_layer_headers ${target}_headers_verify_interface_header_sets)
endfunction()

if(MOJIFINDER_BUILD_TESTS)
  add_custom_target(mojifinder_layer_headers ALL)
endif()
