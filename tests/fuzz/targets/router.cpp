// Router matching and path decoding: any path against the repos service's shapes of routes, and the
// revision splits; a match's parameters are always valid UTF-8 without NUL.
#include "common/http/router.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/http/url.hpp"
#include "common/util/utf8.hpp"

namespace {

const hub::http::RouteMatcher& matcher() {
  static const hub::http::RouteMatcher m = [] {
    hub::http::RouteMatcher r;
    r.add("GET", "/api/{type:models|datasets|spaces}/{namespace}/{name}");
    r.add("GET", "/api/{type:models|datasets|spaces}/{namespace}/{name}/revision/{rev:rev}");
    r.add("GET", "/api/{type:models|datasets|spaces}/{namespace}/{name}/tree/{rest+}");
    r.add("POST", "/api/{type:models|datasets|spaces}/{namespace}/{name}/commit/{rev+}");
    r.add("*", "/{prefix:datasets|spaces}/{namespace}/{name}.git/{rest+}");
    r.add("*", "/{namespace}/{name}.git/{rest*}");
    r.add("GET", "/{namespace}/{name}/resolve/{rest+}");
    return r;
  }();
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view path(reinterpret_cast<const char*>(data), size);
  for (const char* method : {"GET", "POST", "HEAD"}) {
    auto quick = matcher().match(method, path, false);
    auto full = matcher().match(method, path, true);
    if (!full.bad_path && quick.id != full.id) std::abort();  // decoding never changes which route matched
    for (const auto& [name, value] : full.params) {
      if (!hub::util::valid_utf8(value) || value.find('\0') != std::string::npos) std::abort();
    }
  }
  for (const auto& [rev, rest] : hub::http::revision_splits(path)) {
    if (rev.empty()) std::abort();
  }
  (void)hub::http::parse_query(path);
  if (auto decoded = hub::http::percent_decode(path)) {
    auto again = hub::http::percent_decode(hub::http::percent_encode(*decoded));
    if (!again || *again != *decoded) std::abort();  // encoding round-trips
  }
  return 0;
}
