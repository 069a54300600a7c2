#include "common/http/router.hpp"

#include <array>
#include <stdexcept>

#include "common/http/url.hpp"
#include "common/util/strings.hpp"
#include "common/util/utf8.hpp"

namespace hub::http {
namespace {

enum class Kind { kLiteral, kParam, kChoice, kRevision, kRest, kRestNonEmpty };

struct Segment {
  Kind kind = Kind::kLiteral;
  std::string name;
  std::string literal;  // the literal itself, or a parameter's suffix
  std::vector<std::string> choices;
};

Segment parse_segment(std::string_view text, std::string_view pattern) {
  Segment seg;
  if (!text.starts_with('{')) {
    if (text.find_first_of("{}") != std::string_view::npos) {
      throw std::invalid_argument("bad route template: " + std::string(pattern));
    }
    seg.literal = std::string(text);
    return seg;
  }
  auto close = text.find('}');
  if (close == std::string_view::npos) throw std::invalid_argument("unclosed '{' in route: " + std::string(pattern));
  std::string_view inner = text.substr(1, close - 1);
  seg.literal = std::string(text.substr(close + 1));
  auto colon = inner.find(':');
  if (colon != std::string_view::npos) {
    seg.name = std::string(inner.substr(0, colon));
    std::string_view spec = inner.substr(colon + 1);
    if (spec == "rev") {
      seg.kind = Kind::kRevision;
    } else {
      seg.kind = Kind::kChoice;
      for (auto c : util::split(spec, '|'))
        seg.choices.emplace_back(c);
    }
  } else if (inner.ends_with('*')) {
    seg.kind = Kind::kRest;
    seg.name = std::string(inner.substr(0, inner.size() - 1));
  } else if (inner.ends_with('+')) {
    seg.kind = Kind::kRestNonEmpty;
    seg.name = std::string(inner.substr(0, inner.size() - 1));
  } else {
    seg.kind = Kind::kParam;
    seg.name = std::string(inner);
  }
  if (seg.name.empty()) throw std::invalid_argument("unnamed parameter in route: " + std::string(pattern));
  if ((seg.kind == Kind::kRest || seg.kind == Kind::kRestNonEmpty || seg.kind == Kind::kRevision) &&
      !seg.literal.empty()) {
    throw std::invalid_argument("suffix not allowed after this parameter: " + std::string(pattern));
  }
  return seg;
}

// One segment decoded, or nullopt on bad encoding: a malformed escape, NUL, or bytes that are not
// UTF-8 (%ff, an overlong %c0%af): names and paths are UTF-8 text, and such bytes reaching a name
// check, a database or a log would be cut, misread or unreadable there.
std::optional<std::string> decode_segment(std::string_view raw) {
  auto decoded = percent_decode(raw);
  if (!decoded || !util::valid_utf8(*decoded)) return std::nullopt;
  return decoded;
}

// Join raw segments [from, to) with '/' and decode each; nullopt on bad encoding.
template <class PartList>
std::optional<std::string> decode_joined(const PartList& parts, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    auto decoded = decode_segment(parts[i]);
    if (!decoded) return std::nullopt;
    if (i > from) out.push_back('/');
    out += *decoded;
  }
  return out;
}

}  // namespace

struct RouteMatcher::Route {
  std::string method;
  std::string pattern;
  std::vector<Segment> segments;
  // The last literal at a fixed position (none after a revision, which spans one or three
  // segments): checked first, it turns most of a long table away with one comparison.
  std::size_t key_position = std::string::npos;
  std::string key_literal;
};

RouteMatcher::RouteMatcher() = default;
RouteMatcher::~RouteMatcher() = default;
RouteMatcher::RouteMatcher(RouteMatcher&&) noexcept = default;
RouteMatcher& RouteMatcher::operator=(RouteMatcher&&) noexcept = default;

std::size_t RouteMatcher::size() const {
  return routes_.size();
}

int RouteMatcher::add(std::string_view method, std::string_view pattern) {
  if (!pattern.starts_with('/')) throw std::invalid_argument("route must start with '/': " + std::string(pattern));
  Route route{std::string(method), std::string(pattern), {}};
  auto parts = util::split(pattern.substr(1), '/');
  for (std::size_t i = 0; i < parts.size(); ++i) {
    Segment seg = parse_segment(parts[i], pattern);
    if ((seg.kind == Kind::kRest || seg.kind == Kind::kRestNonEmpty) && i + 1 != parts.size()) {
      throw std::invalid_argument("rest parameter must be last: " + std::string(pattern));
    }
    route.segments.push_back(std::move(seg));
  }
  for (std::size_t i = 0; i < route.segments.size(); ++i) {
    const Segment& seg = route.segments[i];
    if (seg.kind == Kind::kRevision || seg.kind == Kind::kRest || seg.kind == Kind::kRestNonEmpty) break;
    if (seg.kind == Kind::kLiteral) {
      route.key_position = i;
      route.key_literal = seg.literal;
    }
  }
  routes_.push_back(std::move(route));
  return static_cast<int>(routes_.size() - 1);
}

