# hub_embed_files(<target> <namespace> <var> FILES ...): compiles the given files into a C++ source as
# a sorted list of {name, contents} pairs, so a binary carries its migrations and documents and never
# depends on where the source tree is at run time. The header <target>.hpp declares `<namespace>::<var>()`
# for whoever links <target>, so no caller writes that declaration by hand.
function(hub_embed_files target ns var)
  cmake_parse_arguments(ARG "" "" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp)
  set(header ${CMAKE_CURRENT_BINARY_DIR}/include/${target}.hpp)
  add_custom_command(
    OUTPUT ${out} ${header}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DHEADER=${header} -DNS=${ns} -DVAR=${var} "-DFILES=${ARG_FILES}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding ${var} into ${target}"
    VERBATIM)  # keeps the list's ';' away from the shell
  add_library(${target} STATIC ${out})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/include)
endfunction()
