# What a Debian package of mojifinder holds beside the program and the
# CMake package (MojifinderInstall.cmake): the manual page, the systemd
# units, the copyright and changelog files; and how CPack makes the .deb
# (scripts/package).

# The manual page, kept as troff source with the version filled in, and
# compressed as Debian installs manual pages.
string(TIMESTAMP MOJIFINDER_MAN_DATE "%Y-%m-%d" UTC)  # SOURCE_DATE_EPOCH, when set
configure_file(docs/man/mojifinder.1.in "${PROJECT_BINARY_DIR}/man/mojifinder.1" @ONLY)
find_program(MOJIFINDER_GZIP gzip REQUIRED)
foreach(compressed IN ITEMS man/mojifinder.1 changelog)
  set(source "${PROJECT_BINARY_DIR}/man/mojifinder.1")
  if(compressed STREQUAL "changelog")
    set(source "${PROJECT_SOURCE_DIR}/deploy/debian/changelog")
  endif()
  add_custom_command(OUTPUT "${PROJECT_BINARY_DIR}/${compressed}.gz"
    COMMAND "${MOJIFINDER_GZIP}" -9 -n -c "${source}" > "${PROJECT_BINARY_DIR}/${compressed}.gz"
    DEPENDS "${source}"
    VERBATIM)
endforeach()
add_custom_target(mojifinder_package_files ALL
  DEPENDS "${PROJECT_BINARY_DIR}/man/mojifinder.1.gz" "${PROJECT_BINARY_DIR}/changelog.gz")

install(FILES "${PROJECT_BINARY_DIR}/man/mojifinder.1.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES deploy/systemd/mojifinder.socket deploy/systemd/mojifinder-http.socket deploy/systemd/mojifinder.service
  DESTINATION lib/systemd/system)
install(FILES deploy/debian/copyright "${PROJECT_BINARY_DIR}/changelog.gz"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/mojifinder")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mojifinder)
set(CPACK_PACKAGE_VENDOR "The mojifinder authors")
set(CPACK_PACKAGE_CONTACT "The mojifinder authors <mojifinder@users.noreply.github.com>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/mojifinder/mojifinder")
# The synopsis is the project's DESCRIPTION; this is the extended part,
# which CPack indents.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION [=[mojifinder finds every Unicode character whose name holds the words given:
on the command line, over a telnet-style line protocol, and over HTTP, with
a web page and a JSON API, from an index compiled into the program.
.
The package holds the program, its manual page, systemd units for socket
activation, and the CMake package for embedding the server in an Asio
program.]=])
include(CPack)
