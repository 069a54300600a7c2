#include "services/repos/domain/file_diff.hpp"

#include <gtest/gtest.h>

namespace hub::repos {
namespace {

std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> slices(const std::vector<std::size_t>& hunks,
                                                                      std::size_t offset, std::size_t limit) {
  std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> out;
  for (const auto& s : slice_hunks(hunks, offset, limit))
    out.emplace_back(s.hunk, s.first, s.count);
  return out;
}

using Slices = std::vector<std::tuple<std::size_t, std::size_t, std::size_t>>;

TEST(FileDiff, AWindowTakesWholeHunksAndCutsTheOnesAtItsEdges) {
  // Hunks of 4, 3 and 5 lines: lines 0-3, 4-6, 7-11.
  const std::vector<std::size_t> hunks{4, 3, 5};
  EXPECT_EQ(slices(hunks, 0, 100), (Slices{{0, 0, 4}, {1, 0, 3}, {2, 0, 5}}));
  EXPECT_EQ(slices(hunks, 0, 4), (Slices{{0, 0, 4}}));
  EXPECT_EQ(slices(hunks, 2, 4), (Slices{{0, 2, 2}, {1, 0, 2}}));
  EXPECT_EQ(slices(hunks, 6, 3), (Slices{{1, 2, 1}, {2, 0, 2}}));
  EXPECT_EQ(slices(hunks, 8, 2), (Slices{{2, 1, 2}}));
}

TEST(FileDiff, AWindowPastTheEndOrEmptyHoldsNothing) {
  EXPECT_TRUE(slices({4, 3}, 7, 10).empty());
  EXPECT_TRUE(slices({4, 3}, 100, 10).empty());
  EXPECT_TRUE(slices({4, 3}, 0, 0).empty());
  EXPECT_TRUE(slices({}, 0, 10).empty());
  // A huge limit does not wrap around.
  EXPECT_EQ(slices({4, 3}, 5, SIZE_MAX), (Slices{{1, 1, 2}}));
}

TEST(FileDiff, ConsecutiveWindowsCoverEveryLineOnce) {
  const std::vector<std::size_t> hunks{7, 1, 12, 3};
  std::size_t seen = 0;
  for (std::size_t offset = 0; offset < 23; offset += 5) {
    for (const auto& s : slice_hunks(hunks, offset, 5))
      seen += s.count;
  }
  EXPECT_EQ(seen, 23U);
}

TEST(FileDiff, LinesLoseTheirEndingAndInvalidBytes) {
  EXPECT_EQ(display_line("plain\n"), "plain");
  EXPECT_EQ(display_line("windows\r\n"), "windows");
  EXPECT_EQ(display_line("last line"), "last line");
  EXPECT_EQ(display_line("caf\xC3\xA9\n"), "caf\xC3\xA9");
  EXPECT_EQ(display_line("caf\xE9!\n"), "caf\xEF\xBF\xBD!");
  EXPECT_EQ(display_line(std::string("a\0b", 3)), std::string("a\0b", 3));
}

TEST(FileDiff, AnLfsSideWeighsItsObjectAndHidesTheLines) {
  FileDiff f;
  f.new_side = DiffSide{"abc", 130, LfsPointer{std::string(64, 'a'), 5000, 130}};
  EXPECT_EQ(f.new_side->size(), 5000U);
  EXPECT_TRUE(f.lfs());
  EXPECT_FALSE(f.has_lines());
  // A fresh side rather than lfs.reset(): GCC 12 at -O3 takes the reset pointer's size for read
  // (-Wmaybe-uninitialized), which breaks the Release build.
  f.new_side = DiffSide{"abc", 130, std::nullopt};
  EXPECT_EQ(f.new_side->size(), 130U);
  EXPECT_TRUE(f.has_lines());
  EXPECT_EQ(status_name(FileStatus::kRenamed), "renamed");
  EXPECT_EQ(line_kind_name(LineKind::kDel), "del");
}

}  // namespace
}  // namespace hub::repos