namespace {

enum class Outcome { kNoMatch, kMatch, kBadPath };

// Path segments without a heap allocation for ordinary paths.
class Parts {
 public:
  explicit Parts(std::string_view path) {
    std::size_t start = 0;
    while (true) {
      std::size_t pos = path.find('/', start);
      push(path.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
      if (pos == std::string_view::npos) break;
      start = pos + 1;
    }
  }
  std::size_t size() const { return count_; }
  std::string_view operator[](std::size_t i) const { return i < kInline ? inline_[i] : overflow_[i - kInline]; }

 private:
  static constexpr std::size_t kInline = 24;
  void push(std::string_view part) {
    if (count_ < kInline) {
      inline_[count_] = part;
    } else {
      overflow_.push_back(part);
    }
    ++count_;
  }
  std::array<std::string_view, kInline> inline_{};
  std::vector<std::string_view> overflow_;
  std::size_t count_ = 0;
};

// Records a parameter, unless the caller wants only the route (then nothing is decoded).
bool put(std::vector<std::pair<std::string, std::string>>* params, const std::string& name, const Parts& parts,
         std::size_t from, std::size_t to) {
  if (params == nullptr) return true;
  auto value = decode_joined(parts, from, to);
  if (!value) return false;
  params->emplace_back(name, std::move(*value));
  return true;
}

Outcome match_segments(const std::vector<Segment>& segments, const Parts& parts,
                       std::vector<std::pair<std::string, std::string>>* params) {
  std::size_t p = 0;
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const Segment& seg = segments[s];
    if (seg.kind == Kind::kRest || seg.kind == Kind::kRestNonEmpty) {
      if (seg.kind == Kind::kRestNonEmpty && (p >= parts.size() || (p + 1 == parts.size() && parts[p].empty()))) {
        return Outcome::kNoMatch;
      }
      if (!put(params, seg.name, parts, p, parts.size())) return Outcome::kBadPath;
      return Outcome::kMatch;
    }
    if (p >= parts.size()) return Outcome::kNoMatch;
    std::string_view part = parts[p];
    switch (seg.kind) {
      case Kind::kLiteral:
        if (part != seg.literal) return Outcome::kNoMatch;
        ++p;
        break;
      case Kind::kChoice: {
        bool found = false;
        for (const auto& c : seg.choices)
          found = found || part == c;
        if (!found) return Outcome::kNoMatch;
        if (params != nullptr) params->emplace_back(seg.name, std::string(part));
        ++p;
        break;
      }
      case Kind::kParam: {
        if (!part.ends_with(seg.literal) || part.size() == seg.literal.size()) return Outcome::kNoMatch;
        if (params != nullptr) {
          auto value = decode_segment(part.substr(0, part.size() - seg.literal.size()));
          if (!value) return Outcome::kBadPath;
          params->emplace_back(seg.name, std::move(*value));
        }
        ++p;
        break;
      }
      case Kind::kRevision: {
        if (part.empty()) return Outcome::kNoMatch;
        std::size_t take = 1;
        if (part == "refs" && p + 2 < parts.size()) {
          std::string_view kind = parts[p + 1];
          if (kind == "pr" || kind == "convert" || kind == "heads" || kind == "tags") take = 3;
        }
        if (!put(params, seg.name, parts, p, p + take)) return Outcome::kBadPath;
        p += take;
        break;
      }
      case Kind::kRest:
      case Kind::kRestNonEmpty:
        break;
    }
  }
  return p == parts.size() ? Outcome::kMatch : Outcome::kNoMatch;
}

}  // namespace

RouteMatch RouteMatcher::match(std::string_view method, std::string_view raw_path, bool want_params) const {
  RouteMatch result;
  if (!raw_path.starts_with('/')) return result;
  const Parts parts(raw_path.substr(1));
  int get_fallback = -1;
  std::vector<std::pair<std::string, std::string>> fallback_params;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Route& route = routes_[i];
    // Only when nothing is decoded: with parameters, a bad escape before the literal is a 400.
    if (!want_params && route.key_position != std::string::npos &&
        (route.key_position >= parts.size() || parts[route.key_position] != route.key_literal)) {
      continue;
    }
    std::vector<std::pair<std::string, std::string>> params;
    Outcome outcome = match_segments(route.segments, parts, want_params ? &params : nullptr);
    if (outcome == Outcome::kBadPath) {
      result.bad_path = true;
      return result;
    }
    if (outcome != Outcome::kMatch) continue;
    if (route.method == "*" || route.method == method) {
      result.id = static_cast<int>(i);
      result.params = std::move(params);
      result.pattern = route.pattern;
      return result;
    }
    if (method == "HEAD" && route.method == "GET" && get_fallback < 0) {
      get_fallback = static_cast<int>(i);
      fallback_params = std::move(params);
    }
    result.allowed.push_back(route.method);
  }
  if (get_fallback >= 0) {
    result.id = get_fallback;
    result.params = std::move(fallback_params);
    result.pattern = routes_[static_cast<std::size_t>(get_fallback)].pattern;
    result.allowed.clear();
  }
  return result;
}

std::vector<std::pair<std::string, std::string>> revision_splits(std::string_view rev_and_path) {
  std::vector<std::pair<std::string, std::string>> out;
  auto parts = util::split(rev_and_path, '/');
  for (std::size_t n = parts.size(); n >= 1; --n) {
    auto rev = decode_joined(parts, 0, n);
    auto path = decode_joined(parts, n, parts.size());
    if (rev && path && !rev->empty()) out.emplace_back(std::move(*rev), std::move(*path));
  }
  return out;
}

}  // namespace hub::http
