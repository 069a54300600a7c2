#include "common/json/json.hpp"

#include <cmath>
#include <cstring>

#include "common/util/utf8.hpp"

namespace hub::json {
namespace {

// Forwards SAX events to the document and refuses, with the reason why:
// - to go deeper than the limit, so no later recursive walk over the value (writing it out,
//   comparing it) can be driven arbitrarily deep;
// - a string or key holding NUL (\u0000): the C strings and SQL parameters it ends up in would cut
//   it there, so `"victim\u0000junk"` would become `victim` behind every check;
// - a string that is not UTF-8 once unescaped: RapidJSON 1.1.0 checks the bytes it reads, but an
//   escaped lone low surrogate (\udd17) comes out encoded, which is not UTF-8 (found by fuzzing);
// - a number too large for a double (1e400), which RapidJSON reads as infinity and no JSON can
//   write back (found by fuzzing).
template <class Handler>
class InputGuard {
 public:
  InputGuard(Handler& inner, std::size_t max_depth) : inner_(inner), max_depth_(max_depth) {}

  bool Null() { return inner_.Null(); }
  bool Bool(bool b) { return inner_.Bool(b); }
  bool Int(int i) { return inner_.Int(i); }
  bool Uint(unsigned u) { return inner_.Uint(u); }
  bool Int64(std::int64_t i) { return inner_.Int64(i); }
  bool Uint64(std::uint64_t u) { return inner_.Uint64(u); }
  bool Double(double d) {
    if (std::isfinite(d)) return inner_.Double(d);
    return refuse("invalid JSON: a number is too large");
  }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) { return inner_.RawNumber(s, n, copy); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return text_ok(s, n) && inner_.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return text_ok(s, n) && inner_.Key(s, n, copy); }
  bool StartObject() { return enter() && inner_.StartObject(); }
  bool EndObject(rapidjson::SizeType n) {
    --depth_;
    return inner_.EndObject(n);
  }
  bool StartArray() { return enter() && inner_.StartArray(); }
  bool EndArray(rapidjson::SizeType n) {
    --depth_;
    return inner_.EndArray(n);
  }

  // Empty unless the guard stopped the parse.
  const std::string& refusal() const { return refusal_; }

 private:
  bool refuse(std::string why) {
    refusal_ = std::move(why);
    return false;
  }
  bool enter() {
    if (++depth_ > max_depth_) return refuse("JSON nesting exceeds " + std::to_string(max_depth_) + " levels");
    return true;
  }
  bool text_ok(const char* s, rapidjson::SizeType n) {
    if (std::memchr(s, '\0', n) != nullptr) {
      return refuse("invalid JSON: a string holds a NUL character (\\u0000), which no field accepts");
    }
    if (!util::valid_utf8(std::string_view(s, n))) {
      return refuse("invalid JSON: a string is not valid UTF-8 (an unpaired surrogate escape)");
    }
    return true;
  }

  Handler& inner_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
  std::string refusal_;
};

constexpr unsigned kParseFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;

std::string describe(rapidjson::ParseErrorCode code, std::size_t offset) {
  return std::string("invalid JSON: ") + rapidjson::GetParseError_En(code) + " at offset " + std::to_string(offset);
}

Failure wrong_type(std::string_view key, const char* expected) {
  return fail("field '" + std::string(key) + "' must be " + expected);
}

Failure missing(std::string_view key) {
  return fail("field '" + std::string(key) + "' is required");
}

}  // namespace

Result<Document> parse(std::string_view text, ParseLimits limits) {
  if (text.size() > limits.max_bytes) {
    return fail("JSON body exceeds " + std::to_string(limits.max_bytes) + " bytes");
  }
  Document doc;
  std::string refusal;
  rapidjson::ParseResult result;
  auto generator = [&](Document& handler) {
    rapidjson::MemoryStream memory(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(memory);
    InputGuard<Document> guard(handler, limits.max_depth);
    rapidjson::Reader reader;
    result = reader.Parse<kParseFlags>(input, guard);
    refusal = guard.refusal();
    return !result.IsError();
  };
  doc.Populate(generator);
  if (!refusal.empty()) return fail(refusal);
  if (result.IsError()) return fail(describe(result.Code(), result.Offset()));
  return doc;
}

Result<Document> parse_object(std::string_view text, ParseLimits limits) {
  auto doc = parse(text, limits);
  if (!doc) return doc;
  if (!doc.value().IsObject()) return fail("JSON body must be an object");
  return doc;
}

const Value* find(const Value& object, std::string_view key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(Value(rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
  if (it == object.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

Result<std::optional<std::string_view>> get_optional_string(const Value& object, std::string_view key) {
  const Value* v = find(object, key);
  if (v == nullptr) return std::optional<std::string_view>{};
  if (!v->IsString()) return wrong_type(key, "a string");
  return std::optional<std::string_view>(std::string_view(v->GetString(), v->GetStringLength()));
}

Result<std::string_view> get_string(const Value& object, std::string_view key) {
  auto v = get_optional_string(object, key);
  if (!v) return Failure{v.error()};
  if (!v.value()) return missing(key);
  return *v.value();
}

Result<std::optional<std::int64_t>> get_optional_int(const Value& object, std::string_view key) {
  const Value* v = find(object, key);
  if (v == nullptr) return std::optional<std::int64_t>{};
  if (!v->IsInt64()) return wrong_type(key, "an integer");
  return std::optional<std::int64_t>(v->GetInt64());
}

Result<std::int64_t> get_int(const Value& object, std::string_view key) {
  auto v = get_optional_int(object, key);
  if (!v) return Failure{v.error()};
  if (!v.value()) return missing(key);
  return *v.value();
}

Result<std::optional<bool>> get_optional_bool(const Value& object, std::string_view key) {
  const Value* v = find(object, key);
  if (v == nullptr) return std::optional<bool>{};
  if (!v->IsBool()) return wrong_type(key, "true or false");
  return std::optional<bool>(v->GetBool());
}

Result<bool> get_bool(const Value& object, std::string_view key) {
  auto v = get_optional_bool(object, key);
  if (!v) return Failure{v.error()};
  if (!v.value()) return missing(key);
  return *v.value();
}

Result<const Value*> get_object(const Value& object, std::string_view key) {
  const Value* v = find(object, key);
  if (v == nullptr) return missing(key);
  if (!v->IsObject()) return wrong_type(key, "an object");
  return v;
}

Result<const Value*> get_array(const Value& object, std::string_view key) {
  const Value* v = find(object, key);
  if (v == nullptr) return missing(key);
  if (!v->IsArray()) return wrong_type(key, "an array");
  return v;
}

std::string quote(std::string_view text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string error_body(std::string_view message) {
  return "{\"error\":" + quote(message) + "}";
}

}  // namespace hub::json
