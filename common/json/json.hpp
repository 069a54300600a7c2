#pragma once
// JSON in and out. Parsing is iterative (deep nesting cannot exhaust the stack), bounded in size and
// depth, and validates UTF-8; getters return Result so a wrong type is a clear 400, not a crash.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "common/json/rapidjson.hpp"
#include "common/util/result.hpp"

namespace hub::json {

using Document = rapidjson::Document;
using Value = rapidjson::Value;

struct ParseLimits {
  std::size_t max_bytes = 1 << 20;
  std::size_t max_depth = 128;
};

Result<Document> parse(std::string_view text, ParseLimits limits = {});
// parse() that requires an object at the top level.
Result<Document> parse_object(std::string_view text, ParseLimits limits = {});

// Typed getters on an object. A missing key is a failure for the required forms and nullopt for
// the optional ones; a present key of the wrong type is always a failure.
Result<std::string_view> get_string(const Value& object, std::string_view key);
Result<std::optional<std::string_view>> get_optional_string(const Value& object, std::string_view key);
Result<std::int64_t> get_int(const Value& object, std::string_view key);
Result<std::optional<std::int64_t>> get_optional_int(const Value& object, std::string_view key);
Result<bool> get_bool(const Value& object, std::string_view key);
Result<std::optional<bool>> get_optional_bool(const Value& object, std::string_view key);
Result<const Value*> get_object(const Value& object, std::string_view key);
Result<const Value*> get_array(const Value& object, std::string_view key);
// nullptr when the key is absent or null.
const Value* find(const Value& object, std::string_view key);

// A JSON string literal, quotes included.
std::string quote(std::string_view text);
// {"error": message}
std::string error_body(std::string_view message);

// A small fluent writer over RapidJSON's: w.begin_object().field("a", 1).end_object().str().
class Writer {
 public:
  Writer() : writer_(buffer_) {}
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  Writer& begin_object() {
    writer_.StartObject();
    return *this;
  }
  Writer& end_object() {
    writer_.EndObject();
    return *this;
  }
  Writer& begin_array() {
    writer_.StartArray();
    return *this;
  }
  Writer& end_array() {
    writer_.EndArray();
    return *this;
  }
  Writer& key(std::string_view k) {
    writer_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
    return *this;
  }
  Writer& null() {
    writer_.Null();
    return *this;
  }
  // Copies an already-parsed value.
  Writer& raw_value(const Value& v) {
    v.Accept(writer_);
    return *this;
  }

  template <class T>
  Writer& value(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      writer_.Bool(v);
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      writer_.Int64(static_cast<std::int64_t>(v));
    } else if constexpr (std::is_integral_v<T>) {
      writer_.Uint64(static_cast<std::uint64_t>(v));
    } else if constexpr (std::is_floating_point_v<T>) {
      writer_.Double(static_cast<double>(v));
    } else if constexpr (std::is_same_v<T, std::nullptr_t>) {
      writer_.Null();
    } else {
      std::string_view s(v);
      writer_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    }
    return *this;
  }
  template <class T>
  Writer& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }
  template <class T>
  Writer& field(std::string_view k, const std::optional<T>& v) {
    key(k);
    if (v) return value(*v);
    return null();
  }

  std::string str() const { return std::string(buffer_.GetString(), buffer_.GetSize()); }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

}  // namespace hub::json
