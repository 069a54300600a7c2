// Filters, full-text search, sorts and cursor pages of the bug list on a repo of 50,000 reports,
// seeded with SQL straight into the stack's database (generate_series), then queried through the
// gateway: every answer right, and each one quick (the seeding and all the queries well inside a
// minute on the test machine, under AddressSanitizer).
#include <gtest/gtest.h>

#include <chrono>
#include <pqxx/pqxx>
#include <set>

#include "common/json/json.hpp"
#include "common/util/strings.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::via_gateway;

constexpr int kReports = 50'000;

// Report g (1 … 50,000): status by g % 6, severity by g % 4 (rank = g % 4), author alice when
// g % 10 == 0 (else bob), "tokenizer overflow" in the title when g % 1,000 == 0, updated in the
// order of g; label gpu on every 7th, assigned to ada every 13th.
void seed(const std::string& repo_id, const std::string& ada_id, const std::string& ada_name, std::int64_t gpu) {
  pqxx::connection c(test::hub_db_url());
  pqxx::work tx(c);
  tx.exec_params(
      "INSERT INTO bugs.reports (repo_id, num, title, body, body_html, status, severity, severity_rank, author_name, "
      "search, created_at, updated_at) "
      "SELECT $1::uuid, g, t.title, t.body, '<p>' || t.body || '</p>', "
      "(ARRAY['open','triaged','in_progress','resolved','closed','wontfix'])[1 + g % 6], "
      "(ARRAY['critical','high','medium','low'])[1 + g % 4], g % 4, CASE WHEN g % 10 = 0 THEN 'alice' ELSE 'bob' END, "
      "setweight(to_tsvector('english', t.title), 'A') || setweight(to_tsvector('english', t.body), 'B'), "
      "now() - interval '1 day' + g * interval '1 millisecond', now() - interval '1 day' + g * interval '1 "
      "millisecond' "
      "FROM generate_series(1, $2::int) g, LATERAL (SELECT 'Report ' || g || CASE WHEN g % 1000 = 0 "
      "THEN ' tokenizer overflow' ELSE ' wrong answer' END AS title, 'Seen on input ' || g AS body) t",
      repo_id, kReports);
  tx.exec_params(
      "INSERT INTO bugs.status_counts (repo_id, status, n) SELECT $1::uuid, status, count(*) FROM bugs.reports "
      "WHERE repo_id = $1::uuid GROUP BY status",
      repo_id);
  tx.exec_params(
      "INSERT INTO bugs.report_labels (repo_id, num, label_id) SELECT $1::uuid, g, $3 "
      "FROM generate_series(7, $2::int, 7) g",
      repo_id, kReports, gpu);
  tx.exec_params(
      "INSERT INTO bugs.assignees (repo_id, num, user_id, user_name, assigned_by) "
      "SELECT $1::uuid, g, $3::uuid, $4, 'seed' FROM generate_series(13, $2::int, 13) g",
      repo_id, kReports, ada_id, ada_name);
  tx.exec("ANALYZE bugs.reports");
  tx.exec("ANALYZE bugs.report_labels");
  tx.exec("ANALYZE bugs.assignees");
  tx.commit();
}

std::int64_t label_id(const std::string& repo_id, const std::string& name) {
  pqxx::connection c(test::hub_db_url());
  pqxx::nontransaction tx(c);
  return tx.exec_params("SELECT id FROM bugs.labels WHERE repo_id = $1::uuid AND name = $2", repo_id, name)[0][0]
      .as<std::int64_t>();
}

struct Page {
  std::vector<std::int64_t> nums;
  json::Document doc;
  std::string next;  // the path and query of the next page, or ""
  double ms = 0;
};

Page get(const std::string& target, const std::string& token) {
  const auto start = std::chrono::steady_clock::now();
  auto res = via_gateway("GET", target, token);
  Page p;
  p.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  p.doc = test::answer_json(res);
  if (p.doc.IsObject() && p.doc.HasMember("bugs")) {
    for (const auto& b : p.doc["bugs"].GetArray())
      p.nums.push_back(b["num"].GetInt64());
  }
  const std::string link(res.headers.get("Link"));
  if (!link.empty()) p.next = test::local_target(link.substr(1, link.find('>') - 1));
  return p;
}

