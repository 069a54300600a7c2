#include "common/domain/names.hpp"

#include "common/util/strings.hpp"

namespace hub::domain {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

bool is_reserved_name(std::string_view name) {
  static constexpr std::string_view kReserved[] = {"api",      "models",  "datasets", "spaces",       "organizations",
                                                   "settings", "healthz", "readyz",   "metrics",      "openapi.json",
                                                   "internal", "admin",   "new",      "notifications"};
  for (auto r : kReserved) {
    if (util::iequals(name, r)) return true;
  }
  return util::to_lower(name).ends_with(".git");
}

Result<bool> check_namespace(std::string_view name) {
  if (name.size() < 2 || name.size() > 42) return fail("a name has 2 to 42 characters");
  for (char c : name) {
    if (!is_alnum(c) && c != '-' && c != '_') return fail("a name has only ASCII letters, digits, '-' and '_'");
  }
  if (!is_alnum(name.front()) || !is_alnum(name.back())) return fail("a name starts and ends with a letter or digit");
  if (name.find("--") != std::string_view::npos) return fail("a name has no \"--\"");
  return true;
}

Result<bool> check_account_name(std::string_view name) {
  if (auto ok = check_namespace(name); !ok) return ok;
  if (is_reserved_name(name)) return fail("the name '" + std::string(name) + "' is reserved");
  return true;
}

Result<bool> check_repo_name(std::string_view name) {
  if (name.empty() || name.size() > 96) return fail("a repo name has 1 to 96 characters");
  for (char c : name) {
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') {
      return fail("a repo name has only ASCII letters, digits, '-', '_' and '.'");
    }
  }
  if (name.front() == '.' || name.front() == '-' || name.back() == '.' || name.back() == '-') {
    return fail("a repo name does not start or end with '.' or '-'");
  }
  if (name.find("..") != std::string_view::npos) return fail("a repo name has no \"..\"");
  if (is_reserved_name(name)) return fail("the name '" + std::string(name) + "' is reserved");
  return true;
}

}  // namespace hub::domain
