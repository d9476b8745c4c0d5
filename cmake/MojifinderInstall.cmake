# `cmake --install` gives the program, the libraries, their headers and a
# CMake package: find_package(mojifinder) then provides mojifinder::server,
# mojifinder::common and mojifinder::embedded_index.
include(CMakePackageConfigHelpers)

set(MOJIFINDER_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/mojifinder")

# llhttp is private to mojifinder::http, but a static library's users
# link it too.
install(TARGETS mojifinder_text mojifinder_data mojifinder_index mojifinder_query mojifinder_answer
                mojifinder_front_end mojifinder_line mojifinder_http mojifinder_common
                mojifinder_embedded_index mojifinder_server mojifinder_asio mojifinder_llhttp
  EXPORT mojifinderTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(TARGETS mojifinder RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
foreach(root IN ITEMS text data index query answer front_end line http embedded_index)
  install(DIRECTORY common/${root}/include/ DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
endforeach()
install(DIRECTORY server/include/ DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(FILES "${PROJECT_BINARY_DIR}/server/include/mojifinder/version.hpp"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/mojifinder")

install(EXPORT mojifinderTargets NAMESPACE mojifinder:: DESTINATION "${MOJIFINDER_CMAKE_DIR}")
configure_package_config_file(cmake/mojifinderConfig.cmake.in
  "${PROJECT_BINARY_DIR}/mojifinderConfig.cmake"
  INSTALL_DESTINATION "${MOJIFINDER_CMAKE_DIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/mojifinderConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/mojifinderConfig.cmake" "${PROJECT_BINARY_DIR}/mojifinderConfigVersion.cmake"
  DESTINATION "${MOJIFINDER_CMAKE_DIR}")
