#include "services/repos/domain/formats.hpp"

#include <ctime>

namespace hub::repos {

std::string iso_time(std::int64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  return buf;
}

std::string author_email(std::string_view user_name) {
  return std::string(user_name) + "@users.noreply.hub";
}

}  // namespace hub::repos
