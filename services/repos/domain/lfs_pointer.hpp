#pragma once
// LFS pointers (common/domain/lfs_pointer.hpp), under the names repos has always used.
#include "common/domain/lfs_pointer.hpp"

namespace hub::repos {

using domain::kLfsPointerVersion;
using domain::kMaxLfsPointer;
using domain::lfs_pointer_text;
using domain::LfsPointer;
using domain::parse_lfs_pointer;
using domain::valid_oid;

}  // namespace hub::repos
