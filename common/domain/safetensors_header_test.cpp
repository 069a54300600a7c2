#include "common/domain/safetensors_header.hpp"

#include <gtest/gtest.h>

namespace hub::domain {
namespace {

std::string length_prefix(std::uint64_t n) {
  std::string out;
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  return out;
}

std::string file_with(const std::string& header, const std::string& data) {
  return length_prefix(header.size()) + header + data;
}

// The error parsing `file` gives, or "" when it parses.
std::string error_of(const std::string& file) {
  auto r = parse_safetensors_header(file, file.size());
  return r ? "" : r.error();
}

std::string one_tensor(const std::string& entry, std::size_t data = 16) {
  return error_of(file_with(R"({"t":)" + entry + "}", std::string(data, 'x')));
}

TEST(SafetensorsHeader, ReadsEachTensorInDataOrder) {
  const std::string header =
      R"({"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]},)"
      R"("a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"s":{"dtype":"I64","shape":[],"data_offsets":[12,20]}})";
  const std::string file = file_with(header, std::string(20, 'x'));
  auto r = parse_safetensors_header(file, file.size());
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->header_length, header.size());
  EXPECT_EQ(r->data_size, 20U);
  ASSERT_EQ(r->tensors.size(), 3U);
  EXPECT_EQ(r->tensors[0].name, "a");
  EXPECT_EQ(r->tensors[0].dtype, "F16");
  EXPECT_EQ(r->tensors[0].shape, (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(r->tensors[1].name, "b");
  EXPECT_EQ(r->tensors[1].begin, 4U);
  EXPECT_EQ(r->tensors[1].end, 12U);
  EXPECT_TRUE(r->tensors[2].shape.empty()) << "a scalar";
}

TEST(SafetensorsHeader, OnlyTheHeaderNeedBeGiven) {
  const std::string header = R"({"a":{"dtype":"U8","shape":[1000],"data_offsets":[0,1000]}})";
  const std::string head = file_with(header, "");
  auto r = parse_safetensors_header(head, head.size() + 1000);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->tensors[0].end, 1000U);
  EXPECT_NE(error_of(head).find("reach past the data section, which holds 0 bytes"), std::string::npos);
}

TEST(SafetensorsHeader, EachMalformedLengthSaysWhy) {
  EXPECT_EQ(error_of("abc"), "the file is 3 bytes, shorter than the 8-byte header length");
  EXPECT_EQ(error_of(length_prefix(0) + "{}"), "the header length is 0");
  EXPECT_EQ(error_of(length_prefix((100ULL << 20) + 1) + "{}"),
            "the header length 104857601 is over the limit of 104857600 bytes (100 MiB)");
  EXPECT_EQ(error_of(length_prefix(100) + "{}"), "the header length 100 is longer than the 2 bytes that follow it");
  // The length is read whole: a file of 8 bytes has room for no header.
  EXPECT_EQ(error_of(length_prefix(1)), "the header length 1 is longer than the 0 bytes that follow it");
  // Given fewer bytes than the header needs.
  auto r = parse_safetensors_header(file_with("{}", "").substr(0, 9), 1000);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "only 9 bytes were given of a header that ends at byte 10");
}

TEST(SafetensorsHeader, BadJsonSaysWhy) {
  EXPECT_EQ(error_of(file_with("{not json}", "")).rfind("the header is not JSON: invalid JSON", 0), 0U);
  EXPECT_EQ(error_of(file_with("[1, 2]", "")), "the header is not a JSON object");
  EXPECT_EQ(error_of(file_with(R"({"__metadata__":"x"})", "")), "__metadata__ is not an object");
  EXPECT_EQ(error_of(file_with("{\"a\":\"\xff\"}", "")).rfind("the header is not JSON", 0), 0U) << "not UTF-8";
  EXPECT_TRUE(error_of(file_with("{}    ", "")).empty()) << "padding spaces are allowed; no tensors is allowed";
}

TEST(SafetensorsHeader, EachMalformedEntrySaysWhy) {
  EXPECT_EQ(one_tensor("[]"), R"(tensor "t": the entry is not an object)");
  EXPECT_EQ(one_tensor(R"({"shape":[4],"data_offsets":[0,16]})"), R"(tensor "t": no dtype)");
  EXPECT_EQ(one_tensor(R"({"dtype":"F32","data_offsets":[0,16]})"), R"(tensor "t": no shape)");
  EXPECT_EQ(one_tensor(R"({"dtype":"F32","shape":[4]})"), R"(tensor "t": no data_offsets)");
  EXPECT_EQ(one_tensor(R"({"dtype":32,"shape":[4],"data_offsets":[0,16]})"),
            R"(tensor "t": dtype is not a non-empty string)");
  EXPECT_EQ(one_tensor(R"({"dtype":"F32","shape":"4","data_offsets":[0,16]})"), R"(tensor "t": shape is not an array)");
  EXPECT_EQ(one_tensor(R"({"dtype":"F32","shape":[-4],"data_offsets":[0,16]})"),
            R"(tensor "t": shape holds something other than non-negative integers)");
  EXPECT_EQ(one_tensor(R"({"dtype":"F32","shape":[4],"data_offsets":[0]})"),
            R"(tensor "t": data_offsets is not [begin, end] of non-negative integers)");
  EXPECT_EQ(one_tensor(R"({"dtype":"F32","shape":[4],"data_offsets":[0,1.5]})"),
            R"(tensor "t": data_offsets is not [begin, end] of non-negative integers)");
}

