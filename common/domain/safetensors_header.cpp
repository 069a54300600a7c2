#include "common/domain/safetensors_header.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "common/json/json.hpp"
#include "common/util/utf8.hpp"

namespace hub::domain {
namespace {

// Tensor names come from the file: an error message quotes at most this much of one, so a
// pathological name cannot make the message (stored, shown on a page) as large as the header.
constexpr std::size_t kQuotedNameMax = 120;

std::string quoted(std::string_view name) {
  if (name.size() <= kQuotedNameMax) return json::quote(name);
  std::size_t cut = 0;
  while (cut < name.size()) {
    const std::size_t n = util::utf8_sequence_length(name, cut);
    if (n == 0 || cut + n > kQuotedNameMax) break;
    cut += n;
  }
  return json::quote(std::string(name.substr(0, cut)) + "…");
}

std::string tensor_error(std::string_view name, std::string_view what) {
  return "tensor " + quoted(name) + ": " + std::string(what);
}

std::string range_text(std::uint64_t begin, std::uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + ")";
}

// One tensor entry of the header, checked on its own (overlaps are checked once all are read).
Result<SafetensorsTensor> read_entry(std::string_view name, const json::Value& entry, std::uint64_t data_size) {
  if (!entry.IsObject()) return fail(tensor_error(name, "the entry is not an object"));
  const json::Value* dtype = json::find(entry, "dtype");
  const json::Value* shape = json::find(entry, "shape");
  const json::Value* offsets = json::find(entry, "data_offsets");
  if (dtype == nullptr) return fail(tensor_error(name, "no dtype"));
  if (shape == nullptr) return fail(tensor_error(name, "no shape"));
  if (offsets == nullptr) return fail(tensor_error(name, "no data_offsets"));
  if (!dtype->IsString() || dtype->GetStringLength() == 0)
    return fail(tensor_error(name, "dtype is not a non-empty string"));
  if (!shape->IsArray()) return fail(tensor_error(name, "shape is not an array"));
  SafetensorsTensor t;
  t.name = std::string(name);
  t.dtype = std::string(dtype->GetString(), dtype->GetStringLength());
  for (const auto& d : shape->GetArray()) {
    if (!d.IsUint64()) return fail(tensor_error(name, "shape holds something other than non-negative integers"));
    t.shape.push_back(d.GetUint64());
  }
  if (!offsets->IsArray() || offsets->Size() != 2 || !(*offsets)[0].IsUint64() || !(*offsets)[1].IsUint64()) {
    return fail(tensor_error(name, "data_offsets is not [begin, end] of non-negative integers"));
  }
  t.begin = (*offsets)[0].GetUint64();
  t.end = (*offsets)[1].GetUint64();
  if (t.begin > t.end) {
    return fail(tensor_error(
        name, "data_offsets begin " + std::to_string(t.begin) + " is after its end " + std::to_string(t.end)));
  }
  if (t.end > data_size) {
    return fail(tensor_error(name, "data_offsets " + range_text(t.begin, t.end) +
                                       " reach past the data section, which holds " + std::to_string(data_size) +
                                       " bytes"));
  }
  const auto elements = element_count(t.shape);
  if (!elements) return fail(tensor_error(name, "its shape holds 2^64 elements or more"));
  if (const auto bits = safetensors_dtype_bits(t.dtype)) {
    std::uint64_t total_bits = 0;
    if (__builtin_mul_overflow(*elements, static_cast<std::uint64_t>(*bits), &total_bits)) {
      return fail(tensor_error(name, "its " + t.dtype + " shape " + shape_json(t.shape) + " is too large to store"));
    }
    if (total_bits % 8 != 0) {
      return fail(tensor_error(name, t.dtype + " " + shape_json(t.shape) + " is " + std::to_string(total_bits) +
                                         " bits, not a whole number of bytes"));
    }
    if (total_bits / 8 != t.end - t.begin) {
      return fail(tensor_error(name, t.dtype + " " + shape_json(t.shape) + " takes " + std::to_string(total_bits / 8) +
                                         " bytes but data_offsets " + range_text(t.begin, t.end) + " hold " +
                                         std::to_string(t.end - t.begin)));
    }
  }
  return t;
}

}  // namespace

std::optional<unsigned> safetensors_dtype_bits(std::string_view dtype) {
  static constexpr std::array<std::pair<std::string_view, unsigned>, 22> kBits = {{
      {"BOOL", 8},        {"U8", 8},          {"I8", 8},      {"F8_E5M2", 8}, {"F8_E4M3", 8}, {"F8_E8M0", 8},
      {"F8_E4M3FNUZ", 8}, {"F8_E5M2FNUZ", 8}, {"I16", 16},    {"U16", 16},    {"F16", 16},    {"BF16", 16},
      {"I32", 32},        {"U32", 32},        {"F32", 32},    {"I64", 64},    {"U64", 64},    {"F64", 64},
      {"C64", 64},        {"F4", 4},          {"F6_E2M3", 6}, {"F6_E3M2", 6},
  }};
  for (const auto& [name, bits] : kBits) {
    if (name == dtype) return bits;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> element_count(const std::vector<std::uint64_t>& shape) {
  std::uint64_t n = 1;
  for (const std::uint64_t d : shape) {
    if (__builtin_mul_overflow(n, d, &n)) return std::nullopt;
  }
  return n;
}

std::string shape_json(const std::vector<std::uint64_t>& shape) {
  json::Writer w;
  w.begin_array();
  for (const std::uint64_t d : shape)
    w.value(d);
  w.end_array();
  return w.str();
}

Result<std::uint64_t> safetensors_header_length(std::string_view prefix, std::uint64_t file_size) {
  if (file_size < kSafetensorsPrefix) {
    return fail("the file is " + std::to_string(file_size) + " bytes, shorter than the 8-byte header length");
  }
  if (prefix.size() < kSafetensorsPrefix) return fail("the 8-byte header length was not given");
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i)
    n = (n << 8) | static_cast<unsigned char>(prefix[static_cast<std::size_t>(i)]);
  if (n == 0) return fail("the header length is 0");
  if (n > kMaxSafetensorsHeader) {
    return fail("the header length " + std::to_string(n) + " is over the limit of " +
                std::to_string(kMaxSafetensorsHeader) + " bytes (100 MiB)");
  }
  if (n > file_size - kSafetensorsPrefix) {
    return fail("the header length " + std::to_string(n) + " is longer than the " +
                std::to_string(file_size - kSafetensorsPrefix) + " bytes that follow it");
  }
  return n;
}

Result<std::vector<SafetensorsTensor>> parse_safetensors_tensors(std::string_view header_json,
                                                                 std::uint64_t data_size) {
  auto doc = json::parse(header_json, json::ParseLimits{.max_bytes = kMaxSafetensorsHeader});
  if (!doc) return fail("the header is not JSON: " + doc.error());
  if (!doc.value().IsObject()) return fail("the header is not a JSON object");
  std::vector<SafetensorsTensor> tensors;
  for (const auto& [key, value] : doc.value().GetObject()) {
    const std::string_view name(key.GetString(), key.GetStringLength());
    if (name == "__metadata__") {
      if (!value.IsObject()) return fail("__metadata__ is not an object");
      continue;
    }
    auto t = read_entry(name, value, data_size);
    if (!t) return Failure{t.error()};
    tensors.push_back(std::move(t).value());
  }
  std::sort(tensors.begin(), tensors.end(), [](const SafetensorsTensor& a, const SafetensorsTensor& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.name < b.name;
  });
  // Sorted by begin, a tensor overlaps another exactly when it starts before the furthest end seen so
  // far. Empty tensors (a 0 in the shape) hold no bytes and overlap nothing.
  const SafetensorsTensor* furthest = nullptr;
  for (const auto& t : tensors) {
    if (t.begin == t.end) continue;
    if (furthest != nullptr && t.begin < furthest->end) {
      return fail("tensors " + quoted(furthest->name) + " " + range_text(furthest->begin, furthest->end) + " and " +
                  quoted(t.name) + " " + range_text(t.begin, t.end) + " overlap");
    }
    if (furthest == nullptr || t.end > furthest->end) furthest = &t;
  }
  // A name twice (JSON allows it; a tensor file cannot mean it) would make the file's tensors
  // ambiguous to every reader.
  std::vector<const SafetensorsTensor*> by_name;
  by_name.reserve(tensors.size());
  for (const auto& t : tensors)
    by_name.push_back(&t);
  std::sort(by_name.begin(), by_name.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
  for (std::size_t i = 1; i < by_name.size(); ++i) {
    if (by_name[i]->name == by_name[i - 1]->name) return fail("tensor " + quoted(by_name[i]->name) + " is named twice");
  }
  return tensors;
}

Result<SafetensorsHeader> parse_safetensors_header(std::string_view head, std::uint64_t file_size) {
  auto length = safetensors_header_length(head, file_size);
  if (!length) return Failure{length.error()};
  SafetensorsHeader header;
  header.header_length = length.value();
  header.data_size = file_size - kSafetensorsPrefix - header.header_length;
  if (head.size() < kSafetensorsPrefix + header.header_length) {
    return fail("only " + std::to_string(head.size()) + " bytes were given of a header that ends at byte " +
                std::to_string(kSafetensorsPrefix + header.header_length));
  }
  auto tensors = parse_safetensors_tensors(
      head.substr(kSafetensorsPrefix, static_cast<std::size_t>(header.header_length)), header.data_size);
  if (!tensors) return Failure{tensors.error()};
  header.tensors = std::move(tensors).value();
  return header;
}

}  // namespace hub::domain
