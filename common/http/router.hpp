#pragma once
// Method + path-template routing, shared by the services and by the gateway's route table.
//
// Template segments:
//   api            a literal
//   {name}         one segment, percent-decoded (so `refs%2Fpr%2F3` arrives as `refs/pr/3`)
//   {name}.git     one segment ending in a literal suffix, which is removed
//   {t:a|b|c}      one of the listed literals
//   {rev:rev}      a git revision: one segment, or the raw slash forms `refs/pr/N`, `refs/convert/X`,
//                  `refs/heads/X` and `refs/tags/X` (three segments)
//   {path*}        the rest of the path, zero or more segments (only last)
//   {path+}        the rest of the path, one or more segments (only last)
// Routes are tried in the order they were added; HEAD falls back to a GET route.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hub::http {

struct RouteMatch {
  int id = -1;                       // index of the route, or -1
  bool bad_path = false;             // malformed percent-encoding: 400, not 404
  std::vector<std::string> allowed;  // methods of routes whose path matched when id == -1
  std::vector<std::pair<std::string, std::string>> params;
  std::string_view pattern;
};

class RouteMatcher {
 public:
  RouteMatcher();
  ~RouteMatcher();
  RouteMatcher(RouteMatcher&&) noexcept;
  RouteMatcher& operator=(RouteMatcher&&) noexcept;

  // Throws std::invalid_argument on a malformed template: route tables are code, so a bad one must
  // fail at start, not at the first request.
  int add(std::string_view method, std::string_view pattern);
  // With want_params false only the route is found: nothing is decoded or copied (the gateway,
  // which forwards the path untouched, needs no more).
  RouteMatch match(std::string_view method, std::string_view raw_path, bool want_params = true) const;
  std::size_t size() const;

 private:
  struct Route;
  std::vector<Route> routes_;
};

template <class T>
class Router {
 public:
  struct Match {
    const T* value = nullptr;
    RouteMatch route;
  };

  void add(std::string_view method, std::string_view pattern, T value) {
    matcher_.add(method, pattern);
    values_.push_back(std::move(value));
  }
  Match match(std::string_view method, std::string_view raw_path, bool want_params = true) const {
    Match m;
    m.route = matcher_.match(method, raw_path, want_params);
    if (m.route.id >= 0) m.value = &values_[static_cast<std::size_t>(m.route.id)];
    return m;
  }
  const std::vector<T>& values() const { return values_; }

 private:
  RouteMatcher matcher_;
  std::vector<T> values_;
};

// Every way to split raw `a/b/c` into a revision and a path ({"a","b/c"}, {"a/b","c"}, ...), longest
// revision first: clients send branch names with raw slashes, and only the repository knows which
// prefix names a ref.
std::vector<std::pair<std::string, std::string>> revision_splits(std::string_view rev_and_path);

}  // namespace hub::http
