#include "common/domain/repo_type.hpp"

#include "common/util/enum_names.hpp"

namespace hub::domain {
namespace {

constexpr util::EnumNames<RepoType, 3> kTypeNames = {
    {{RepoType::kModel, "model"}, {RepoType::kDataset, "dataset"}, {RepoType::kSpace, "space"}}};
constexpr util::EnumNames<RepoType, 3> kPlurals = {
    {{RepoType::kModel, "models"}, {RepoType::kDataset, "datasets"}, {RepoType::kSpace, "spaces"}}};
constexpr util::EnumNames<RepoType, 3> kWebPrefixes = {
    {{RepoType::kModel, ""}, {RepoType::kDataset, "datasets/"}, {RepoType::kSpace, "spaces/"}}};

}  // namespace

std::string_view type_name(RepoType type) {
  return util::name_of(kTypeNames, type);
}

std::string_view plural(RepoType type) {
  return util::name_of(kPlurals, type);
}

std::string_view web_prefix(RepoType type) {
  return util::name_of(kWebPrefixes, type);
}

std::optional<RepoType> parse_repo_type(std::string_view singular) {
  return util::value_named(kTypeNames, singular);
}

std::optional<RepoType> parse_plural(std::string_view name) {
  return util::value_named(kPlurals, name);
}

}  // namespace hub::domain
