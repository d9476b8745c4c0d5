# `cmake --install` gives the program, the libraries, the embedding API's
# headers and a CMake package: find_package(mojifinder) then provides
# mojifinder::server and mojifinder::embedded_index. The layers of common/
# are installed as the static libraries the server links, not as an API:
# their headers stay in the source tree, free to change.
include(CMakePackageConfigHelpers)

set(MOJIFINDER_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/mojifinder")

# llhttp is private to mojifinder::http, but a static library's users
# link it too.
install(TARGETS mojifinder_text mojifinder_data mojifinder_index mojifinder_query mojifinder_answer
                mojifinder_front_end mojifinder_line mojifinder_http
                mojifinder_embedded_index mojifinder_server mojifinder_proxy_header mojifinder_asio mojifinder_llhttp
  EXPORT mojifinderTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(TARGETS mojifinder RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
# The embedding API: the server, its options and logger, the index it
# serves (and the one compiled in), the descriptor limit a server of many
# connections raises, the version; and what those include, no more
# (tests/install/check_install.cmake holds the list to that rule).
install(FILES
    server/include/mojifinder/server/address_range.hpp
    server/include/mojifinder/server/descriptor_limit.hpp
    server/include/mojifinder/server/logger.hpp
    server/include/mojifinder/server/server.hpp
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/mojifinder/server")
# ServerOptions::max_line_bytes defaults to the line decoder's limit.
install(FILES common/line/include/mojifinder/line/input_decoder.hpp
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/mojifinder/line")
install(FILES common/index/include/mojifinder/index/name_index.hpp
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/mojifinder/index")
install(FILES common/embedded_index/include/mojifinder/embedded_index.hpp
              "${PROJECT_BINARY_DIR}/server/include/mojifinder/version.hpp"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/mojifinder")

install(EXPORT mojifinderTargets NAMESPACE mojifinder:: DESTINATION "${MOJIFINDER_CMAKE_DIR}")
configure_package_config_file(cmake/mojifinderConfig.cmake.in
  "${PROJECT_BINARY_DIR}/mojifinderConfig.cmake"
  INSTALL_DESTINATION "${MOJIFINDER_CMAKE_DIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/mojifinderConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/mojifinderConfig.cmake" "${PROJECT_BINARY_DIR}/mojifinderConfigVersion.cmake"
  DESTINATION "${MOJIFINDER_CMAKE_DIR}")
