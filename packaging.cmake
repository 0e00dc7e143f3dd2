# `cpack -G DEB` in the build directory: a Debian package of what `cmake --install`
# installs, under /usr. Its runtime dependencies come from dpkg-shlibdeps (dpkg-dev)
# on the installed binaries (among them libqt6gui6, which also ships the xcb and
# offscreen platform plugins), plus what no binary links: a font for the map's labels.
set(CPACK_PACKAGE_NAME "rendezvous")
set(CPACK_PACKAGE_VENDOR "Rendezvous")
set(CPACK_PACKAGE_CONTACT "Rendezvous developers <rendezvous@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "Map, timeline and table of ship-to-ship transfer events read from CSV, GeoJSON,\n"
    "KML or GeoPackage, with an offline Natural Earth basemap, and a command line\n"
    "(rendezvous info, convert, render) that needs no display.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The private libraries (lib/rendezvous) are in the package itself.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS
    "${CMAKE_BINARY_DIR}/models" "${CMAKE_BINARY_DIR}/platform")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core")
set(CPACK_GENERATOR "DEB")
include(CPack)
