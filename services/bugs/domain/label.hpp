#pragma once
// A repo's labels as people write them: a name (1 to 50 characters, one line, no comma: lists of
// labels in a query are comma-separated), a colour (#rrggbb, stored lower-case; "rrggbb" and
// "#RGB" are accepted) and an optional description.
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace hub::bugs {

inline constexpr std::size_t kMaxLabelChars = 50;
inline constexpr std::size_t kMaxLabelDescriptionChars = 200;
inline constexpr std::size_t kMaxLabelsPerReport = 20;
inline constexpr std::size_t kMaxLabelsPerRepo = 500;
// The colour a label gets when none is given.
inline constexpr std::string_view kDefaultLabelColor = "#ededed";

Result<std::string> checked_label_name(std::string_view name);
Result<std::string> checked_label_color(std::string_view color);
Result<std::string> checked_label_description(std::string_view description);

}  // namespace hub::bugs
