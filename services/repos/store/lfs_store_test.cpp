// copy_sparse: every byte of a file handed over in order, and the copy holding no more blocks than
// the original, whether its zeros are holes or written.
#include "services/repos/store/lfs_store.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace hub::repos {
namespace {

class CopySparse : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "copy-sparse.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  int open_new(const std::string& name) {
    return ::open((dir_ + "/" + name).c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  }
  static std::uint64_t blocks_bytes(int fd) {
    struct stat st {};
    ::fstat(fd, &st);
    return static_cast<std::uint64_t>(st.st_blocks) * 512;
  }
  static std::string read_all(int fd, std::uint64_t size) {
    std::string out(size, '\0');
    EXPECT_EQ(::pread(fd, out.data(), size, 0), static_cast<ssize_t>(size));
    return out;
  }

  std::string dir_;
};

TEST_F(CopySparse, HolesAndZerosStayUnwrittenAndEveryByteIsHandedOver) {
  constexpr std::uint64_t kSize = 40ULL << 20;
  const int in = open_new("in");
  ASSERT_GE(in, 0);
  // Data at the start, a hole, 3 MiB of written zeros with a byte in the middle, a hole to the end.
  std::string expected(kSize, '\0');
  const std::string head = "a header";
  ASSERT_EQ(::pwrite(in, head.data(), head.size(), 0), static_cast<ssize_t>(head.size()));
  expected.replace(0, head.size(), head);
  const std::string zeros(3 << 20, '\0');
  ASSERT_EQ(::pwrite(in, zeros.data(), zeros.size(), 10 << 20), static_cast<ssize_t>(zeros.size()));
  ASSERT_EQ(::pwrite(in, "x", 1, (10 << 20) + (1 << 20) + 5), 1);
  expected[(10 << 20) + (1 << 20) + 5] = 'x';
  ASSERT_EQ(::ftruncate(in, static_cast<off_t>(kSize)), 0);

  const int out = open_new("out");
  ASSERT_GE(out, 0);
  std::string seen;
  std::size_t largest = 0;
  copy_sparse(in, out, kSize, [&](std::string_view bytes) {
    seen.append(bytes);
    largest = std::max(largest, bytes.size());
  });
  EXPECT_EQ(seen.size(), kSize);
  EXPECT_TRUE(seen == expected) << "the bytes handed over differ from the file's";
  EXPECT_LE(largest, 1U << 20);
  struct stat st {};
  ASSERT_EQ(::fstat(out, &st), 0);
  EXPECT_EQ(static_cast<std::uint64_t>(st.st_size), kSize);
  EXPECT_TRUE(read_all(out, kSize) == expected) << "the copy differs";
  // Two blocks of data; the written zeros became holes.
  EXPECT_LE(blocks_bytes(out), 64U << 10) << "in: " << blocks_bytes(in);
  EXPECT_LT(blocks_bytes(out), blocks_bytes(in));
  ::close(in);
  ::close(out);
}

TEST_F(CopySparse, AFileShorterThanSaidIsAnError) {
  const int in = open_new("short");
  ASSERT_EQ(::pwrite(in, "0123456789", 10, 0), 10);
  const int out = open_new("out");
  EXPECT_THROW(copy_sparse(in, out, 20, [](std::string_view) {}), std::runtime_error);
  ::close(in);
  ::close(out);
}

}  // namespace
}  // namespace hub::repos
