# hub_embed_files(<target> <namespace> <var> FILES ...): compiles the given files into a C++ source as
# a sorted list of {name, contents} pairs, so a binary carries its migrations and documents and never
# depends on where the source tree is at run time.
function(hub_embed_files target ns var)
  cmake_parse_arguments(ARG "" "" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${ns} -DVAR=${var} "-DFILES=${ARG_FILES}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding ${var} into ${target}"
    VERBATIM)  # keeps the list's ';' away from the shell
  add_library(${target} STATIC ${out})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()
