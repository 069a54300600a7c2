#pragma once
// The template a repo's new bug reports start from: a title prefix, a Markdown body with the
// sections a useful report has, a default severity and default labels. Every repo has the default
// one until it replaces it (PUT …/settings/bug-template). A report that leaves out its body,
// severity or labels gets the template's; its title is prefixed with the template's title.
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"
#include "services/bugs/domain/report.hpp"

namespace hub::bugs {

struct BugTemplate {
  std::string title;  // a prefix, e.g. "[bug] ", or ""
  std::string body;
  Severity severity = Severity::kMedium;
  std::vector<std::string> labels;  // names; those the repo no longer has are left out when applied
  bool is_default = true;
};

BugTemplate default_template();

inline constexpr std::size_t kMaxTemplateTitleChars = 50;

// The template's fields as given: a 400 message for a prefix that is too long or more than one line,
// a body too long, an unknown severity, or a label name that is not one.
Result<std::string> checked_template_title(std::string_view title);

// The title of a new report: the template's prefix, unless the title starts with it already.
std::string titled(const BugTemplate& tmpl, const std::string& title);

}  // namespace hub::bugs
