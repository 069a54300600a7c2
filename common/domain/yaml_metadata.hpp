#pragma once
// A model card's metadata: the YAML block at the top of README.md, read with libyaml. repos shows it
// as `cardData` and checks it in /api/validate-yaml before a client commits a README; pulls compares
// it key by key between two revisions.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hub::domain {

// The YAML between a leading "---" line and the next "---" line, or nullopt when there is none.
std::optional<std::string_view> front_matter(std::string_view readme);

struct YamlResult {
  std::optional<std::string> json;  // the document as JSON, when it parsed
  std::vector<std::string> errors;  // what is wrong, with line numbers
};

// Parses one YAML document (nesting at most 64 deep; aliases refused) into JSON. The metadata must
// be a mapping; anything else is an error.
YamlResult yaml_metadata(std::string_view yaml);

}  // namespace hub::domain