TEST(BugsSearch, FiltersSearchSortsAndCursorsOnFiftyThousandReports) {
  const auto started = std::chrono::steady_clock::now();
  test::Account ada = test::new_account("bs");
  const test::TestRepo repo = test::new_repo(ada, false);
  const std::string id = test::repo_field(ada.session, repo, "_id");
  test::answer_json(via_gateway("POST", repo.api() + "/labels", ada.session, R"({"name":"gpu"})"), 201);
  seed(id, ada.id, ada.name, label_id(id, "gpu"));
  const std::string bugs = repo.api() + "/bugs";
  double slowest = 0;
  auto page = [&](const std::string& query) {
    Page p = get(bugs + query, ada.session);
    slowest = std::max(slowest, p.ms);
    return p;
  };

  // Newest first, 50 a page, three pages by cursor without a gap or a repeat.
  Page first = page("");
  ASSERT_EQ(first.nums.size(), 50U);
  EXPECT_EQ(first.nums.front(), kReports);
  EXPECT_EQ(first.doc["counts"]["open"].GetInt64(), kReports / 6) << "from the counter rows";
  std::vector<std::int64_t> seen = first.nums;
  std::string next = first.next;
  for (int i = 0; i < 2; ++i) {
    ASSERT_FALSE(next.empty());
    Page p = get(next, ada.session);
    slowest = std::max(slowest, p.ms);
    seen.insert(seen.end(), p.nums.begin(), p.nums.end());
    next = p.next;
  }
  ASSERT_EQ(seen.size(), 150U);
  for (std::size_t i = 0; i < seen.size(); ++i)
    EXPECT_EQ(seen[i], kReports - static_cast<std::int64_t>(i));

  // Filters, alone and together.
  Page open = page("?status=open&limit=1000");
  ASSERT_EQ(open.nums.size(), 1000U);
  for (const auto& b : open.doc["bugs"].GetArray())
    EXPECT_EQ(std::string(b["status"].GetString()), "open");
  Page critical_gpu = page("?severity=critical&label=gpu&status=open&limit=1000");
  ASSERT_FALSE(critical_gpu.nums.empty());
  for (auto n : critical_gpu.nums)
    EXPECT_EQ(n % 84, 0) << n;
  EXPECT_EQ(critical_gpu.nums.size(), static_cast<std::size_t>(kReports / 84)) << "every one of them, one page";
  EXPECT_TRUE(critical_gpu.next.empty());
  Page assigned = page("?assignee=" + ada.name + "&status=open,triaged&limit=100");
  for (auto n : assigned.nums) {
    EXPECT_EQ(n % 13, 0);
    EXPECT_TRUE(n % 6 == 0 || n % 6 == 1);
  }
  EXPECT_EQ(assigned.nums.size(), 100U);
  Page alice = page("?author=alice&sort=oldest&limit=5");
  EXPECT_EQ(alice.nums, (std::vector<std::int64_t>{10, 20, 30, 40, 50}));

  // Full text over titles, bodies and comments.
  Page words = page("?q=tokenizer+overflow&limit=100");
  EXPECT_EQ(words.nums.size(), static_cast<std::size_t>(kReports / 1000));
  for (auto n : words.nums)
    EXPECT_EQ(n % 1000, 0);
  Page body = page("?q=input+12345");
  EXPECT_EQ(body.nums, std::vector<std::int64_t>{12345}) << "a body's words";
  ASSERT_EQ(
      via_gateway("POST", bugs + "/777/comments", ada.session, R"({"comment":"Also segfaults with bfloat16"})").status,
      201);
  Page comment = page("?q=segfaults+bfloat16");
  EXPECT_EQ(comment.nums, std::vector<std::int64_t>{777}) << "a comment's words";
  Page mixed = page("?q=tokenizer&severity=critical&label=gpu");
  EXPECT_EQ(mixed.nums, (std::vector<std::int64_t>{49000, 42000, 35000, 28000, 21000, 14000, 7000}));

  // The other sorts.
  Page updated = page("?sort=recently-updated&limit=3");
  EXPECT_EQ(updated.nums.front(), 777) << "the report just commented on";
  EXPECT_EQ(updated.nums[1], kReports);
  Page severe = page("?sort=severity&limit=1000");
  ASSERT_EQ(severe.nums.size(), 1000U);
  for (const auto& b : severe.doc["bugs"].GetArray())
    EXPECT_EQ(std::string(b["severity"].GetString()), "critical");
  EXPECT_EQ(severe.nums.front(), kReports) << "newest first within a severity";
  std::set<std::int64_t> across;
  std::string cursor = page("?sort=severity&status=wontfix&limit=500").next;
  int pages = 0;
  while (!cursor.empty() && pages < 20) {
    Page p = get(cursor, ada.session);
    across.insert(p.nums.begin(), p.nums.end());
    for (const auto& b : p.doc["bugs"].GetArray())
      EXPECT_EQ(std::string(b["status"].GetString()), "wontfix");
    cursor = p.next;
    ++pages;
  }
  EXPECT_EQ(across.size(), static_cast<std::size_t>(kReports / 6 - 500)) << "every wontfix once, across severities";

  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "[ figures  ] 50,000 reports: slowest list query " << slowest << " ms, whole test " << total << " s\n";
  EXPECT_LT(slowest, 5000) << "no query scans its way through the repo";
  EXPECT_LT(total, 60);
}

}  // namespace
}  // namespace hub
