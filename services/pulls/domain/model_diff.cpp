#include "services/pulls/domain/model_diff.hpp"

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <set>
#include <tuple>

#include "common/domain/safetensors_header.hpp"

namespace hub::pulls {
namespace {

// A broken index can disagree with every tensor of a shard: past this many, the problems of one
// model are summed up in one line.
constexpr std::size_t kMaxProblems = 50;

std::string directory_of(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

std::string join(const std::string& dir, const std::string& name) {
  return dir.empty() ? name : dir + "/" + name;
}

// The parts, joined: problems are built from several names each.
std::string text(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const auto part : parts)
    out += part;
  return out;
}

std::string_view side_name(Side side) {
  return side == Side::kBase ? "base" : "head";
}

class Problems {
 public:
  void add(std::string problem) {
    if (kept_.size() < kMaxProblems) {
      kept_.push_back(std::move(problem));
    } else {
      ++dropped_;
    }
  }
  std::vector<std::string> take() && {
    if (dropped_ > 0) kept_.push_back("… and " + std::to_string(dropped_) + " more");
    return std::move(kept_);
  }

 private:
  std::vector<std::string> kept_;
  std::size_t dropped_ = 0;
};

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  std::uint64_t sum = 0;
  return __builtin_add_overflow(a, b, &sum) ? std::numeric_limits<std::uint64_t>::max() : sum;
}

std::int64_t signed_difference(std::uint64_t before, std::uint64_t after) {
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (after >= before) return static_cast<std::int64_t>(std::min(after - before, kMax));
  return -static_cast<std::int64_t>(std::min(before - after, kMax));
}

// Which model each file belongs to: shards an index names go with the index's directory, every
// other file with its own.
class ModelOwners {
 public:
  ModelOwners(const ModelFiles& base, const ModelFiles& head) {
    std::vector<const ShardIndex*> indexes;
    for (const auto* side : {&base, &head}) {
      for (const auto& index : side->indexes)
        indexes.push_back(&index);
    }
    // The first index (by path) to name a shard keeps it, so the grouping never depends on the order
    // the files were given in.
    std::sort(indexes.begin(), indexes.end(), [](const auto* a, const auto* b) { return a->path < b->path; });
    for (const auto* index : indexes) {
      const std::string dir = directory_of(index->path);
      for (const auto& [tensor, shard] : index->weight_map)
        owner_.emplace(join(dir, shard), dir);
    }
  }

  std::string model_of(const std::string& path) const {
    const auto it = owner_.find(path);
    return it != owner_.end() ? it->second : directory_of(path);
  }

 private:
  std::map<std::string, std::string> owner_;  // shard path -> model directory
};

// The files of one model on one side.
struct ModelSide {
  std::vector<const SafetensorsFile*> files;
  std::vector<const ShardIndex*> indexes;
};

struct ModelInput {
  ModelSide base, head;
};

// Name -> where it is, over the files compared; a name in two shards is a problem of that side,
// and the first shard (by path) keeps it.
std::map<std::string, TensorAt> tensors_by_name(const std::vector<const SafetensorsFile*>& files,
                                                const std::set<std::string>& unreadable, Side side,
                                                Problems& problems) {
  std::map<std::string, TensorAt> out;
  for (const auto* file : files) {
    if (unreadable.contains(file->path)) continue;
    for (const auto& t : file->tensors) {
      auto [it, inserted] = out.emplace(t.name, TensorAt{t, file->path});
      if (!inserted) {
        problems.add(
            text({side_name(side), ": tensor \"", t.name, "\" is in both ", it->second.file, " and ", file->path}));
      }
    }
  }
  return out;
}

std::uint64_t parameters_of(const std::map<std::string, TensorAt>& tensors) {
  std::uint64_t total = 0;
  for (const auto& [name, at] : tensors)
    total = saturating_add(total,
                           domain::element_count(at.tensor.shape).value_or(std::numeric_limits<std::uint64_t>::max()));
  return total;
}

// An index given on a side is checked against the shards of that side it names and that were
// given too (a shard the pull request left alone is not here to check). A file the index names no
// tensor in is left alone: an adapter beside a sharded model is another model in the same folder.
void check_indexes(const ModelSide& side, Side which, const std::set<std::string>& unreadable, Problems& problems) {
  const std::string prefix = text({side_name(which), ": "});
  for (const auto* index : side.indexes) {
    if (index->error) continue;
    const std::string dir = directory_of(index->path);
    for (const auto* file : side.files) {
      if (unreadable.contains(file->path)) continue;
      std::set<std::string> named;  // the tensors the index puts in this file
      for (const auto& [tensor, shard] : index->weight_map) {
        if (join(dir, shard) == file->path) named.insert(tensor);
      }
      if (named.empty()) continue;
      std::set<std::string> held;
      for (const auto& t : file->tensors) {
        held.insert(t.name);
        if (named.contains(t.name)) continue;
        const auto it = index->weight_map.find(t.name);
        if (it == index->weight_map.end()) {
          problems.add(text({prefix, index->path, " does not name \"", t.name, "\", which ", file->path, " holds"}));
        } else {
          problems.add(text({prefix, index->path, " puts \"", t.name, "\" in ", join(dir, it->second), ", but ",
                             file->path, " holds it"}));
        }
      }
      for (const auto& tensor : named) {
        if (!held.contains(tensor)) {
          problems.add(
              text({prefix, index->path, " puts \"", tensor, "\" in ", file->path, ", which does not hold it"}));
        }
      }
    }
  }
}

// Removed and added tensors holding identical bytes, dtype and shape are one tensor renamed. Where
// several share those (zero-filled biases, tied copies), the names pair up in sorted order: any
// pairing says as much, and this one is stable.
void find_renames(ModelChanges& m) {
  using Key = std::tuple<std::string, std::string, std::vector<std::uint64_t>>;
  std::map<Key, std::vector<std::size_t>> removed_by_key, added_by_key;
  for (std::size_t i = 0; i < m.removed.size(); ++i) {
    const auto& t = m.removed[i].tensor;
    if (!t.sha256.empty()) removed_by_key[Key{t.sha256, t.dtype, t.shape}].push_back(i);
  }
  for (std::size_t i = 0; i < m.added.size(); ++i) {
    const auto& t = m.added[i].tensor;
    if (!t.sha256.empty()) added_by_key[Key{t.sha256, t.dtype, t.shape}].push_back(i);
  }
  std::vector<bool> removed_renamed(m.removed.size()), added_renamed(m.added.size());
  for (const auto& [key, removed] : removed_by_key) {
    const auto it = added_by_key.find(key);
    if (it == added_by_key.end()) continue;
    for (std::size_t k = 0; k < removed.size() && k < it->second.size(); ++k) {
      const TensorAt& from = m.removed[removed[k]];
      const TensorAt& to = m.added[it->second[k]];
      m.renamed.push_back(TensorRename{from.tensor.name, to.tensor.name, from.file, to.file, to.tensor.sha256});
      removed_renamed[removed[k]] = true;
      added_renamed[it->second[k]] = true;
    }
  }
  auto drop = [](std::vector<TensorAt>& list, const std::vector<bool>& gone) {
    std::vector<TensorAt> kept;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!gone[i]) kept.push_back(std::move(list[i]));
    }
    list = std::move(kept);
  };
  drop(m.removed, removed_renamed);
  drop(m.added, added_renamed);
  std::sort(m.renamed.begin(), m.renamed.end(), [](const auto& a, const auto& b) { return a.to < b.to; });
}

