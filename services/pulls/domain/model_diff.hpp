#pragma once
// The model-aware diff of a pull request: what happened to the tensors of each model between the
// base and the head, from safetensors headers and per-tensor SHA-256 hashes only (repos hashed each
// tensor of an LFS upload as it streamed in; safetensors_file.hpp does the same for a small file kept
// in git), so no tensor data is read again.
//
// A model is a directory holding safetensors files, with the shards a model.safetensors.index.json
// names (wherever they sit) grouped with the index's directory. Within a model a tensor is known by
// its name, whichever shard holds it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hub::pulls {

// One tensor as the diff sees it.
struct TensorRecord {
  std::string name;
  std::string dtype;
  std::vector<std::uint64_t> shape;
  std::string sha256;  // of its bytes, hex
};

// One *.safetensors file of one side: its tensors, or why they could not be read (a malformed header,
// an object never examined). Then `tensors` is empty.
struct SafetensorsFile {
  std::string path;
  std::vector<TensorRecord> tensors;
  std::optional<std::string> error;
};

// One model.safetensors.index.json (any *.safetensors.index.json) of one side: which shard holds
// each tensor, shard names relative to the index's directory (shard_index.hpp parses it).
struct ShardIndex {
  std::string path;
  std::map<std::string, std::string> weight_map;
  std::optional<std::string> error;
};

// The model files of one side of the pull request: only those the pull request changed (added,
// removed or modified), so a tensor in a file it left alone is in neither side's list.
struct ModelFiles {
  std::vector<SafetensorsFile> files;
  std::vector<ShardIndex> indexes;
};

enum class Side { kBase, kHead };

// A tensor as it is on one side, and the file holding it.
struct TensorAt {
  TensorRecord tensor;
  std::string file;
};

struct DtypeChange {
  std::string name;
  std::string before, after;
};

struct ShapeChange {
  std::string name;
  std::vector<std::uint64_t> before, after;
};

// Same name, dtype and shape; other bytes.
struct BytesChange {
  std::string name;
  std::string file;  // on the head side
  std::string before_sha256, after_sha256;
};

// Same name, another shard file (whatever else changed with it).
struct TensorMove {
  std::string name;
  std::string from_file, to_file;
};

// The old name gone, a new name holding identical bytes, dtype and shape.
struct TensorRename {
  std::string from, to;
  std::string from_file, to_file;
  std::string sha256;
};

// Elements (the product of each shape) over the tensors of the files the pull request changed, on
// each side. Files it left alone hold the same tensors on both sides, so `delta` is the change of
// the whole model's parameter count even though neither total is the whole model's.
struct ParameterCount {
  std::uint64_t before = 0, after = 0;
  std::int64_t delta = 0;
};

struct FileError {
  std::string path;
  Side side = Side::kHead;
  std::string error;
};

struct ModelChanges {
  std::string directory;                 // "" for the repo's root
  std::vector<std::string> files;        // the changed files of this model, both sides, sorted
  std::vector<TensorAt> added, removed;  // removed: as it was on the base side
  std::vector<DtypeChange> dtype_changed;
  std::vector<ShapeChange> shape_changed;
  std::vector<BytesChange> bytes_changed;
  std::vector<TensorMove> moved;
  std::vector<TensorRename> renamed;
  ParameterCount parameters;
  // Files that could not be read on a side. Such a file is compared on neither side (its tensors are
  // not called added or removed, nor counted), so `complete` is false and the lists above cover the
  // readable files only.
  std::vector<FileError> errors;
  bool complete = true;
  // What does not add up within a side: a tensor named in two shards, or an index that disagrees
  // with the shards it names.
  std::vector<std::string> problems;
};

struct ModelDiff {
  std::vector<ModelChanges> models;  // by directory
};

// Every list of a ModelChanges is sorted by tensor name (renames by their new name).
ModelDiff diff_models(const ModelFiles& base, const ModelFiles& head);

// Whether the diff reads a path as tensors, and as a shard index.
bool is_safetensors_path(std::string_view path);
bool is_shard_index_path(std::string_view path);

}  // namespace hub::pulls
