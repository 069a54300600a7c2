#pragma once
// The inbox as the end-to-end tests read it (docs/inbox.md): a user's items through the gateway,
// waiting for what the fan-out delivers asynchronously, and the calls that make events (threads and
// comments, as the Hub clients open and post them).
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub::test {

// An inbox item, as the list shows it.
struct Item {
  std::string id, reason, state, event_type, repo_id, repo_name, title, url, actor, subject_type;
  std::int64_t thread = 0;
};

inline std::vector<Item> items_of(const json::Value& list) {
  std::vector<Item> out;
  if (!list.IsArray()) return out;
  for (const auto& v : list.GetArray()) {
    Item i;
    i.id = v["id"].GetString();
    i.reason = v["reason"].GetString();
    i.state = v["state"].GetString();
    i.event_type = v["eventType"].GetString();
    if (v["repo"].IsObject()) {
      i.repo_id = v["repo"]["id"].GetString();
      i.repo_name = v["repo"]["name"].GetString();
    }
    if (v["thread"].IsObject()) i.thread = v["thread"]["num"].GetInt64();
    i.title = v["title"].GetString();
    i.url = v["url"].GetString();
    i.actor = v["actor"].IsString() ? v["actor"].GetString() : "";
    i.subject_type = v["subjectType"].GetString();
    out.push_back(std::move(i));
  }
  return out;
}

// One page of `token`'s inbox (`query` without the '?'); the test fails unless it answers 200.
inline std::vector<Item> inbox_page(const std::string& token, const std::string& query = {},
                                    std::string* next_link = nullptr) {
  auto res = via_gateway("GET", "/api/notifications" + (query.empty() ? "" : "?" + query), token);
  EXPECT_EQ(res.status, 200) << res.body;
  if (next_link != nullptr) *next_link = std::string(res.headers.get("Link"));
  auto doc = json::parse(res.body);
  return doc ? items_of(doc.value()) : std::vector<Item>{};
}

// The items of one repo (every state), newest first.
inline std::vector<Item> repo_items(const std::string& token, const std::string& repo_path) {
  return inbox_page(token, "state=all&limit=1000&repo=" + repo_path);
}

inline std::int64_t unread_count(const std::string& token) {
  auto doc = answer_json(via_gateway("GET", "/api/notifications/unread-count", token));
  return doc.IsObject() && doc.HasMember("unread") ? doc["unread"].GetInt64() : -1;
}

// Waits (up to `timeout`) until `token`'s items of the repo satisfy `done`; those items.
inline std::vector<Item> wait_for_items(const std::string& token, const std::string& repo_path,
                                        const std::function<bool(const std::vector<Item>&)>& done,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  std::vector<Item> items;
  eventually(
      [&] {
        items = repo_items(token, repo_path);
        return done(items);
      },
      timeout);
  return items;
}

inline std::function<bool(const std::vector<Item>&)> at_least(std::size_t n) {
  return [n](const std::vector<Item>& items) { return items.size() >= n; };
}

// The items of one event type on one thread.
inline std::vector<Item> about(const std::vector<Item>& items, std::int64_t thread, const std::string& event_type) {
  std::vector<Item> out;
  for (const auto& i : items)
    if (i.thread == thread && i.event_type == event_type) out.push_back(i);
  return out;
}

// The one item of that event type on that thread (the test fails unless there is exactly one).
inline Item one_item(const std::vector<Item>& items, std::int64_t thread, const std::string& event_type) {
  auto found = about(items, thread, event_type);
  EXPECT_EQ(found.size(), 1U) << event_type << " on #" << thread;
  return found.empty() ? Item{} : found.front();
}

inline http::ClientResponse subscribe(const std::string& token, const std::string& target, const std::string& level) {
  return via_gateway("PUT", target + "/subscription", token, R"({"level":")" + level + R"("})");
}

// Opens a discussion: its number (0 when refused, which fails the test).
inline std::int64_t open_discussion(const std::string& token, const TestRepo& r, const std::string& title,
                                    const std::string& description = {}) {
  json::Writer w;
  w.begin_object().field("title", title).field("description", description).field("pullRequest", false).end_object();
  auto doc = answer_json(via_gateway("POST", r.api() + "/discussions", token, w.str()));
  return doc.IsObject() && doc.HasMember("num") ? doc["num"].GetInt64() : 0;
}

inline http::ClientResponse post_comment(const std::string& token, const TestRepo& r, std::int64_t num,
                                         const std::string& text) {
  json::Writer w;
  w.begin_object().field("comment", text).end_object();
  return via_gateway("POST", r.api() + "/discussions/" + std::to_string(num) + "/comment", token, w.str());
}

}  // namespace hub::test
