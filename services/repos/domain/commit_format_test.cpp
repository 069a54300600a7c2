#include "services/repos/domain/commit_format.hpp"

#include <gtest/gtest.h>

#include "common/error/api_error.hpp"
#include "common/util/base64.hpp"
#include "services/repos/domain/lfs_batch_request.hpp"
#include "services/repos/domain/lfs_pointer.hpp"

namespace hub::repos {
namespace {

const std::string kOid(64, 'a');

std::string file_line(const std::string& path, const std::string& bytes) {
  return R"({"key":"file","value":{"path":")" + path + R"(","content":")" + util::base64_encode(bytes) +
         R"(","encoding":"base64"}})";
}

TEST(CommitFormat, ReadsEachOperation) {
  auto h = parse_commit_line(R"({"key":"header","value":{"summary":"s","description":"d","parentCommit":"p"}})");
  ASSERT_TRUE(std::holds_alternative<CommitHeader>(h));
  EXPECT_EQ(std::get<CommitHeader>(h).parent, "p");
  auto f = parse_commit_line(file_line("a/b.txt", "hello"));
  ASSERT_TRUE(std::holds_alternative<CommitFile>(f));
  EXPECT_EQ(std::get<CommitFile>(f).bytes, "hello");
  auto l = parse_commit_line(R"({"key":"lfsFile","value":{"path":"w.bin","oid":")" + kOid + R"(","size":3}})");
  ASSERT_TRUE(std::holds_alternative<CommitLfsFile>(l));
  EXPECT_EQ(std::get<CommitLfsFile>(l).size, 3U);
  auto d = parse_commit_line(R"({"key":"deletedFolder","value":{"path":"old"}})");
  ASSERT_TRUE(std::holds_alternative<CommitDeletion>(d));
  EXPECT_TRUE(std::get<CommitDeletion>(d).folder);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(parse_commit_line("   ")));
}

// A regular file whose bytes are a pointer names the object as an lfsFile does: the commit then
// holds it to the same proof of possession.
TEST(CommitFormat, AFileWhoseTextIsAPointerIsAnLfsFile) {
  for (
      const auto& encoded :
      {file_line("x.bin", lfs_pointer_text(kOid, 42)),
       R"({"key":"file","value":{"path":"x.bin","encoding":"utf-8","content":"version https://git-lfs.github.com/spec/v1\noid sha256:)" +
           kOid + R"(\nsize 42\n"}})"}) {
    auto op = parse_commit_line(encoded);
    ASSERT_TRUE(std::holds_alternative<CommitLfsFile>(op)) << encoded;
    EXPECT_EQ(std::get<CommitLfsFile>(op).oid, kOid);
    EXPECT_EQ(std::get<CommitLfsFile>(op).size, 42U);
  }
}

TEST(CommitFormat, RefusesWhatTheFormatDoesNotAllow) {
  for (const std::string& line :
       {std::string("not json"), std::string(R"({"key":"rename","value":{"path":"a"}})"), file_line("../x", "y"),
        file_line(".git/config", "y"), std::string(R"({"key":"file","value":{"path":"a","content":"!!"}})"),
        std::string(R"({"key":"lfsFile","value":{"path":"a","oid":"XYZ"}})"),
        std::string(R"({"key":"lfsFile","value":{"path":"a","oid":")") + kOid + R"(","size":-1}})",
        std::string(R"({"key":"header","value":{"summary":")") + std::string(1001, 's') + "\"}}",
        std::string(R"({"key":"file","value":{"path":"a\u0000b","content":""}})")}) {
    try {
      parse_commit_line(line);
      ADD_FAILURE() << "accepted: " << line.substr(0, 80);
    } catch (const ApiError& e) {
      EXPECT_EQ(e.status(), 400) << line.substr(0, 80);
    }
  }
}

TEST(LfsBatchRequest, ReadsAndLimits) {
  auto r = parse_lfs_batch_request(R"({"operation":"upload","objects":[{"oid":")" + kOid + R"(","size":1}]})");
  EXPECT_TRUE(r.upload);
  ASSERT_EQ(r.objects.size(), 1U);
  EXPECT_THROW(parse_lfs_batch_request(R"({"operation":"steal","objects":[]})"), ApiError);
  try {
    parse_lfs_batch_request(R"({"operation":"download","hash_algo":"md5","objects":[]})");
    ADD_FAILURE();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 422);
  }
  std::string many = R"({"operation":"download","objects":[)";
  for (int i = 0; i < 1001; ++i)
    many += std::string(i ? "," : "") + R"({"oid":"x","size":1})";
  try {
    parse_lfs_batch_request(many + "]}");
    ADD_FAILURE();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 413);
  }
}

TEST(LfsPointer, ParsesOnlyWellFormedPointers) {
  auto p = parse_lfs_pointer(lfs_pointer_text(kOid, 7));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->size, 7U);
  EXPECT_FALSE(parse_lfs_pointer("version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 1\n"));
  EXPECT_FALSE(parse_lfs_pointer("version https://git-lfs.github.com/spec/v1\noid sha256:" + kOid + "\n"));
  EXPECT_FALSE(parse_lfs_pointer(lfs_pointer_text(kOid, 7) + std::string(2000, ' ')));
}

}  // namespace
}  // namespace hub::repos
