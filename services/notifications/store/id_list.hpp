#pragma once
// Lists of ids and names passed to SQL as one comma-separated parameter, split there with
// string_to_array($n, ','): one statement whatever the list's length (UUIDs and account names hold
// no commas).
#include <string>
#include <vector>

namespace hub::notifications {

inline std::string id_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

}  // namespace hub::notifications
