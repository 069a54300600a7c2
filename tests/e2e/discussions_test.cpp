// Discussions through the gateway, as huggingface_hub's HfApi makes its calls (hf_api.py:
// get_repo_discussions, create_discussion, get_discussion_details, comment_discussion,
// edit_discussion_comment, hide_discussion_comment, change_discussion_status, rename_discussion,
// create_pull_request, which opens a draft pull request), and what a thread keeps: versions, hidden content gone
// everywhere, counters, permissions, idempotent retries and refused bad input.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <set>

#include "common/json/json.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::Account;
using test::TestRepo;
using test::via_gateway;

std::string discussions(const TestRepo& r) {
  return r.api() + "/discussions";
}

// create_discussion: {title, description, pullRequest} → {num}
std::int64_t create(const TestRepo& r, const std::string& token, const std::string& title,
                    const std::string& description = "Discussion opened with the huggingface_hub Python library") {
  json::Writer w;
  w.begin_object().field("title", title).field("description", description).field("pullRequest", false).end_object();
  auto doc = test::answer_json(via_gateway("POST", discussions(r), token, w.str()));
  return doc.IsObject() && doc.HasMember("num") ? doc["num"].GetInt64() : 0;
}

http::ClientResponse post(const TestRepo& r, std::int64_t num, const std::string& resource, const std::string& token,
                          const std::string& body) {
  return via_gateway("POST", discussions(r) + "/" + std::to_string(num) + "/" + resource, token, body);
}

std::string json_of(std::string_view key, std::string_view value) {
  json::Writer w;
  w.begin_object().field(key, value).end_object();
  return w.str();
}

