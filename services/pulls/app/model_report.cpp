#include "services/pulls/app/model_report.hpp"

#include "common/error/api_error.hpp"
#include "services/pulls/app/model_files.hpp"
#include "services/pulls/app/pull_requests.hpp"
#include "services/pulls/app/repos_client.hpp"
#include "services/pulls/domain/card_diff.hpp"
#include "services/pulls/domain/shard_index.hpp"

namespace hub::pulls {
namespace {

// Changed files are listed in pages this large while the report is built.
constexpr std::int64_t kListPage = 3000;
// Text files (indexes, configs, the card) are read up to this size.
constexpr std::int64_t kMaxTextFile = 16LL << 20;

// A changed file as the report needs it: where it is on each side ("" when not there).
struct Sides {
  std::string base_path, head_path;
};

std::vector<Sides> changed_paths(const Peers& peers, const PullRow& pull, const std::string& merge_base,
                                 const std::string& head, const std::string& request_id) {
  std::vector<Sides> out;
  std::string after;
  for (;;) {
    auto page = changed_files(peers.repos, pull.repo_id, merge_base, head, kListPage, after, request_id);
    for (const auto& f : json::get_array(page, "files").or_throw(ErrorCode::kBadGateway)->GetArray()) {
      const std::string path(json::get_string(f, "path").or_throw(ErrorCode::kBadGateway));
      const std::string status(json::get_string(f, "status").or_throw(ErrorCode::kBadGateway));
      const std::string old_path(
          json::get_optional_string(f, "oldPath").or_throw(ErrorCode::kBadGateway).value_or(path));
      out.push_back(Sides{status == "added" ? "" : old_path, status == "deleted" ? "" : path});
    }
    auto next = json::get_optional_string(page, "next").or_throw(ErrorCode::kBadGateway);
    if (!next || next->empty()) break;
    after = std::string(*next);
  }
  return out;
}

std::optional<std::string> text_at(const Peers& peers, const PullRow& pull, const std::string& rev,
                                   const std::string& path, const std::string& request_id) {
  if (path.empty()) return std::nullopt;
  return file_at(peers.repos, pull.repo_id, rev, path, kMaxTextFile, request_id);
}

void add_index(ModelFiles& side, const std::string& path, const std::optional<std::string>& text) {
  if (!text) return;
  ShardIndex index{path, {}, std::nullopt};
  auto map = parse_weight_map(*text);
  if (map) {
    index.weight_map = std::move(map.value());
  } else {
    index.error = map.error();
  }
  side.indexes.push_back(std::move(index));
}

}  // namespace

ModelReport model_report(const Peers& peers, const PullRow& pull, const std::string& merge_base,
                         const std::string& head, const std::string& request_id) {
  ModelReport report;
  ModelFiles base, changed;
  for (Sides f : changed_paths(peers, pull, merge_base, head, request_id)) {
    if (merge_base.empty()) f.base_path.clear();  // unrelated histories: everything is new
    const std::string& any = f.head_path.empty() ? f.base_path : f.head_path;
    if (is_safetensors_path(any)) {
      if (!f.base_path.empty()) {
        if (auto file = safetensors_at(peers, pull.repo_id, merge_base, f.base_path, request_id))
          base.files.push_back(std::move(*file));
      }
      if (!f.head_path.empty()) {
        if (auto file = safetensors_at(peers, pull.repo_id, head, f.head_path, request_id))
          changed.files.push_back(std::move(*file));
      }
    } else if (is_shard_index_path(any)) {
      add_index(base, f.base_path, text_at(peers, pull, merge_base, f.base_path, request_id));
      add_index(changed, f.head_path, text_at(peers, pull, head, f.head_path, request_id));
    } else if (is_config_path(any) || is_model_card_path(any)) {
      const auto before = text_at(peers, pull, merge_base, f.base_path, request_id);
      const auto after = text_at(peers, pull, head, f.head_path, request_id);
      const auto as_view = [](const std::optional<std::string>& t) {
        return t ? std::optional<std::string_view>(*t) : std::nullopt;
      };
      report.configs.push_back(is_config_path(any) ? config_key_diff(any, as_view(before), as_view(after))
                                                   : card_key_diff(any, as_view(before), as_view(after)));
    }
  }
  report.models = diff_models(base, changed);
  return report;
}

}  // namespace hub::pulls
