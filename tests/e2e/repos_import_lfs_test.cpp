// `hub-repos admin import-lfs` (what `./hub admin import-lfs` runs) on the stack's database and data:
// a sparse safetensors file (a real header, a data section mostly holes) goes into the LFS store
// still sparse, linked to the repo with its tensors hashed as an upload hashes them, so pulls reads
// them back (GET /internal/repos/{id}/lfs/{oid}/tensors) and a commit may name it; a missing file
// or an unknown repo is refused before anything is imported.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "common/crypto/sha256.hpp"
#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

using test::via_gateway;

struct AdminRun {
  int status;
  std::string output;
};

AdminRun import_lfs(const std::vector<std::string>& args) {
  test::TempDir dir;
  std::vector<std::string> all{"admin", "import-lfs"};
  all.insert(all.end(), args.begin(), args.end());
  test::Process p(test::program("hub-repos"), all,
                  {{"HUB_PG_URL", test::hub_db_url()}, {"HUB_DATA_DIR", test::require_env("HUB_TEST_DATA_DIR")}},
                  dir.path() + "/out.log");
  auto status = p.wait(std::chrono::seconds(120));
  return {status.value_or(-1), p.log()};
}

// The oid the command printed for `file` ("imported <oid> <size> <file>: …").
std::string imported_oid(const std::string& output, const std::string& file) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string word, oid, size, path;
    words >> word >> oid >> size >> path;
    if (word == "imported" && path == file + ":") return oid;
  }
  return {};
}

constexpr std::uint64_t kSize = 64ULL << 20;  // the file; nearly all of it a hole
constexpr std::uint64_t kData = 4096;         // where the data section starts

// A safetensors file of kSize bytes: a header padded to kData bytes, two tensors filling the data
// section, a few bytes written into each; the rest never written. Returns the tensors' bytes.
std::pair<std::string, std::string> write_sparse_model(const std::string& path) {
  const std::uint64_t half = (kSize - kData) / 2;
  std::string header = R"({"a":{"dtype":"U8","shape":[)" + std::to_string(half) + R"(],"data_offsets":[0,)" +
                       std::to_string(half) + R"(]},"b":{"dtype":"F16","shape":[)" + std::to_string(half / 2) +
                       R"(],"data_offsets":[)" + std::to_string(half) + "," + std::to_string(2 * half) + "]}}";
  header.resize(kData - 8, ' ');
  std::string head;
  for (int i = 0; i < 8; ++i)
    head.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xff));
  head += header;
  const std::string mark_a = "tensor a " + util::random_id(), mark_b = "tensor b " + util::random_id();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(::pwrite(fd, head.data(), head.size(), 0), static_cast<ssize_t>(head.size()));
  EXPECT_EQ(::pwrite(fd, mark_a.data(), mark_a.size(), kData + 1000), static_cast<ssize_t>(mark_a.size()));
  EXPECT_EQ(::pwrite(fd, mark_b.data(), mark_b.size(), kData + half + (8 << 20)), static_cast<ssize_t>(mark_b.size()));
  EXPECT_EQ(::ftruncate(fd, static_cast<off_t>(kSize)), 0);
  ::close(fd);
  std::string a(half, '\0'), b(half, '\0');
  a.replace(1000, mark_a.size(), mark_a);
  b.replace(8 << 20, mark_b.size(), mark_b);
  return {a, b};
}

std::uint64_t disk_bytes(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return static_cast<std::uint64_t>(st.st_blocks) * 512;
}