TEST(Discussions, ThePythonClientsCallsEndToEnd) {
  Account ada = test::new_account("da");
  Account bob = test::new_account("db");
  const TestRepo repo = test::new_repo(ada, false);

  const std::int64_t first = create(repo, ada.session, "  Tokenizer drops accents  ",
                                    "Since v2, `é` becomes `e`. cc @" + bob.name + " <script>alert(1)</script>");
  ASSERT_GT(first, 0);
  const std::int64_t second = create(repo, bob.session, "A question");
  EXPECT_EQ(second, first + 1) << "numbers come from the repo's one sequence";

  // get_discussion_details(…, params={"diff": "1"})
  auto details =
      test::answer_json(via_gateway("GET", discussions(repo) + "/" + std::to_string(first) + "?diff=1", bob.session));
  EXPECT_EQ(std::string(details["title"].GetString()), "Tokenizer drops accents");
  EXPECT_EQ(std::string(details["status"].GetString()), "open");
  EXPECT_FALSE(details["isPullRequest"].GetBool());
  EXPECT_EQ(std::string(details["author"]["name"].GetString()), ada.name);
  EXPECT_EQ(std::string(details["repo"]["name"].GetString()), repo.path());
  EXPECT_EQ(std::string(details["repo"]["type"].GetString()), "model");
  ASSERT_EQ(details["events"].Size(), 1u);
  const auto& opening = details["events"][0];
  EXPECT_EQ(std::string(opening["type"].GetString()), "comment");
  const std::string html = opening["data"]["latest"]["html"].GetString();
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_NE(html.find("rel=\"nofollow noopener\""), std::string::npos) << "the mention is a link: " << html;
  EXPECT_FALSE(opening["data"]["edited"].GetBool());

  // comment_discussion → {newMessage}
  auto said = test::answer_json(
      post(repo, first, "comment", bob.session, json_of("comment", "Same here, see #" + std::to_string(second))));
  const std::string comment_id = said["newMessage"]["id"].GetString();
  EXPECT_NE(std::string(said["newMessage"]["data"]["latest"]["html"].GetString())
                .find("/discussions/" + std::to_string(second)),
            std::string::npos)
      << "#N links to the thread of that number";
  auto count_of = [&](const std::string& q) {
    return test::answer_json(via_gateway("GET", discussions(repo) + "?q=" + q, bob.session))["count"].GetInt64();
  };
  EXPECT_EQ(count_of("see"), 1) << "a new comment's words are found";

  // edit_discussion_comment → {updatedComment}; every version kept.
  auto edited = test::answer_json(
      post(repo, first, "comment/" + comment_id + "/edit", bob.session, json_of("content", "Same here (v3.1)")));
  EXPECT_TRUE(edited["updatedComment"]["data"]["edited"].GetBool());
  EXPECT_EQ(std::string(edited["updatedComment"]["data"]["latest"]["raw"].GetString()), "Same here (v3.1)");
  ASSERT_EQ(edited["updatedComment"]["data"]["history"].Size(), 1u);
  EXPECT_EQ(count_of("v3.1"), 1) << "an edit's words are found";
  EXPECT_EQ(count_of("see"), 0) << "and replace the earlier version's";
  EXPECT_EQ(post(repo, first, "comment/" + comment_id + "/edit", ada.session, json_of("content", "not mine")).status,
            403)
      << "only its author edits a comment";

  // rename_discussion → {newTitle}; change_discussion_status → {newStatus}
  auto renamed =
      test::answer_json(post(repo, first, "title", ada.session, json_of("title", "Accents dropped by the tokenizer")));
  EXPECT_EQ(std::string(renamed["newTitle"]["type"].GetString()), "title-change");
  EXPECT_EQ(std::string(renamed["newTitle"]["data"]["from"].GetString()), "Tokenizer drops accents");
  auto closed =
      test::answer_json(post(repo, first, "status", ada.session, R"({"status":"closed","comment":"Fixed in v3"})"));
  EXPECT_EQ(std::string(closed["newStatus"]["data"]["status"].GetString()), "closed");
  EXPECT_EQ(post(repo, first, "status", ada.session, R"({"status":"closed"})").status, 409) << "closed already";

  // hide_discussion_comment → {updatedComment}, its content gone from every answer.
  EXPECT_EQ(post(repo, first, "comment/" + comment_id + "/hide", bob.session, "").status, 403)
      << "hiding is for the write role";
  auto hidden = test::answer_json(post(repo, first, "comment/" + comment_id + "/hide", ada.session, ""));
  EXPECT_TRUE(hidden["updatedComment"]["data"]["hidden"].GetBool());
  auto after = via_gateway("GET", discussions(repo) + "/" + std::to_string(first), bob.session);
  EXPECT_EQ(after.body.find("v3.1"), std::string::npos) << after.body;
  EXPECT_EQ(after.body.find("Same here"), std::string::npos) << "no earlier version either";
  // ("here", searched before, is an English stop word that matches nothing anyway.)
  EXPECT_EQ(count_of("v3.1"), 0) << "a hidden comment's words match nothing";

  // get_repo_discussions: pages by p until start + len >= count, with type, status and author.
  std::set<std::int64_t> seen;
  for (int p = 0;; ++p) {
    auto page = test::answer_json(
        via_gateway("GET", discussions(repo) + "?p=" + std::to_string(p) + "&type=all&status=all", bob.session));
    for (const auto& d : page["discussions"].GetArray())
      seen.insert(d["num"].GetInt64());
    if (page["start"].GetInt64() + static_cast<std::int64_t>(page["discussions"].Size()) >= page["count"].GetInt64())
      break;
    ASSERT_LT(p, 5);
  }
  EXPECT_EQ(seen, (std::set<std::int64_t>{first, second}));
  auto open_only = test::answer_json(via_gateway("GET", discussions(repo) + "?status=open", bob.session));
  EXPECT_EQ(open_only["count"].GetInt64(), 1);
  EXPECT_EQ(
      test::answer_json(via_gateway("GET", discussions(repo) + "?status=closed&type=discussion", bob.session))["count"]
          .GetInt64(),
      1);
  EXPECT_EQ(
      test::answer_json(via_gateway("GET", discussions(repo) + "?author=" + bob.name, ada.session))["count"].GetInt64(),
      1);
  EXPECT_EQ(test::answer_json(via_gateway("GET", discussions(repo) + "?q=accents", bob.session))["count"].GetInt64(), 1)
      << "full text over titles";

  // create_pull_request: a draft pull request (tests/e2e/pulls_test.cpp follows it further).
  auto pr = test::answer_json(
      via_gateway("POST", discussions(repo), ada.session, R"({"title":"A PR","description":"x","pullRequest":true})"));
  auto pr_details = test::answer_json(
      via_gateway("GET", discussions(repo) + "/" + std::to_string(pr["num"].GetInt64()), bob.session));
  EXPECT_EQ(std::string(pr_details["status"].GetString()), "draft");
  EXPECT_EQ(test::answer_json(via_gateway("GET", discussions(repo), ada.session))["count"].GetInt64(), 3);
}

