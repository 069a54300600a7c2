#include "common/domain/yaml_metadata.hpp"

#include <yaml.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "common/json/json.hpp"

namespace hub::domain {
namespace {

constexpr int kMaxDepth = 64;

// Plain (unquoted) scalars take YAML's core types; quoted ones stay strings.
void write_scalar(json::Writer& w, const yaml_event_t& e) {
  const std::string_view text(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
  if (e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
    w.value(text);
    return;
  }
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
    w.null();
    return;
  }
  if (text == "true" || text == "True" || text == "TRUE") {
    w.value(true);
    return;
  }
  if (text == "false" || text == "False" || text == "FALSE") {
    w.value(false);
    return;
  }
  const std::string s(text);
  char* end = nullptr;
  errno = 0;
  const long long i = std::strtoll(s.c_str(), &end, 10);
  // Past the range of an int64 (ERANGE) it is not this integer: the double below, or the text.
  if (errno == 0 && end == s.c_str() + s.size() && (std::isdigit(static_cast<unsigned char>(s.back())) != 0)) {
    w.value(static_cast<std::int64_t>(i));
    return;
  }
  const double d = std::strtod(s.c_str(), &end);
  // Found by fuzzing (tests/fuzz/model_card): 1e999 is infinite, which JSON cannot write; such a
  // value stays the text it was.
  if (std::isfinite(d) && end == s.c_str() + s.size() && s.find_first_of("0123456789") != std::string::npos &&
      s.find_first_not_of("0123456789+-.eE") == std::string::npos) {
    w.value(d);
    return;
  }
  w.value(text);
}

std::string where(const yaml_mark_t& mark) {
  return " (line " + std::to_string(mark.line + 1) + ")";
}

}  // namespace

std::optional<std::string_view> front_matter(std::string_view readme) {
  if (readme.starts_with("\xEF\xBB\xBF")) readme.remove_prefix(3);
  if (!readme.starts_with("---\n") && !readme.starts_with("---\r\n")) return std::nullopt;
  const std::size_t start = readme.find('\n') + 1;
  for (std::size_t at = start; at < readme.size();) {
    const std::size_t eol = readme.find('\n', at);
    std::string_view line = readme.substr(at, eol == std::string_view::npos ? std::string_view::npos : eol - at);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line == "---") return readme.substr(start, at - start);
    if (eol == std::string_view::npos) break;
    at = eol + 1;
  }
  return std::nullopt;
}

YamlResult yaml_metadata(std::string_view yaml) {
  YamlResult out;
  yaml_parser_t parser;
  if (yaml_parser_initialize(&parser) == 0) {
    out.errors.emplace_back("out of memory");
    return out;
  }
  std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t*)> owned(&parser, yaml_parser_delete);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(yaml.data()), yaml.size());
  json::Writer w;
  // Per open collection: is it a mapping, and is its next scalar a key?
  std::vector<std::pair<bool, bool>> stack;
  bool root_seen = false;
  bool done = false;
  while (!done) {
    yaml_event_t e;
    if (yaml_parser_parse(&parser, &e) == 0) {
      out.errors.push_back(std::string(parser.problem != nullptr ? parser.problem : "invalid YAML") +
                           where(parser.problem_mark));
      return out;
    }
    std::unique_ptr<yaml_event_t, void (*)(yaml_event_t*)> event(&e, yaml_event_delete);
    const bool as_key = !stack.empty() && stack.back().first && stack.back().second;
    auto took_value = [&] {
      if (!stack.empty() && stack.back().first) stack.back().second = !stack.back().second;
    };
    switch (e.type) {
      case YAML_STREAM_END_EVENT:
        done = true;
        break;
      case YAML_DOCUMENT_START_EVENT:
        if (root_seen) {
          out.errors.push_back("the metadata is one YAML document" + where(e.start_mark));
          return out;
        }
        break;
      case YAML_ALIAS_EVENT:
        out.errors.push_back("aliases are not allowed in metadata" + where(e.start_mark));
        return out;
      case YAML_SCALAR_EVENT:
        // Found by fuzzing: "\0" in a quoted scalar is a NUL, which no JSON the hub stores may hold.
        if (std::memchr(e.data.scalar.value, 0, e.data.scalar.length) != nullptr) {
          out.errors.push_back("metadata text may not contain NUL characters" + where(e.start_mark));
          return out;
        }
        if (stack.empty()) {
          out.errors.push_back("the metadata must be a mapping of keys to values" + where(e.start_mark));
          return out;
        }
        if (as_key) {
          w.key(std::string_view(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length));
        } else {
          write_scalar(w, e);
        }
        took_value();
        break;
      case YAML_MAPPING_START_EVENT:
      case YAML_SEQUENCE_START_EVENT:
        if (as_key) {
          out.errors.push_back("keys must be plain values" + where(e.start_mark));
          return out;
        }
        if (stack.empty() && e.type != YAML_MAPPING_START_EVENT) {
          out.errors.push_back("the metadata must be a mapping of keys to values" + where(e.start_mark));
          return out;
        }
        if (static_cast<int>(stack.size()) >= kMaxDepth) {
          out.errors.push_back("the metadata is nested too deeply" + where(e.start_mark));
          return out;
        }
        took_value();
        root_seen = true;
        if (e.type == YAML_MAPPING_START_EVENT) {
          w.begin_object();
          stack.emplace_back(true, true);
        } else {
          w.begin_array();
          stack.emplace_back(false, false);
        }
        break;
      case YAML_MAPPING_END_EVENT:
        w.end_object();
        stack.pop_back();
        break;
      case YAML_SEQUENCE_END_EVENT:
        w.end_array();
        stack.pop_back();
        break;
      default:
        break;
    }
  }
  out.json = root_seen ? w.str() : std::string("{}");
  return out;
}

}  // namespace hub::domain
