#pragma once
// Whose hooks may receive a repo's events (docs/webhooks.md, "Private repos"): anyone's, for a
// public repo; for a private one, a user's hook when that user may read the repo, and an org's hook
// when the repo is the org's own. An org hook never receives another namespace's private repo, even
// one its admins may read: what an org's hook sends is the org's, not any one admin's.
#include <string_view>

namespace hub::notifications {

// `owner_kind` user or org; `user_reads`: the user may read the repo now (ignored for orgs).
bool hook_may_receive(std::string_view owner_kind, std::string_view owner_name, std::string_view repo_namespace,
                      bool repo_public, bool user_reads);

// A deleted repo can no longer be asked about: its last known visibility decides, and a private
// one's deletion goes only to hooks of its own namespace's owner (the user, or the org).
bool hook_may_receive_deletion(std::string_view owner_name, std::string_view repo_namespace, bool was_public);

}  // namespace hub::notifications
