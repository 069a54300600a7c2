#pragma once
// `hub-auth admin …` (what `./hub admin …` runs): the operator's way in when no one can log in —
// create users and tokens, reset a password — working on the database directly (HUB_PG_URL, read
// with config::Reader: config.hpp AdminConfig).
namespace hub::auth {

// argv[1] is "admin". Returns the exit status.
int admin_main(int argc, char** argv);

}  // namespace hub::auth
