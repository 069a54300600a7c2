#include "common/http/paging.hpp"

#include <gtest/gtest.h>

#include "common/error/api_error.hpp"

namespace hub::http {
namespace {

Request with_query(std::string query) {
  Request r;
  r.path = "/api/organizations/acme/audit-log";
  r.query = std::move(query);
  return r;
}

TEST(Paging, LimitDefaultsAndBounds) {
  EXPECT_EQ(page_limit(with_query("")), kDefaultPage);
  EXPECT_EQ(page_limit(with_query("limit=7")), 7u);
  EXPECT_EQ(page_limit(with_query("limit=1000")), 1000u);
  for (const char* bad : {"limit=0", "limit=1001", "limit=-1", "limit=abc", "limit=", "limit=99999999999"}) {
    EXPECT_THROW(page_limit(with_query(bad)), ApiError) << bad;
  }
}

TEST(Paging, NextLinkKeepsFiltersAndReplacesTheCursor) {
  EXPECT_EQ(next_link("https://hub.example", with_query("action=a&cursor=old&limit=2"), "3132.ab"),
            "<https://hub.example/api/organizations/acme/audit-log?action=a&limit=2&cursor=3132.ab>; rel=\"next\"");
  EXPECT_EQ(next_link("http://h", with_query(""), "c"),
            "<http://h/api/organizations/acme/audit-log?cursor=c>; rel=\"next\"");
}

}  // namespace
}  // namespace hub::http
