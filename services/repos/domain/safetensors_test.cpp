#include "services/repos/domain/safetensors.hpp"

#include <gtest/gtest.h>

namespace hub::repos {
namespace {

std::string file_with(const std::string& header, const std::string& data) {
  std::string out;
  std::uint64_t n = header.size();
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  return out + header + data;
}

std::vector<TensorHash> hash_in_pieces(const std::string& file, std::size_t piece) {
  SafetensorsHasher h(file.size());
  for (std::size_t i = 0; i < file.size(); i += piece)
    h.update(std::string_view(file).substr(i, piece));
  return h.finish();
}

TEST(Safetensors, HashesEachTensorWhateverThePieceSize) {
  const std::string header = R"({"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]},)"
                             R"("a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}})";
  const std::string data = "AAAABBBBBBBB";
  const std::string file = file_with(header, data);
  for (std::size_t piece : {1, 3, 7, 64, 4096}) {
    auto t = hash_in_pieces(file, piece);
    ASSERT_EQ(t.size(), 2U) << piece;
    EXPECT_EQ(t[0].name, "a");
    EXPECT_EQ(t[0].dtype, "F16");
    EXPECT_EQ(t[0].shape_json, "[2]");
    EXPECT_EQ(t[0].sha256, crypto::sha256_hex("AAAA"));
    EXPECT_EQ(t[1].sha256, crypto::sha256_hex("BBBBBBBB"));
    EXPECT_EQ(t[1].begin, 4U);
  }
}

TEST(Safetensors, AnythingElseIsNotRecognised) {
  EXPECT_TRUE(hash_in_pieces("plain text, not a tensor file at all", 5).empty());
  EXPECT_TRUE(hash_in_pieces(file_with("{not json}", "xx"), 4).empty());
  // A range beyond the data, or a header longer than the file.
  EXPECT_TRUE(
      hash_in_pieces(file_with(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,99]}})", "xxxx"), 4).empty());
  std::string lying = file_with("{}", "");
  lying[0] = 100;
  EXPECT_TRUE(hash_in_pieces(lying, 4).empty());
  // A truncated file (fewer bytes than announced) gives nothing.
  SafetensorsHasher h(1000);
  h.update(file_with(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", "xxxx"));
  EXPECT_TRUE(h.finish().empty());
}

TEST(Safetensors, SaysWhyItRejectsAndWhetherTheContentAnnouncedSafetensors) {
  const std::string words = "plain text, not a tensor file at all";
  SafetensorsHasher text(words.size());
  text.update(words);
  TensorHeader plain = text.examine();
  EXPECT_FALSE(plain.safetensors);
  ASSERT_TRUE(plain.error);
  EXPECT_NE(plain.error->find("is over the limit"), std::string::npos) << *plain.error;

  const std::string overlapping = file_with(
      R"({"a":{"dtype":"U8","shape":[8],"data_offsets":[0,8]},"b":{"dtype":"U8","shape":[8],"data_offsets":[4,12]}})",
      std::string(12, 'x'));
  SafetensorsHasher h(overlapping.size());
  h.update(overlapping);
  EXPECT_FALSE(h.recognised()) << "nothing more to feed";
  TensorHeader bad = h.examine();
  EXPECT_TRUE(bad.safetensors);
  EXPECT_EQ(bad.error, R"(tensors "a" [0, 8) and "b" [4, 12) overlap)");
  EXPECT_TRUE(bad.tensors.empty());

  SafetensorsHasher tiny(3);
  EXPECT_EQ(tiny.examine().error, "the file is 3 bytes, shorter than the 8-byte header length");

  SafetensorsHasher cut(1000);
  cut.update(file_with(R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}})", "xxxx"));
  TensorHeader truncated = cut.examine();
  EXPECT_TRUE(truncated.safetensors);
  EXPECT_NE(truncated.error->find("the file ended after"), std::string::npos);
}

TEST(Safetensors, ASoundFileHasNoError) {
  const std::string file = file_with(R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}})", "xxxx");
  SafetensorsHasher h(file.size());
  h.update(file);
  TensorHeader ok = h.examine();
  EXPECT_TRUE(ok.safetensors);
  EXPECT_FALSE(ok.error);
  ASSERT_EQ(ok.tensors.size(), 1U);
  EXPECT_EQ(ok.tensors[0].shape_json, "[4]");
}

}  // namespace
}  // namespace hub::repos
