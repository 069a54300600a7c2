#pragma once
// `hub-repos admin <command>` (what `./hub admin reindex` and `./hub admin import-lfs` run), with
// HUB_PG_URL and HUB_DATA_DIR from the environment:
//   reindex                      rebuilds what the database keeps about git's content (reindex.hpp)
//   import-lfs <repo> <file>...  local files into the LFS store, linked to the repo and recorded as
//                                uploads are, sparse files kept sparse (lfs_objects.hpp)
namespace hub::repos {

// The exit code: 0 done, 1 failed (said why), 2 bad usage or configuration.
int admin_main(int argc, char** argv);

}  // namespace hub::repos
