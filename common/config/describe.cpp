#include "common/config/describe.hpp"

#include "common/json/json.hpp"

namespace hub::config {

std::string describe(const std::vector<Variable>& variables) {
  std::string out;
  for (const auto& v : variables) {
    json::Writer w;
    w.begin_object().field("name", v.name).field("kind", v.kind);
    if (v.required) {
      w.key("default").null();
    } else {
      w.field("default", v.fallback);
    }
    w.field("required", v.required);
    if (!v.choices.empty()) {
      w.key("choices").begin_array();
      for (const auto& c : v.choices)
        w.value(c);
      w.end_array();
    }
    w.end_object();
    out += w.str() + "\n";
  }
  return out;
}

}  // namespace hub::config
