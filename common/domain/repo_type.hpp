#pragma once
// The three kinds of repo and how each is spelled: singular in bodies, events and the database
// ("model"), plural in API paths ("models"), and as the prefix of its web pages ("" for models,
// "datasets/", "spaces/"). Every service parses and prints them here.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hub::domain {

enum class RepoType : std::uint8_t { kModel, kDataset, kSpace };

inline constexpr std::array<RepoType, 3> kRepoTypes = {RepoType::kModel, RepoType::kDataset, RepoType::kSpace};

std::string_view type_name(RepoType type);   // model, dataset, space
std::string_view plural(RepoType type);      // models, datasets, spaces
std::string_view web_prefix(RepoType type);  // "", "datasets/", "spaces/"

// "model", "dataset", "space"; nullopt for anything else (case matters, as on the Hub).
std::optional<RepoType> parse_repo_type(std::string_view singular);
// "models", "datasets", "spaces"; nullopt for anything else.
std::optional<RepoType> parse_plural(std::string_view plural);

}  // namespace hub::domain
