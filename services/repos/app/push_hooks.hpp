#pragma once
// The hooks git's receive-pack runs for a push through git_http.cpp: the same binary as the service,
// started as `hub-repos hook <name>`, reading the pusher from the HUB_HOOK_* environment.
//   pre-receive   refuses what the pusher may not do (roles, refs outside heads/tags/pr, deleting
//                 main, LFS pointers to objects this repo was never given), before any ref moves;
//   post-receive  writes the ref updates to the outbox (repo.content) and moves the repo's head.
#include <string>

namespace hub::repos {

// Writes the hook scripts into <data_dir>/hooks, pointing at `executable`.
void install_hook_scripts(const std::string& data_dir, const std::string& executable);

// `hub-repos hook <name>`: the exit code git acts on.
int hook_main(int argc, char** argv);

}  // namespace hub::repos
