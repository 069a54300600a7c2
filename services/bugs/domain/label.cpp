#include "services/bugs/domain/label.hpp"

#include <algorithm>
#include <cctype>

#include "common/util/strings.hpp"
#include "services/bugs/domain/report.hpp"

namespace hub::bugs {

Result<std::string> checked_label_name(std::string_view name) {
  auto checked = checked_environment_field("label name", name, kMaxLabelChars);
  if (!checked) return checked;
  if (checked->empty()) return fail("a label has a name");
  if (checked->find(',') != std::string::npos) return fail("a label's name has no comma");
  return checked;
}

Result<std::string> checked_label_color(std::string_view color) {
  std::string c = util::to_lower(util::trim(color));
  if (c.starts_with('#')) c.erase(0, 1);
  const bool hex =
      std::all_of(c.begin(), c.end(), [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)); });
  if (!hex || (c.size() != 6 && c.size() != 3)) return fail("color is #rrggbb");
  if (c.size() == 3) c = std::string{c[0], c[0], c[1], c[1], c[2], c[2]};
  return "#" + c;
}

Result<std::string> checked_label_description(std::string_view description) {
  return checked_environment_field("description", description, kMaxLabelDescriptionChars);
}

}  // namespace hub::bugs
