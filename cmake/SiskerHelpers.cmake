# CMake helpers shared by every Sisker target.

# sisker_warnings(<target>): our own code compiles with warnings as errors.
# Generated protobuf code does not use this (it is not ours to fix).
function(sisker_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror
    -Wno-unused-parameter -Wno-missing-field-initializers)
endfunction()

# sisker_proto_sources(<out_var> ROOT <dir> IMPORTS <dirs...> PROTOS <rel paths...> [GRPC])
# Drives protoc directly (protobuf_generate cannot take a second import root;
# TOOLCHAIN.md pitfall 2). Outputs land under ${CMAKE_CURRENT_BINARY_DIR}/gen.
function(sisker_proto_sources out_var)
  cmake_parse_arguments(ARG "GRPC" "ROOT" "IMPORTS;PROTOS" ${ARGN})
  set(gen_dir "${CMAKE_CURRENT_BINARY_DIR}/gen")
  file(MAKE_DIRECTORY "${gen_dir}")
  set(include_flags "-I${ARG_ROOT}")
  foreach(dir IN LISTS ARG_IMPORTS)
    list(APPEND include_flags "-I${dir}")
  endforeach()
  set(outputs)
  foreach(rel IN LISTS ARG_PROTOS)
    string(REGEX REPLACE "\\.proto$" "" stem "${rel}")
    set(files "${gen_dir}/${stem}.pb.cc" "${gen_dir}/${stem}.pb.h")
    set(plugin_args)
    if(ARG_GRPC)
      list(APPEND files "${gen_dir}/${stem}.grpc.pb.cc" "${gen_dir}/${stem}.grpc.pb.h")
      set(plugin_args "--grpc_out=${gen_dir}"
          "--plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>")
    endif()
    add_custom_command(
      OUTPUT ${files}
      COMMAND protobuf::protoc ${include_flags} "--cpp_out=${gen_dir}" ${plugin_args}
              "${ARG_ROOT}/${rel}"
      DEPENDS "${ARG_ROOT}/${rel}" protobuf::protoc
      COMMENT "protoc ${rel}"
      VERBATIM)
    list(APPEND outputs ${files})
  endforeach()
  set(${out_var} ${outputs} PARENT_SCOPE)
endfunction()

# sisker_embed_migrations(<target> <namespace> <function> <dir>): compiles
# the numbered NNN_*.sql files of <dir> into the target as
# `const std::vector<sisker::common::Migration>& <namespace>::<function>()`,
# so a binary carries its own schema (a k8s migrate Job needs no files).
function(sisker_embed_migrations target namespace function dir)
  file(GLOB sql_files CONFIGURE_DEPENDS "${dir}/*.sql")
  list(SORT sql_files)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations.cc")
  set(schema "${function}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${namespace} -DFUNCTION=${function}
            "-DFILES=${sql_files}" -P "${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake"
    DEPENDS ${sql_files} "${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake"
    COMMENT "embedding ${schema} migrations"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
