#pragma once
// The header of a safetensors file (https://github.com/huggingface/safetensors, "Format"): 8 bytes
// of little-endian header length N, N bytes of JSON naming each tensor's dtype, shape and byte range
// in the data section that follows, then the data. Pure: the caller hands over the bytes it has and
// the file's total size; nothing here reads a file. repos reads uploads through it as they stream in
// and pulls reads small safetensors files kept in git, so both call the same file malformed for the
// same reason.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

namespace hub::domain {

// The length prefix, in bytes.
inline constexpr std::uint64_t kSafetensorsPrefix = 8;
// At most this much header is read. The format says 100 MB; we allow 100 MiB, as repos always has.
inline constexpr std::uint64_t kMaxSafetensorsHeader = 100ULL << 20;

struct SafetensorsTensor {
  std::string name;
  std::string dtype;
  std::vector<std::uint64_t> shape;
  std::uint64_t begin = 0, end = 0;  // byte range within the data section
};

struct SafetensorsHeader {
  std::uint64_t header_length = 0;         // N: bytes of JSON after the prefix
  std::uint64_t data_size = 0;             // bytes after the header
  std::vector<SafetensorsTensor> tensors;  // by begin, then by name; __metadata__ is not a tensor
};

// N from the first 8 bytes of a file of `file_size` bytes: refused when the file is shorter than the
// prefix, when N is 0 or over kMaxSafetensorsHeader, or when the header would not fit in the file.
Result<std::uint64_t> safetensors_header_length(std::string_view prefix, std::uint64_t file_size);

// The tensors the JSON header names, checked against a data section of `data_size` bytes: each is
// an object with a string dtype, a shape of non-negative integers and data_offsets [begin, end]
// with begin <= end <= data_size; no two overlap; a known dtype's element size times the shape is
// exactly end - begin (an unknown dtype is taken as it is, its size unchecked). Gaps between
// tensors are allowed: they change nothing a reader of the tensors sees.
Result<std::vector<SafetensorsTensor>> parse_safetensors_tensors(std::string_view header_json, std::uint64_t data_size);

// Both steps over `head`, the first bytes of a file of `file_size` bytes (at least the prefix and
// the header; the whole file will do).
Result<SafetensorsHeader> parse_safetensors_header(std::string_view head, std::uint64_t file_size);

// Bits per element of a dtype the format defines (F4 is 4, F6_* are 6); nullopt for another name.
std::optional<unsigned> safetensors_dtype_bits(std::string_view dtype);

// The number of elements of a shape (1 for a scalar's []), nullopt from 2^64 on.
std::optional<std::uint64_t> element_count(const std::vector<std::uint64_t>& shape);

// [d0,d1,…] as JSON text, the form repos stores.
std::string shape_json(const std::vector<std::uint64_t>& shape);

}  // namespace hub::domain
