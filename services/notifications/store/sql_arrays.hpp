#pragma once
// PostgreSQL array literals for `= ANY($n::text[])` parameters (libpqxx 6.4 has no array
// parameters): every element quoted, so any text is safe in it.
#include <cstdint>
#include <string>
#include <vector>

namespace hub::notifications {

std::string text_array(const std::vector<std::string>& values);
std::string bigint_array(const std::vector<std::int64_t>& values);

}  // namespace hub::notifications
