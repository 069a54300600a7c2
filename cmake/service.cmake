# hub_service(<name> [SOURCES ...]): the service's library (its logic, linked by its tests too), its
# embedded migrations, and its executable hub-<name> built from main.cpp. Migrations are those every
# service schema gets (schemas/common/, numbered 001-099) and the service's own (schemas/<name>/,
# numbered from 100).
function(hub_service name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  file(GLOB sql CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/schemas/common/*.sql ${PROJECT_SOURCE_DIR}/schemas/${name}/*.sql)
  hub_embed_files(hub_${name}_migrations hub::${name} migrations FILES ${sql})
  if(ARG_SOURCES)
    add_library(hub_${name}_lib STATIC ${ARG_SOURCES})
  else()
    add_library(hub_${name}_lib INTERFACE)
  endif()
  if(ARG_SOURCES)
    target_link_libraries(hub_${name}_lib PUBLIC hub_service)
  else()
    target_link_libraries(hub_${name}_lib INTERFACE hub_service)
  endif()
  add_executable(hub-${name} main.cpp)
  target_link_libraries(hub-${name} PRIVATE hub_${name}_lib hub_${name}_migrations)
  set_target_properties(hub-${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)
endfunction()
