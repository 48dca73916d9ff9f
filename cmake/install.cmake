# What `cmake --install` lays out, and the SDK files that let a third party
# build a plugin (or embed the renderer) against an installed briefkit:
#
#   bin/briefkit
#   lib/libbriefkit.so.0                     + libbriefkit.so for linking
#   lib/briefkit/plugins/*.so                the built-in section plugins
#   include/briefkit/*.h                     the public SDK headers
#   lib/pkgconfig/briefkit.pc                Cflags, Libs, plugindir
#   lib/cmake/briefkit/                      briefkit::briefkit, briefkit::plugin,
#                                            briefkit_add_plugin()
#   share/briefkit/{fonts,templates,samples} templates reach their data as
#                                            ../samples/data/..., so the two
#                                            stay siblings
#   share/briefkit/valgrind/briefkit.supp    fontconfig's own
#                                            blocks, for a plugin's leak check
#   share/doc/briefkit/*.md                  the plugin guide, the template
#                                            reference, the architecture
#   share/man/man1/briefkit.1, man7/briefkit-plugin.7
#
# Every destination is relative, so the tree can be installed under any
# --prefix; libbriefkit finds its fonts and plugins relative to itself.
include(CMakePackageConfigHelpers)

file(STRINGS ${PROJECT_SOURCE_DIR}/core/include/briefkit/version.h _bk_abi
  REGEX "^#define BK_ABI_(MAJOR|MINOR) [0-9]+")
string(REGEX REPLACE ".*BK_ABI_MAJOR ([0-9]+).*" "\\1" BK_ABI_MAJOR "${_bk_abi}")
string(REGEX REPLACE ".*BK_ABI_MINOR ([0-9]+).*" "\\1" BK_ABI_MINOR "${_bk_abi}")

set(BK_PLUGIN_INSTALL_REL ${CMAKE_INSTALL_LIBDIR}/briefkit/plugins)
set(BK_DATA_INSTALL_REL ${CMAKE_INSTALL_DATADIR}/briefkit)
set(BK_CMAKE_INSTALL_REL ${CMAKE_INSTALL_LIBDIR}/cmake/briefkit)
set(BK_DOC_INSTALL_REL ${CMAKE_INSTALL_DOCDIR})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/core/include/briefkit
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ${BK_BUILD_FONT_DIR}/ DESTINATION ${BK_DATA_INSTALL_REL}/fonts)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/templates DESTINATION ${BK_DATA_INSTALL_REL})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/samples DESTINATION ${BK_DATA_INSTALL_REL})
# The suppressions briefkit's own valgrind tests use, for a plugin author's.
install(FILES ${PROJECT_SOURCE_DIR}/tests/hardening/valgrind.supp
  DESTINATION ${BK_DATA_INSTALL_REL}/valgrind RENAME briefkit.supp)
# Someone with only a package has no source tree: the guides come along.
install(FILES ${PROJECT_SOURCE_DIR}/docs/plugin-guide.md
  ${PROJECT_SOURCE_DIR}/docs/template-reference.md ${PROJECT_SOURCE_DIR}/docs/architecture.md
  ${PROJECT_SOURCE_DIR}/docs/scheduling.md ${PROJECT_SOURCE_DIR}/docs/jianbao.md
  DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/docs/briefkit.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/docs/briefkit-plugin.7 DESTINATION ${CMAKE_INSTALL_MANDIR}/man7)

# The plugin SDK as a target: headers, hidden visibility, no undefined
# symbols. INTERFACE only: a plugin must not link libbriefkit.
add_library(briefkit_plugin_sdk INTERFACE)
set_target_properties(briefkit_plugin_sdk PROPERTIES EXPORT_NAME plugin)
target_include_directories(briefkit_plugin_sdk INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/core/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_compile_options(briefkit_plugin_sdk INTERFACE -fvisibility=hidden)
target_link_options(briefkit_plugin_sdk INTERFACE -Wl,-z,defs)
add_library(briefkit::plugin ALIAS briefkit_plugin_sdk)

install(TARGETS briefkit_plugin_sdk EXPORT briefkitTargets)
install(EXPORT briefkitTargets NAMESPACE briefkit:: DESTINATION ${BK_CMAKE_INSTALL_REL})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/briefkitConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/briefkitConfig.cmake
  INSTALL_DESTINATION ${BK_CMAKE_INSTALL_REL}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_BINDIR BK_PLUGIN_INSTALL_REL BK_DOC_INSTALL_REL
    BK_DATA_INSTALL_REL)
# The package version is briefkit's; any 0.x asks for the same ABI major.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/briefkitConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/briefkitConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/briefkitConfigVersion.cmake
  DESTINATION ${BK_CMAKE_INSTALL_REL})

file(RELATIVE_PATH BK_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" BK_PC_TO_PREFIX "${BK_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/briefkit.pc.in
  ${CMAKE_CURRENT_BINARY_DIR}/briefkit.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/briefkit.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