TEST(Discussions, CursorPagesSortsPinsLocksAndReactions) {
  Account ada = test::new_account("dc");
  Account bob = test::new_account("dd");
  const TestRepo repo = test::new_repo(ada, false);
  std::vector<std::int64_t> nums;
  for (int i = 0; i < 5; ++i)
    nums.push_back(create(repo, ada.session, "Thread " + std::to_string(i)));
  // Pages of two by cursor, through the Link header, newest first.
  std::vector<std::int64_t> order;
  std::string target = discussions(repo) + "?limit=2";
  for (int guard = 0; guard < 10 && !target.empty(); ++guard) {
    auto res = via_gateway("GET", target, bob.session);
    auto page = test::answer_json(res);
    for (const auto& d : page["discussions"].GetArray())
      order.push_back(d["num"].GetInt64());
    const std::string link(res.headers.get("Link"));
    target = link.empty() ? "" : test::local_target(link.substr(1, link.find('>') - 1));
  }
  EXPECT_EQ(order, (std::vector<std::int64_t>{nums[4], nums[3], nums[2], nums[1], nums[0]}));
  // Most commented first.
  test::answer_json(post(repo, nums[1], "comment", bob.session, json_of("comment", "one")));
  test::answer_json(post(repo, nums[1], "comment", bob.session, json_of("comment", "two")));
  auto said = test::answer_json(post(repo, nums[2], "comment", bob.session, json_of("comment", "three")));
  auto busiest = test::answer_json(via_gateway("GET", discussions(repo) + "?sort=most-commented", bob.session));
  EXPECT_EQ(busiest["discussions"][0]["num"].GetInt64(), nums[1]);
  EXPECT_EQ(busiest["discussions"][1]["num"].GetInt64(), nums[2]);
  EXPECT_EQ(busiest["discussions"][2]["num"].GetInt64(), nums[4]) << "then the newest, among equals";
  EXPECT_EQ(via_gateway("GET", discussions(repo) + "?sort=oldest", bob.session).status, 400);
  EXPECT_EQ(via_gateway("GET", discussions(repo) + "?cursor=forged", bob.session).status, 400);

  // A long thread's events come 100 a page, the next page through Link.
  for (int i = 0; i < 100; ++i)
    test::answer_json(post(repo, nums[3], "comment", bob.session, json_of("comment", "c" + std::to_string(i))));
  auto first_page = via_gateway("GET", discussions(repo) + "/" + std::to_string(nums[3]), bob.session);
  EXPECT_EQ(test::answer_json(first_page)["events"].Size(), 100u);
  const std::string next(first_page.headers.get("Link"));
  ASSERT_FALSE(next.empty());
  auto rest =
      test::answer_json(via_gateway("GET", test::local_target(next.substr(1, next.find('>') - 1)), bob.session));
  ASSERT_EQ(rest["events"].Size(), 1u) << "101 events: the description and 100 comments";
  EXPECT_EQ(std::string(rest["events"][0]["data"]["latest"]["raw"].GetString()), "c99");

  // Pin and lock: the write role's; a locked thread takes comments from write roles only.
  EXPECT_EQ(post(repo, nums[0], "lock", bob.session, R"({"locked":true})").status, 403);
  EXPECT_TRUE(test::answer_json(post(repo, nums[0], "lock", ada.session, R"({"locked":true})"))["locked"].GetBool());
  EXPECT_TRUE(test::answer_json(post(repo, nums[0], "pin", ada.session, R"({"pinned":true})"))["pinned"].GetBool());
  EXPECT_EQ(post(repo, nums[0], "comment", bob.session, json_of("comment", "let me in")).status, 403);
  test::answer_json(post(repo, nums[0], "comment", ada.session, json_of("comment", "the owner may")));

  // Reactions: the Hub's set, one per user per emoji.
  const std::string id = said["newMessage"]["id"].GetString();
  test::answer_json(post(repo, nums[2], "comment/" + id + "/react", ada.session, R"({"reaction":"🔥"})"));
  auto twice = test::answer_json(post(repo, nums[2], "comment/" + id + "/react", ada.session, R"({"reaction":"🔥"})"));
  ASSERT_EQ(twice["updatedComment"]["data"]["reactions"].Size(), 1u);
  EXPECT_EQ(twice["updatedComment"]["data"]["reactions"][0]["count"].GetInt(), 1);
  EXPECT_EQ(post(repo, nums[2], "comment/" + id + "/react", ada.session, R"({"reaction":"💩"})").status, 400);
  auto removed = test::answer_json(
      post(repo, nums[2], "comment/" + id + "/react", ada.session, R"({"reaction":"🔥","remove":true})"));
  EXPECT_EQ(removed["updatedComment"]["data"]["reactions"].Size(), 0u);
}

