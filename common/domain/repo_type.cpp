#include "common/domain/repo_type.hpp"

namespace hub::domain {

std::string_view type_name(RepoType type) {
  switch (type) {
    case RepoType::kModel:
      return "model";
    case RepoType::kDataset:
      return "dataset";
    case RepoType::kSpace:
      return "space";
  }
  return "model";
}

std::string_view plural(RepoType type) {
  switch (type) {
    case RepoType::kModel:
      return "models";
    case RepoType::kDataset:
      return "datasets";
    case RepoType::kSpace:
      return "spaces";
  }
  return "models";
}

std::string_view web_prefix(RepoType type) {
  switch (type) {
    case RepoType::kModel:
      return "";
    case RepoType::kDataset:
      return "datasets/";
    case RepoType::kSpace:
      return "spaces/";
  }
  return "";
}

std::optional<RepoType> parse_repo_type(std::string_view singular) {
  for (const RepoType t : kRepoTypes) {
    if (singular == type_name(t)) return t;
  }
  return std::nullopt;
}

std::optional<RepoType> parse_plural(std::string_view name) {
  for (const RepoType t : kRepoTypes) {
    if (name == plural(t)) return t;
  }
  return std::nullopt;
}

}  // namespace hub::domain
