#include "services/bugs/app/rendering.hpp"

#include "common/db/transaction.hpp"
#include "common/log/log.hpp"
#include "services/bugs/store/report_store.hpp"

namespace hub::bugs {
namespace {

// More references than this in one text stay plain text (each may cost a question to discussions).
constexpr std::size_t kMaxLinkedReferences = 50;

// Whether discussions has thread N in the repo; false when it cannot say (the text still renders).
bool is_thread(const Peers& peers, const Place& place, std::int64_t n, const std::string& request_id) {
  try {
    const auto r = peers.discussions->call("GET", "/internal/repos/" + place.repo_id + "/threads/" + std::to_string(n),
                                           {}, request_id);
    return r.status == 200;
  } catch (const std::exception& e) {
    log::warn("bugs.reference_unresolved", {{"num", std::to_string(n)}, {"error", e.what()}});
    return false;
  }
}

}  // namespace

markdown::Rendered render_text(service::Context& ctx, const Peers& peers, const Place& place, const std::string& raw,
                               const std::string& request_id) {
  std::size_t looked_up = 0;
  markdown::Links links;
  links.profile_base = place.public_url;
  links.reference = [&](std::int64_t n) -> std::optional<std::string> {
    if (++looked_up > kMaxLinkedReferences) return std::nullopt;
    const bool bug =
        db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return report_exists(tx, place.repo_id, n); });
    if (bug) return place.bug_web_url(n);
    if (is_thread(peers, place, n, request_id)) return place.web_url(n);
    return std::nullopt;
  };
  return markdown::render(raw, links);
}

}  // namespace hub::bugs