TEST(SafetensorsHeader, OffsetsOutOfRangeOrBackwardsAreRefused) {
  EXPECT_EQ(one_tensor(R"({"dtype":"F32","shape":[4],"data_offsets":[16,0]})"),
            R"(tensor "t": data_offsets begin 16 is after its end 0)");
  EXPECT_EQ(one_tensor(R"({"dtype":"F32","shape":[8],"data_offsets":[0,32]})"),
            R"(tensor "t": data_offsets [0, 32) reach past the data section, which holds 16 bytes)");
  EXPECT_EQ(one_tensor(R"({"dtype":"F32","shape":[4],"data_offsets":[0,18446744073709551615]})"),
            R"(tensor "t": data_offsets [0, 18446744073709551615) reach past the data section, which holds 16 bytes)");
}

TEST(SafetensorsHeader, OverlappingTensorsAreRefused) {
  const std::string header =
      R"({"a":{"dtype":"U8","shape":[8],"data_offsets":[0,8]},"b":{"dtype":"U8","shape":[8],"data_offsets":[4,12]}})";
  EXPECT_EQ(error_of(file_with(header, std::string(12, 'x'))), R"(tensors "a" [0, 8) and "b" [4, 12) overlap)");
  // One inside another, after a third that ends early.
  const std::string nested =
      R"({"a":{"dtype":"U8","shape":[10],"data_offsets":[0,10]},"c":{"dtype":"U8","shape":[1],"data_offsets":[3,4]},)"
      R"("b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}})";
  EXPECT_EQ(error_of(file_with(nested, std::string(10, 'x'))), R"(tensors "a" [0, 10) and "b" [1, 3) overlap)");
  // Empty tensors hold no bytes; gaps are allowed.
  const std::string fine =
      R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"e":{"dtype":"F32","shape":[0,3],"data_offsets":[2,2]},)"
      R"("b":{"dtype":"U8","shape":[4],"data_offsets":[8,12]}})";
  EXPECT_EQ(error_of(file_with(fine, std::string(12, 'x'))), "");
}

TEST(SafetensorsHeader, AKnownDtypeMustFillItsBytesExactly) {
  EXPECT_EQ(one_tensor(R"({"dtype":"F32","shape":[2,2],"data_offsets":[0,12]})"),
            R"(tensor "t": F32 [2,2] takes 16 bytes but data_offsets [0, 12) hold 12)");
  EXPECT_EQ(one_tensor(R"({"dtype":"BF16","shape":[4],"data_offsets":[0,8]})"), "");
  EXPECT_EQ(one_tensor(R"({"dtype":"F8_E4M3","shape":[4,4],"data_offsets":[0,16]})"), "");
  EXPECT_EQ(one_tensor(R"({"dtype":"F4","shape":[4],"data_offsets":[0,2]})"), "");
  EXPECT_EQ(one_tensor(R"({"dtype":"F4","shape":[3],"data_offsets":[0,2]})"),
            R"(tensor "t": F4 [3] is 12 bits, not a whole number of bytes)");
  EXPECT_EQ(one_tensor(R"({"dtype":"F64","shape":[2147483648,2147483648],"data_offsets":[0,16]})"),
            R"(tensor "t": its F64 shape [2147483648,2147483648] is too large to store)");
  EXPECT_EQ(one_tensor(R"({"dtype":"U8","shape":[4294967296,4294967296,2],"data_offsets":[0,16]})"),
            R"(tensor "t": its shape holds 2^64 elements or more)");
  // A dtype the format does not define (yet) is taken as it is.
  EXPECT_EQ(one_tensor(R"({"dtype":"Q4_K","shape":[99],"data_offsets":[0,16]})"), "");
}

TEST(SafetensorsHeader, ANameTwiceIsRefused) {
  const std::string header =
      R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"a":{"dtype":"U8","shape":[4],"data_offsets":[4,8]}})";
  EXPECT_EQ(error_of(file_with(header, std::string(8, 'x'))), R"(tensor "a" is named twice)");
}

TEST(SafetensorsHeader, LongNamesAreCutInMessages) {
  const std::string name(5000, 'n');
  const std::string error = error_of(file_with(R"({")" + name + R"(":[]})", ""));
  EXPECT_LT(error.size(), 200U);
  EXPECT_NE(error.find("…"), std::string::npos);
}

TEST(SafetensorsHeader, DtypeSizesFollowTheFormat) {
  EXPECT_EQ(safetensors_dtype_bits("F64"), 64U);
  EXPECT_EQ(safetensors_dtype_bits("BOOL"), 8U);
  EXPECT_EQ(safetensors_dtype_bits("F6_E2M3"), 6U);
  EXPECT_FALSE(safetensors_dtype_bits("f32")) << "names are case-sensitive";
  EXPECT_EQ(element_count({}), 1U);
  EXPECT_EQ(element_count({3, 0}), 0U);
  EXPECT_EQ(shape_json({2, 3}), "[2,3]");
}

}  // namespace
}  // namespace hub::domain
