# Writes ${OUT}: a C++ file returning the SQL of every migrations/<dialect>/NNNN_*.sql file, in order,
# so the binary carries its schema and a database is upgraded on open.
function(sn_embed_dir dialect var)
  file(GLOB files "${DIR}/${dialect}/[0-9][0-9][0-9][0-9]_*.sql")
  list(SORT files)
  set(body "")
  foreach(f ${files})
    file(READ "${f}" sql)
    string(APPEND body "      R\"sql(${sql})sql\",\n")
  endforeach()
  set(${var} "${body}" PARENT_SCOPE)
endfunction()
sn_embed_dir(sqlite sqlite_body)
sn_embed_dir(postgresql pg_body)
file(WRITE "${OUT}.tmp" "// Generated from src/registry/migrations by embed_migrations.cmake. Do not edit.
#include \"registry/sql/migrations.hpp\"
namespace safetynet::registry::sql {
const std::vector<std::string>& migrations(Dialect d) {
  static const std::vector<std::string> kSqlite = {
${sqlite_body}  };
  static const std::vector<std::string> kPostgres = {
${pg_body}  };
  return d == Dialect::kSqlite ? kSqlite : kPostgres;
}
}  // namespace safetynet::registry::sql
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
