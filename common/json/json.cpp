#include "common/json/json.hpp"

namespace hub::json {
namespace {

// Forwards SAX events to the document and refuses to go deeper than the limit, so no later
// recursive walk over the value (writing it out, comparing it) can be driven arbitrarily deep.
template <class Handler>
class DepthLimiter {
 public:
  DepthLimiter(Handler& inner, std::size_t max_depth) : inner_(inner), max_depth_(max_depth) {}

  bool Null() { return inner_.Null(); }
  bool Bool(bool b) { return inner_.Bool(b); }
  bool Int(int i) { return inner_.Int(i); }
  bool Uint(unsigned u) { return inner_.Uint(u); }
  bool Int64(std::int64_t i) { return inner_.Int64(i); }
  bool Uint64(std::uint64_t u) { return inner_.Uint64(u); }
  bool Double(double d) { return inner_.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) { return inner_.RawNumber(s, n, copy); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return inner_.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return inner_.Key(s, n, copy); }
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

  bool too_deep() const { return too_deep_; }

 private:
  bool enter() {
    if (++depth_ > max_depth_) {
      too_deep_ = true;
      return false;
    }
    return true;
  }

  Handler& inner_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
  bool too_deep_ = false;
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
  bool too_deep = false;
  rapidjson::ParseResult result;
  auto generator = [&](Document& handler) {
    rapidjson::MemoryStream memory(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(memory);
    DepthLimiter<Document> limiter(handler, limits.max_depth);
    rapidjson::Reader reader;
    result = reader.Parse<kParseFlags>(input, limiter);
    too_deep = limiter.too_deep();
    return !result.IsError();
  };
  doc.Populate(generator);
  if (too_deep) return fail("JSON nesting exceeds " + std::to_string(limits.max_depth) + " levels");
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