ModelChanges diff_model(const std::string& directory, const ModelInput& in) {
  ModelChanges m;
  m.directory = directory;
  std::set<std::string> files, unreadable;
  for (const auto& [side, which] : {std::pair{&in.base, Side::kBase}, std::pair{&in.head, Side::kHead}}) {
    for (const auto* f : side->files) {
      files.insert(f->path);
      if (f->error) {
        unreadable.insert(f->path);
        m.errors.push_back(FileError{f->path, which, *f->error});
      }
    }
    for (const auto* index : side->indexes) {
      files.insert(index->path);
      if (index->error) m.errors.push_back(FileError{index->path, which, *index->error});
    }
  }
  m.files.assign(files.begin(), files.end());
  m.complete = unreadable.empty();

  Problems problems;
  const auto before = tensors_by_name(in.base.files, unreadable, Side::kBase, problems);
  const auto after = tensors_by_name(in.head.files, unreadable, Side::kHead, problems);
  check_indexes(in.base, Side::kBase, unreadable, problems);
  check_indexes(in.head, Side::kHead, unreadable, problems);

  for (const auto& [name, old] : before) {
    const auto it = after.find(name);
    if (it == after.end()) {
      m.removed.push_back(old);
      continue;
    }
    const TensorAt& now = it->second;
    if (old.tensor.dtype != now.tensor.dtype) m.dtype_changed.push_back({name, old.tensor.dtype, now.tensor.dtype});
    if (old.tensor.shape != now.tensor.shape) m.shape_changed.push_back({name, old.tensor.shape, now.tensor.shape});
    // Another dtype or shape means other bytes anyway: bytesChanged is for the change a reader could
    // not see from the header alone.
    if (old.tensor.dtype == now.tensor.dtype && old.tensor.shape == now.tensor.shape &&
        old.tensor.sha256 != now.tensor.sha256) {
      m.bytes_changed.push_back({name, now.file, old.tensor.sha256, now.tensor.sha256});
    }
    if (old.file != now.file) m.moved.push_back({name, old.file, now.file});
  }
  for (const auto& [name, now] : after) {
    if (!before.contains(name)) m.added.push_back(now);
  }
  find_renames(m);
  m.problems = std::move(problems).take();
  m.parameters.before = parameters_of(before);
  m.parameters.after = parameters_of(after);
  m.parameters.delta = signed_difference(m.parameters.before, m.parameters.after);
  return m;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

bool is_safetensors_path(std::string_view path) {
  return ends_with(path, ".safetensors");
}

bool is_shard_index_path(std::string_view path) {
  return ends_with(path, ".safetensors.index.json");
}

ModelDiff diff_models(const ModelFiles& base, const ModelFiles& head) {
  const ModelOwners owners(base, head);
  std::map<std::string, ModelInput> models;
  for (const auto& f : base.files)
    models[owners.model_of(f.path)].base.files.push_back(&f);
  for (const auto& f : head.files)
    models[owners.model_of(f.path)].head.files.push_back(&f);
  for (const auto& index : base.indexes)
    models[directory_of(index.path)].base.indexes.push_back(&index);
  for (const auto& index : head.indexes)
    models[directory_of(index.path)].head.indexes.push_back(&index);
  ModelDiff diff;
  for (auto& [directory, in] : models) {
    for (auto* side : {&in.base, &in.head}) {
      std::sort(side->files.begin(), side->files.end(), [](const auto* a, const auto* b) { return a->path < b->path; });
    }
    diff.models.push_back(diff_model(directory, in));
  }
  return diff;
}

}  // namespace hub::pulls
