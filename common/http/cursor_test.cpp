#include "common/http/cursor.hpp"

#include <gtest/gtest.h>

#include "common/error/api_error.hpp"

namespace hub::http {
namespace {

TEST(Cursor, OpensOnlyForTheListItWasSealedFor) {
  CursorSealer sealer("a-secret-that-is-long-enough-for-tests-0123");
  const std::string c = sealer.seal("audit:org1", "1234");
  EXPECT_EQ(sealer.open("audit:org1", c), "1234");
  EXPECT_FALSE(sealer.open("audit:org2", c)) << "another list";
  EXPECT_FALSE(CursorSealer("another-secret-long-enough-for-tests-456").open("audit:org1", c));
  std::string forged = c;
  forged[0] = forged[0] == '3' ? '4' : '3';  // another position, same MAC
  EXPECT_FALSE(sealer.open("audit:org1", forged));
  const std::string too_long(600, 'a');
  for (const char* bad : {"", ".", "zz.00", "3132", "31.", too_long.c_str()}) {
    EXPECT_FALSE(sealer.open("audit:org1", bad)) << bad;
  }
  EXPECT_EQ(c.find_first_not_of("0123456789abcdef."), std::string::npos) << "URL-safe as it is";
}

TEST(Cursor, NumberPositionsAreZeroWithoutACursorAnd400WhenForged) {
  CursorSealer sealer("a-secret-that-is-long-enough-for-tests-0123");
  EXPECT_EQ(sealer.open_number("timeline:1", std::nullopt), 0);
  EXPECT_EQ(sealer.open_number("timeline:1", sealer.seal("timeline:1", "42")), 42);
  for (const std::string& bad : {sealer.seal("timeline:2", "42"), sealer.seal("timeline:1", "-1"),
                                 sealer.seal("timeline:1", "x"), std::string("nonsense")}) {
    try {
      sealer.open_number("timeline:1", bad);
      ADD_FAILURE() << bad;
    } catch (const ApiError& e) {
      EXPECT_EQ(e.status(), 400);
    }
  }
}

}  // namespace
}  // namespace hub::http