TEST(Discussions, WhoMayWrite) {
  Account ada = test::new_account("dp");
  Account outsider = test::new_account("dq");
  const TestRepo pub = test::new_repo(ada, false);
  const TestRepo priv = test::new_repo(ada, true);
  const std::int64_t num = create(pub, ada.session, "Open to all");
  const std::string body = json_of("comment", "hello");
  EXPECT_EQ(post(pub, num, "comment", "", body).status, 401) << "anonymous";
  EXPECT_EQ(via_gateway("GET", discussions(pub), "").status, 200) << "anonymous readers read";
  test::answer_json(post(pub, num, "comment", outsider.session, body));
  const std::string read_token = test::new_token(outsider, R"({"displayName":"r","role":"read"})").first;
  EXPECT_EQ(post(pub, num, "comment", read_token, body).status, 403) << "a read token";
  const std::string fine_without =
      test::new_token(outsider,
                      R"({"displayName":"f","role":"fineGrained","scoped":[{"entity":{"type":"model","name":")" +
                          pub.path() + R"("},"permissions":["repo.content.read"]}]})")
          .first;
  EXPECT_EQ(post(pub, num, "comment", fine_without, body).status, 403) << "fine-grained without discussion.write";
  const std::string fine_with =
      test::new_token(outsider,
                      R"({"displayName":"g","role":"fineGrained","scoped":[{"entity":{"type":"model","name":")" +
                          pub.path() + R"("},"permissions":["discussion.write"]}]})")
          .first;
  test::answer_json(post(pub, num, "comment", fine_with, body));
  EXPECT_EQ(post(pub, num, "status", outsider.session, R"({"status":"closed"})").status, 403)
      << "another's thread is closed by its author or the write role";
  // A private repo: 401 without credentials, 404 with ones that may not read it, on every path.
  EXPECT_EQ(via_gateway("GET", discussions(priv), "").status, 401);
  EXPECT_EQ(via_gateway("GET", discussions(priv), outsider.session).status, 404);
  EXPECT_EQ(via_gateway("POST", discussions(priv), outsider.session, R"({"title":"x"})").status, 404);
}

TEST(Discussions, BadInputIsAClearRefusalAndStoresNothing) {
  Account ada = test::new_account("dr");
  const TestRepo repo = test::new_repo(ada, false);
  const TestRepo other = test::new_repo(ada, false);
  const std::int64_t num = create(repo, ada.session, "Real");
  EXPECT_EQ(via_gateway("POST", discussions(repo), ada.session, R"({"title":"  "})").status, 400);
  EXPECT_EQ(via_gateway("POST", discussions(repo), ada.session, json_of("title", std::string(300, 't'))).status, 400);
  EXPECT_EQ(post(repo, num, "comment", ada.session, json_of("comment", std::string(70000, 'c'))).status, 400);
  EXPECT_EQ(post(repo, num, "status", ada.session, R"({"status":"merged"})").status, 400);
  EXPECT_EQ(post(repo, num, "status", ada.session, R"({"status":"resolved"})").status, 400);
  EXPECT_EQ(via_gateway("GET", discussions(repo) + "/999999", ada.session).status, 404);
  EXPECT_EQ(via_gateway("GET", discussions(other) + "/" + std::to_string(num), ada.session).status, 404)
      << "a number of another repo";
  EXPECT_EQ(post(repo, num, "comment", ada.session, "{not json").status, 400);
  EXPECT_EQ(test::answer_json(via_gateway("GET", discussions(repo), ada.session))["count"].GetInt64(), 1);
  auto details = test::answer_json(via_gateway("GET", discussions(repo) + "/" + std::to_string(num), ada.session));
  EXPECT_EQ(details["events"].Size(), 1u) << "only the description";

  // Idempotency-Key: the same request again answers the same; another request with it is refused.
  http::Client client(test::stack_gateway());
  auto send = [&](const std::string& target, const std::string& body) {
    http::ClientRequest req;
    req.method = "POST";
    req.target = target;
    req.body = body;
    req.headers.set("Authorization", "Bearer " + ada.session);
    req.headers.set("Content-Type", "application/json");
    req.headers.set("Idempotency-Key", "retry-1");
    return client.send(req);
  };
  const std::string target = discussions(repo) + "/" + std::to_string(num) + "/comment";
  auto once = test::answer_json(send(target, json_of("comment", "exactly once")));
  auto again = test::answer_json(send(target, json_of("comment", "exactly once")));
  EXPECT_EQ(std::string(once["newMessage"]["id"].GetString()), std::string(again["newMessage"]["id"].GetString()));
  EXPECT_EQ(send(target, json_of("comment", "something else")).status, 422);
  details = test::answer_json(via_gateway("GET", discussions(repo) + "/" + std::to_string(num), ada.session));
  EXPECT_EQ(details["events"].Size(), 2u) << "one comment for three requests";
}