TEST(ReposImportLfs, ASparseModelStaysSparseWithItsTensorsRecorded) {
  auto a = test::new_account("il");
  const test::TestRepo r = test::new_repo(a, false);
  const std::string repo_id = test::repo_field(a.session, r, "_id");
  ASSERT_FALSE(repo_id.empty());
  test::TempDir dir;
  const std::string model = dir.path() + "/model.safetensors", notes = dir.path() + "/notes.txt";
  const auto [tensor_a, tensor_b] = write_sparse_model(model);
  ASSERT_LT(disk_bytes(model), 1ULL << 20) << "the file system here keeps no holes";
  std::ofstream(notes) << "plain notes, not tensors\n";

  // By path, as an operator types it.
  AdminRun run = import_lfs({r.path(), model, notes});
  ASSERT_EQ(run.status, 0) << run.output;
  const std::string oid = imported_oid(run.output, model);
  ASSERT_EQ(oid.size(), 64U) << run.output;
  EXPECT_NE(run.output.find(" " + std::to_string(kSize) + " " + model + ": safetensors, 2 tensors"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find(notes + ": not safetensors"), std::string::npos) << run.output;

  // The stored object holds the same bytes, in a few blocks.
  const std::string stored =
      test::require_env("HUB_TEST_DATA_DIR") + "/lfs/" + oid.substr(0, 2) + "/" + oid.substr(2, 2) + "/" + oid;
  struct stat st {};
  ASSERT_EQ(::stat(stored.c_str(), &st), 0);
  EXPECT_EQ(static_cast<std::uint64_t>(st.st_size), kSize);
  EXPECT_LT(disk_bytes(stored), 1ULL << 20) << "the stored copy is not sparse";

  // Its tensors, hashed as an upload hashes them.
  auto res = test::as_service("REPOS", "pulls", "GET", "/internal/repos/" + repo_id + "/lfs/" + oid + "/tensors", "");
  ASSERT_EQ(res.status, 200) << res.body;
  auto doc = json::parse_object(res.body).value();
  EXPECT_TRUE(doc["safetensors"].GetBool());
  EXPECT_FALSE(doc.HasMember("error")) << res.body;
  ASSERT_EQ(doc["tensors"].Size(), 2U) << res.body;
  EXPECT_EQ(std::string(doc["tensors"][0]["name"].GetString()), "a");
  EXPECT_EQ(std::string(doc["tensors"][0]["sha256"].GetString()), crypto::sha256_hex(tensor_a));
  EXPECT_EQ(std::string(doc["tensors"][1]["name"].GetString()), "b");
  EXPECT_EQ(std::string(doc["tensors"][1]["dtype"].GetString()), "F16");
  EXPECT_EQ(std::string(doc["tensors"][1]["sha256"].GetString()), crypto::sha256_hex(tensor_b));

  // Linked to the repo: a commit may name it, and it downloads whole.
  auto commit = test::commit_lines(a.session, r,
                                   {test::commit_header_line("imported"),
                                    R"({"key":"lfsFile","value":{"path":"model.safetensors","algo":"sha256","oid":")" +
                                        oid + R"(","size":)" + std::to_string(kSize) + "}}"});
  ASSERT_EQ(commit.status, 200) << commit.body;
  auto file = via_gateway("GET", "/" + r.path() + "/resolve/main/model.safetensors", a.session);
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(crypto::sha256_hex(file.body), oid);

  // Again, by id: the same object, already stored, linked once more without a second copy.
  AdminRun again = import_lfs({repo_id, model});
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_EQ(imported_oid(again.output, model), oid);
  EXPECT_NE(again.output.find("(stored before)"), std::string::npos) << again.output;
}

TEST(ReposImportLfs, AMissingFileOrUnknownRepoImportsNothing) {
  auto a = test::new_account("im");
  const test::TestRepo r = test::new_repo(a, false);
  test::TempDir dir;
  const std::string file = dir.path() + "/weights.bin";
  std::ofstream(file) << "weights " << util::random_id();

  AdminRun missing = import_lfs({r.path(), file, dir.path() + "/absent.bin"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.output.find("cannot read " + dir.path() + "/absent.bin: No such file or directory"),
            std::string::npos)
      << missing.output;
  EXPECT_EQ(missing.output.find("imported"), std::string::npos) << "the good file waited: " << missing.output;

  AdminRun unknown = import_lfs({a.name + "/no-such-repo", file});
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.output.find("no repo " + a.name + "/no-such-repo"), std::string::npos) << unknown.output;

  AdminRun usage = import_lfs({r.path()});
  EXPECT_EQ(usage.status, 2);
  EXPECT_NE(usage.output.find("hub-repos admin import-lfs <repo> <file>..."), std::string::npos) << usage.output;
}

}  // namespace
}  // namespace hub
