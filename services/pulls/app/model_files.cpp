#include "services/pulls/app/model_files.hpp"

#include "common/domain/lfs_pointer.hpp"
#include "common/error/api_error.hpp"
#include "services/pulls/app/repos_client.hpp"
#include "services/pulls/domain/safetensors_file.hpp"

namespace hub::pulls {
namespace {

SafetensorsFile from_lfs(const Peers& peers, const std::string& repo_id, const std::string& path,
                         const domain::LfsPointer& pointer, const std::string& request_id) {
  SafetensorsFile file{path, {}, std::nullopt};
  json::Document doc;
  try {
    doc = lfs_tensors(peers.repos, repo_id, pointer.oid, request_id);
  } catch (const ApiError& e) {
    // An object stored before uploads were examined, or one this repo does not hold: unreadable
    // here, said so for that file, never a failed page.
    if (e.status() != 404) throw;
    file.error = e.message();
    return file;
  }
  if (auto error = json::get_optional_string(doc, "error").or_throw(ErrorCode::kBadGateway)) {
    file.error = std::string(*error);
    return file;
  }
  const json::Value* list = json::get_array(doc, "tensors").or_throw(ErrorCode::kBadGateway);
  for (const auto& t : list->GetArray()) {
    TensorRecord r;
    r.name = std::string(json::get_string(t, "name").or_throw(ErrorCode::kBadGateway));
    r.dtype = std::string(json::get_string(t, "dtype").or_throw(ErrorCode::kBadGateway));
    r.sha256 = std::string(json::get_string(t, "sha256").or_throw(ErrorCode::kBadGateway));
    if (const json::Value* shape = json::find(t, "shape"); shape != nullptr && shape->IsArray()) {
      for (const auto& d : shape->GetArray())
        if (d.IsUint64()) r.shape.push_back(d.GetUint64());
    }
    file.tensors.push_back(std::move(r));
  }
  return file;
}

}  // namespace

std::optional<SafetensorsFile> safetensors_at(const Peers& peers, const std::string& repo_id, const std::string& rev,
                                              const std::string& path, const std::string& request_id) {
  std::optional<std::string> content;
  try {
    content = file_at(peers.repos, repo_id, rev, path, kMaxGitSafetensors, request_id);
  } catch (const ApiError& e) {
    if (e.code() != ErrorCode::kPayloadTooLarge) throw;
    return SafetensorsFile{path, {}, "kept in git rather than LFS and larger than 64 MiB: not read"};
  }
  if (!content) return std::nullopt;
  if (auto pointer = domain::parse_lfs_pointer(*content)) return from_lfs(peers, repo_id, path, *pointer, request_id);
  return read_safetensors_file(path, *content);
}

std::optional<std::string> tensor_hash(const Peers& peers, const std::string& repo_id, const std::string& rev,
                                       const std::string& path, const std::string& tensor,
                                       const std::string& request_id) {
  auto file = safetensors_at(peers, repo_id, rev, path, request_id);
  if (!file) return std::nullopt;
  for (const auto& t : file->tensors)
    if (t.name == tensor) return t.sha256;
  return std::nullopt;
}

}  // namespace hub::pulls
