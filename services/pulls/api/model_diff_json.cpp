#include "services/pulls/api/model_diff_json.hpp"

#include "common/domain/safetensors_header.hpp"

namespace hub::pulls {
namespace {

void write_shape(json::Writer& w, const std::vector<std::uint64_t>& shape) {
  w.begin_array();
  for (const std::uint64_t d : shape)
    w.value(d);
  w.end_array();
}

void write_tensors(json::Writer& w, std::string_view key, const std::vector<TensorAt>& tensors) {
  w.key(key).begin_array();
  for (const auto& at : tensors) {
    w.begin_object().field("name", at.tensor.name).field("file", at.file).field("dtype", at.tensor.dtype);
    w.key("shape");
    write_shape(w, at.tensor.shape);
    w.key("parameters");
    if (const auto n = domain::element_count(at.tensor.shape)) {
      w.value(*n);
    } else {
      w.null();
    }
    w.field("sha256", at.tensor.sha256).end_object();
  }
  w.end_array();
}

// The JSON text a KeyChange carries, written as the value it is. It was written by our own writer,
// so it parses; a failure would be a bug, written as the text rather than lost.
void write_raw(json::Writer& w, const std::string& text) {
  auto doc = json::parse(text, json::ParseLimits{.max_bytes = text.size() + 1, .max_depth = 1024});
  if (doc) {
    w.raw_value(doc.value());
  } else {
    w.value(text);
  }
}

void write_model(json::Writer& w, const ModelChanges& m) {
  w.begin_object().field("directory", m.directory);
  w.key("files").begin_array();
  for (const auto& f : m.files)
    w.value(f);
  w.end_array().field("complete", m.complete);
  write_tensors(w, "added", m.added);
  write_tensors(w, "removed", m.removed);
  w.key("dtypeChanged").begin_array();
  for (const auto& c : m.dtype_changed)
    w.begin_object().field("name", c.name).field("before", c.before).field("after", c.after).end_object();
  w.end_array().key("shapeChanged").begin_array();
  for (const auto& c : m.shape_changed) {
    w.begin_object().field("name", c.name).key("before");
    write_shape(w, c.before);
    w.key("after");
    write_shape(w, c.after);
    w.end_object();
  }
  w.end_array().key("bytesChanged").begin_array();
  for (const auto& c : m.bytes_changed) {
    w.begin_object().field("name", c.name).field("file", c.file);
    w.field("beforeSha256", c.before_sha256).field("afterSha256", c.after_sha256).end_object();
  }
  w.end_array().key("moved").begin_array();
  for (const auto& c : m.moved)
    w.begin_object().field("name", c.name).field("fromFile", c.from_file).field("toFile", c.to_file).end_object();
  w.end_array().key("renamed").begin_array();
  for (const auto& c : m.renamed) {
    w.begin_object().field("from", c.from).field("to", c.to).field("fromFile", c.from_file);
    w.field("toFile", c.to_file).field("sha256", c.sha256).end_object();
  }
  w.end_array().key("parameterCount").begin_object();
  w.field("before", m.parameters.before).field("after", m.parameters.after).field("delta", m.parameters.delta);
  w.end_object().key("errors").begin_array();
  for (const auto& e : m.errors) {
    w.begin_object().field("path", e.path).field("side", e.side == Side::kBase ? "base" : "head");
    w.field("error", e.error).end_object();
  }
  w.end_array().key("problems").begin_array();
  for (const auto& p : m.problems)
    w.value(p);
  w.end_array().end_object();
}

}  // namespace

void write_model_diff(json::Writer& w, const ModelDiff& diff) {
  w.begin_object().key("models").begin_array();
  for (const auto& m : diff.models)
    write_model(w, m);
  w.end_array().end_object();
}

std::string model_diff_json(const ModelDiff& diff) {
  json::Writer w;
  write_model_diff(w, diff);
  return w.str();
}

void write_key_diff(json::Writer& w, const FileKeyDiff& diff) {
  w.begin_object().field("path", diff.path).key("changes").begin_array();
  for (const auto& c : diff.changes) {
    w.begin_object().field("path", c.path).field("kind", kind_name(c.kind));
    if (c.before) {
      w.key("old");
      write_raw(w, *c.before);
    }
    if (c.after) {
      w.key("new");
      write_raw(w, *c.after);
    }
    w.end_object();
  }
  w.end_array().key("errors").begin_array();
  for (const auto& e : diff.errors)
    w.value(e);
  w.end_array().end_object();
}

std::string key_diffs_json(const std::vector<FileKeyDiff>& diffs) {
  json::Writer w;
  w.begin_array();
  for (const auto& d : diffs)
    write_key_diff(w, d);
  w.end_array();
  return w.str();
}

}  // namespace hub::pulls
