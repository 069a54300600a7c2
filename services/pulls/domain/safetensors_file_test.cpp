#include "services/pulls/domain/safetensors_file.hpp"

#include <gtest/gtest.h>

#include "common/crypto/sha256.hpp"

namespace hub::pulls {
namespace {

// A file kept in git, read whole, gives what the LFS path gives: its tensors with their hashes.
std::string safetensors_bytes(const std::string& header, const std::string& data) {
  std::string out;
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xff));
  return out + header + data;
}

TEST(SafetensorsFile, HashesEachTensorOfAFileInGit) {
  const std::string bytes = safetensors_bytes(
      R"({"b":{"dtype":"U8","shape":[2],"data_offsets":[2,4]},"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}})",
      "AABB");
  const SafetensorsFile f = read_safetensors_file("small.safetensors", bytes);
  ASSERT_FALSE(f.error) << *f.error;
  ASSERT_EQ(f.tensors.size(), 2U);
  EXPECT_EQ(f.path, "small.safetensors");
  EXPECT_EQ(f.tensors[0].name, "a");
  EXPECT_EQ(f.tensors[0].dtype, "U8");
  EXPECT_EQ(f.tensors[0].shape, (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(f.tensors[0].sha256, crypto::sha256_hex("AA"));
  EXPECT_EQ(f.tensors[1].sha256, crypto::sha256_hex("BB"));
}

TEST(SafetensorsFile, AMalformedFileSaysWhy) {
  EXPECT_EQ(read_safetensors_file("x.safetensors", "tiny").error,
            "the file is 4 bytes, shorter than the 8-byte header length");
  const SafetensorsFile f = read_safetensors_file(
      "x.safetensors", safetensors_bytes(R"({"a":{"dtype":"U8","shape":[9],"data_offsets":[0,9]}})", "AB"));
  EXPECT_EQ(f.error, R"(tensor "a": data_offsets [0, 9) reach past the data section, which holds 2 bytes)");
  EXPECT_TRUE(f.tensors.empty());
}

}  // namespace
}  // namespace hub::pulls