// What notifications will build on: every action's event in the outbox, in the transaction of the
// action, carrying the thread, the comment and the mentions; and a deleted repo's threads go with it.
TEST(Discussions, EventsForNotificationsAndADeletedRepoTakesItsThreads) {
  Account ada = test::new_account("de");
  Account bob = test::new_account("df");
  const TestRepo repo = test::new_repo(ada, false);
  const std::int64_t num = create(repo, ada.session, "Events", "ping @" + bob.name + " but not `@nobody`");
  auto said = test::answer_json(post(repo, num, "comment", bob.session, json_of("comment", "pong @" + ada.name)));
  const std::string comment_id = said["newMessage"]["id"].GetString();
  test::answer_json(post(repo, num, "comment/" + comment_id + "/hide", ada.session, ""));
  pqxx::connection c(test::hub_db_url());
  std::string repo_id;
  {
    pqxx::nontransaction tx(c);
    repo_id =
        tx.exec_params1("SELECT id::text FROM repos.repos WHERE namespace = $1 AND name = $2", repo.ns, repo.name)[0]
            .as<std::string>();
    std::vector<std::string> types;
    std::string created_mentions, hidden_comment;
    for (const auto& r : tx.exec_params(
             "SELECT type, payload::text FROM discussions.outbox WHERE payload -> 'repo' ->> 'id' = $1 ORDER BY id",
             repo_id)) {
      types.push_back(r[0].as<std::string>());
      if (types.back() == "discussion.created") created_mentions = r[1].as<std::string>();
      if (types.back() == "discussion.comment.updated") hidden_comment = r[1].as<std::string>();
    }
    EXPECT_EQ(types, (std::vector<std::string>{"discussion.created", "discussion.comment.created",
                                               "discussion.comment.updated"}));
    auto created = json::parse_object(created_mentions).value();
    ASSERT_EQ(created["data"]["mentions"].Size(), 1u) << created_mentions;
    EXPECT_EQ(std::string(created["data"]["mentions"][0]["user"].GetString()), bob.name) << "never inside code";
    EXPECT_EQ(std::string(created["data"]["discussion"]["title"].GetString()), "Events");
    EXPECT_EQ(hidden_comment.find("pong"), std::string::npos) << "a hidden comment's event carries no content";
    EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM discussions.outbox WHERE payload::text LIKE '%pong%'")[0].as<int>(),
              0)
        << "nor does the event that posted it, any longer";
  }
  ASSERT_EQ(via_gateway("DELETE", "/api/repos/delete", ada.session,
                        R"({"name":")" + repo.name + R"(","organization":")" + repo.ns + R"(","type":"model"})")
                .status,
            200);
  EXPECT_TRUE(test::eventually([&] {
    pqxx::nontransaction tx(c);
    return tx.exec_params1("SELECT count(*) FROM discussions.threads WHERE repo_id = $1::uuid", repo_id)[0].as<int>() ==
           0;
  }));
}

}  // namespace
}  // namespace hub
