#pragma once
// LFS objects: which a repo holds, storing an upload, and where a stored object is read from. An
// object is served to a repo only when it is linked to it (the repo was given its bytes).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/db/pool.hpp"
#include "common/http/message.hpp"
#include "common/service/service.hpp"
#include "services/repos/config.hpp"
#include "services/repos/domain/lfs_pointer.hpp"
#include "services/repos/domain/lfs_urls.hpp"
#include "services/repos/domain/safetensors.hpp"

namespace hub::repos {

struct HeldObject {
  std::uint64_t size = 0;  // as linked
  bool stored = false;     // and its bytes are on disk
};
// Which of `oids` the repo holds.
std::map<std::string, HeldObject> held_objects(service::Context& ctx, const ReposConfig& config,
                                               const std::string& repo_id, const std::vector<std::string>& oids);

// Whether the object a pointer names is linked to the repo with the pointer's size.
bool object_linked(service::Context& ctx, const std::string& repo_id, const LfsPointer& pointer);

// An upload a signed URL granted: streams `body` to a temporary file while hashing it, checks size
// and sha256, stores it once and links it to the repo with what reading it as a safetensors file
// found (its tensor hashes, or why it is not one). 404 for a repo that is gone; 400 for a body that
// is not the object.
void store_upload(service::Context& ctx, const ReposConfig& config, const LfsGrant& grant, http::BodyReader& body);

struct ImportedObject {
  std::string oid;
  std::uint64_t size = 0;
  std::uint64_t disk_bytes = 0;  // the stored file's blocks
  bool already_stored = false;   // the store held these bytes before
  TensorHeader header;
};
// `hub-repos admin import-lfs`: a local file into the LFS store, linked to the repo and recorded
// exactly as an upload of the same bytes is (the same digest, the same transaction), its holes
// kept: a sparse checkpoint stays sparse (copy_sparse, store/lfs_store.hpp), and hashing its holes
// reads nothing. Throws std::runtime_error for a file that cannot be read or changes meanwhile.
ImportedObject import_object(db::Pool& db, const ReposConfig& config, const std::string& repo_id,
                             const std::string& path);

// A stored object's file, when its bytes are on disk with this size.
std::optional<std::string> stored_object_path(const ReposConfig& config, const std::string& oid,
                                              std::optional<std::uint64_t> size = std::nullopt);

// What reading an object the repo holds as a safetensors file found: its tensors, or why it is not
// a sound one. 404 for an object the repo does not hold, and for one stored before uploads were
// examined (migration 106), whose tensors are unknown.
TensorHeader tensors_of(service::Context& ctx, const std::string& repo_id, const std::string& oid);

}  // namespace hub::repos
