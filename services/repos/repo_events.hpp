#pragma once
// The events a repo change causes (schemas/events/README.md), written to the outbox in the
// transaction of the change.
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "common/auth/identity.hpp"
#include "services/repos/repo_store.hpp"

namespace hub::repos {

// `data_fields` is the inside of the data object ("" for none): `"private":true,…`.
void emit(pqxx::work& tx, std::string_view type, const RepoRow& repo, const auth::Identity* actor,
          std::string_view data_fields = {});

struct RefUpdate {
  std::string ref;
  std::string old_sha;  // empty: created
  std::string new_sha;  // empty: deleted
};

// A content change: repo.content with updatedRefs, and the repo's head and lastModified when main
// moved.
void record_ref_updates(pqxx::work& tx, const RepoRow& repo, const auth::Identity* actor,
                        const std::vector<RefUpdate>& updates);

// The fields every repo.created / updated / moved event carries for auth's reconciler.
std::string registry_fields(const RepoRow& repo);

}  // namespace hub::repos
