#include "services/bugs/domain/bug_template.hpp"

namespace hub::bugs {

BugTemplate default_template() {
  BugTemplate t;
  t.body =
      "### What happens\n\n"
      "What the model (or dataset, or space) does wrong, on which inputs, and since which revision.\n\n"
      "### How to reproduce\n\n"
      "1. \n2. \n\n"
      "### What you expected\n\n\n"
      "### Environment\n\n"
      "Library and version, hardware (also in the report's environment fields).\n";
  t.severity = Severity::kMedium;
  return t;
}

Result<std::string> checked_template_title(std::string_view title) {
  if (title.empty()) return std::string();
  return checked_environment_field("title", title, kMaxTemplateTitleChars);
}

std::string titled(const BugTemplate& tmpl, const std::string& title) {
  if (tmpl.title.empty() || title.starts_with(tmpl.title)) return title;
  return tmpl.title + " " + title;
}

}  // namespace hub::bugs
