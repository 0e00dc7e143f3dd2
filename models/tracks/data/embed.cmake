# Writes OUT, a C++ source holding IN (the MID table) as one string, so the table is
# compiled into rendezvous_models: every binary has the same flags, with no file to find
# at run time. Run by models/CMakeLists.txt whenever mid.csv changes.
file(READ "${IN}" text)
if(text MATCHES "\\)mid\"")
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )mid\"")
endif()
file(WRITE "${OUT}.tmp"
  "// Generated from tracks/data/mid.csv by tracks/data/embed.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace mid {\n"
  "extern const std::string_view kEmbeddedCsv;\n"
  "const std::string_view kEmbeddedCsv = R\"mid(${text})mid\";\n"
  "} // namespace mid\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
