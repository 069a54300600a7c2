// Bug reports through the gateway (docs/bugs.md): filed from the repo's template, read with their
// timeline, commented on; the lifecycle and the moves it refuses; duplicate chains that never close
// into a cycle; labels created, renamed, recoloured and deleted; the template replaced; bad input
// refused with a clear 4xx that stores nothing; and the events every change writes.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

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

std::string bugs(const TestRepo& r) {
  return r.api() + "/bugs";
}

std::string bug(const TestRepo& r, std::int64_t num) {
  return bugs(r) + "/" + std::to_string(num);
}

// Files a report: its number (0 when refused, which fails the test).
std::int64_t file(const TestRepo& r, const std::string& token, const std::string& body) {
  auto doc = test::answer_json(via_gateway("POST", bugs(r), token, body), 201);
  return doc.IsObject() && doc.HasMember("num") ? doc["num"].GetInt64() : 0;
}

json::Document read(const TestRepo& r, std::int64_t num, const std::string& token) {
  return test::answer_json(via_gateway("GET", bug(r, num), token));
}

http::ClientResponse patch(const TestRepo& r, std::int64_t num, const std::string& token, const std::string& body) {
  return via_gateway("PATCH", bug(r, num), token, body);
}

std::string status_of(const TestRepo& r, std::int64_t num, const std::string& token) {
  auto doc = read(r, num, token);
  return doc.IsObject() ? doc["status"].GetString() : "";
}

std::string repo_id(const TestRepo& r, const std::string& token) {
  return test::repo_field(token, r, "_id");
}

// How many rows a query counts in the stack's database.
std::int64_t count(const std::string& sql, const std::string& param) {
  pqxx::connection c(test::hub_db_url());
  pqxx::nontransaction tx(c);
  return tx.exec_params(sql, param)[0][0].as<std::int64_t>();
}

std::vector<std::string> names_in(const json::Value& list) {
  std::vector<std::string> out;
  for (const auto& v : list.GetArray())
    out.emplace_back(v["name"].GetString());
  return out;
}

TEST(Bugs, FiledFromTheTemplateReadAndCommented) {
  Account ada = test::new_account("ba");
  Account bob = test::new_account("bb");
  const TestRepo repo = test::new_repo(ada, false);
  auto tmpl = test::answer_json(via_gateway("GET", repo.api() + "/settings/bug-template", bob.session));
  EXPECT_TRUE(tmpl["default"].GetBool());
  const std::string default_body = tmpl["body"].GetString();
  EXPECT_NE(default_body.find("How to reproduce"), std::string::npos);

  // A discussion first, so that the report's number comes after it from the repo's one sequence.
  auto thread = test::answer_json(
      via_gateway("POST", repo.api() + "/discussions", ada.session, R"({"title":"Question","description":"?"})"));
  const std::int64_t thread_num = thread["num"].GetInt64();
  const std::int64_t num =
      file(repo, bob.session,
           R"({"title":"  NaN loss on long inputs  ","severity":"high","environment":{"library":"transformers",)"
           R"("libraryVersion":"4.44.0","hardware":"A100","reproduction":"x = 'a' * 100000"}})");
  ASSERT_EQ(num, thread_num + 1) << "numbers come from the repo's one sequence";
  auto doc = read(repo, num, ada.session);
  EXPECT_EQ(std::string(doc["title"].GetString()), "NaN loss on long inputs");
  EXPECT_EQ(std::string(doc["body"].GetString()), default_body) << "the template's body when none is given";
  EXPECT_EQ(std::string(doc["status"].GetString()), "open");
  EXPECT_EQ(std::string(doc["severity"].GetString()), "high");
  EXPECT_EQ(std::string(doc["author"]["name"].GetString()), bob.name);
  EXPECT_EQ(std::string(doc["environment"]["libraryVersion"].GetString()), "4.44.0");
  EXPECT_EQ(std::string(doc["environment"]["reproduction"].GetString()), "x = 'a' * 100000");
  EXPECT_TRUE(doc["affectedRevision"].IsNull());
  EXPECT_TRUE(doc["fixedIn"].IsNull());
  EXPECT_EQ(doc["timeline"].Size(), 0U);
  EXPECT_TRUE(doc["timelineComplete"].GetBool());
  EXPECT_NE(std::string(doc["url"]["web"].GetString()).find("/" + repo.path() + "/bugs/" + std::to_string(num)),
            std::string::npos);

  // A second report that references both: #N links to the thread and to the bug, as discussions link.
  const std::string body = "Same as #" + std::to_string(num) + ", see #" + std::to_string(thread_num) +
                           " and #999999; cc @" + ada.name + " <script>alert(1)</script>";
  json::Writer w;
  w.begin_object().field("title", "Also on T4").field("body", body).field("severity", "low").end_object();
  const std::int64_t second = file(repo, ada.session, w.str());
  auto two = read(repo, second, bob.session);
  const std::string html = two["bodyHtml"].GetString();
  EXPECT_NE(html.find("/bugs/" + std::to_string(num) + "\""), std::string::npos) << html;
  EXPECT_NE(html.find("/discussions/" + std::to_string(thread_num) + "\""), std::string::npos) << html;
  EXPECT_EQ(html.find("999999\""), std::string::npos) << "no such number: plain text";
  EXPECT_EQ(html.find("<script>"), std::string::npos) << "sanitized as discussions are";

  json::Writer c;
  c.begin_object().field("comment", "Reproduced with **fp16** too, @" + bob.name).end_object();
  auto posted = test::answer_json(via_gateway("POST", bug(repo, num) + "/comments", ada.session, c.str()), 201);
  EXPECT_EQ(std::string(posted["type"].GetString()), "comment");
  EXPECT_NE(std::string(posted["bodyHtml"].GetString()).find("<strong>fp16</strong>"), std::string::npos);
  EXPECT_EQ(via_gateway("POST", bug(repo, num) + "/comments", ada.session, R"({"comment":"  "})").status, 400);
  EXPECT_EQ(via_gateway("POST", bug(repo, 999999) + "/comments", ada.session, R"({"comment":"x"})").status, 404);
  doc = read(repo, num, bob.session);
  EXPECT_EQ(doc["numComments"].GetInt64(), 1);
  ASSERT_EQ(doc["timeline"].Size(), 1U);
  EXPECT_EQ(std::string(doc["timeline"][0]["author"]["name"].GetString()), ada.name);

  // The list: newest first, counts per status from the counters.
  auto list = test::answer_json(via_gateway("GET", bugs(repo), bob.session));
  ASSERT_EQ(list["bugs"].Size(), 2U);
  EXPECT_EQ(list["bugs"][0]["num"].GetInt64(), second);
  EXPECT_FALSE(list["bugs"][0].HasMember("body")) << "a list's items leave the body out";
  EXPECT_EQ(list["counts"]["open"].GetInt64(), 2);
  EXPECT_EQ(list["counts"]["closed"].GetInt64(), 0);
  EXPECT_EQ(via_gateway("GET", bug(repo, thread_num), bob.session).status, 404) << "a discussion is no bug report";

  // The events: the report with its author, and the mentions of body and comment.
  const std::string id = repo_id(repo, ada.session);
  EXPECT_EQ(
      count("SELECT count(*) FROM bugs.outbox WHERE type = 'bug.created' AND payload -> 'repo' ->> 'id' = $1", id), 2);
  EXPECT_EQ(count("SELECT count(*) FROM bugs.outbox WHERE type = 'bug.created' AND payload -> 'repo' ->> 'id' = $1 "
                  "AND payload -> 'data' -> 'mentions' -> 0 ->> 'user' = '" +
                      ada.name + "'",
                  id),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM bugs.outbox WHERE type = 'bug.comment.created' AND payload -> 'repo' ->> "
                  "'id' = $1 AND payload -> 'data' -> 'bug' -> 'author' ->> 'name' = '" +
                      bob.name + "'",
                  id),
            1);
}

TEST(Bugs, TheLifecycleAndTheMovesItRefuses) {
  Account ada = test::new_account("bl");  // owns the repo: the write role
  Account bob = test::new_account("bm");  // files the report: its author
  Account eve = test::new_account("bn");  // another reader
  const TestRepo repo = test::new_repo(ada, false);
  const std::int64_t num = file(repo, bob.session, R"({"title":"Crash on empty input","body":"It crashes."})");
  ASSERT_GT(num, 0);

  EXPECT_EQ(patch(repo, num, ada.session, R"({"status":"in_progress"})").status, 409) << "open skips no step";
  EXPECT_EQ(patch(repo, num, ada.session, R"({"status":"resolved"})").status, 409);
  EXPECT_EQ(patch(repo, num, ada.session, R"({"status":"open"})").status, 409) << "open already";
  EXPECT_EQ(patch(repo, num, bob.session, R"({"status":"triaged"})").status, 403) << "the author does not triage";
  EXPECT_EQ(patch(repo, num, eve.session, R"({"status":"triaged"})").status, 403);
  EXPECT_EQ(patch(repo, num, ada.session, R"({"status":"fixed"})").status, 400) << "no such status";
  EXPECT_EQ(status_of(repo, num, ada.session), "open") << "nothing refused changed anything";

  for (const char* step : {"triaged", "in_progress", "resolved", "closed"}) {
    SCOPED_TRACE(step);
    auto res = patch(repo, num, ada.session, std::string(R"({"status":")") + step + "\"}");
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(std::string(test::json_object(res.body)["status"].GetString()), step);
  }
  EXPECT_EQ(patch(repo, num, ada.session, R"({"status":"resolved"})").status, 409) << "closed: reopen first";
  EXPECT_EQ(patch(repo, num, eve.session, R"({"status":"open"})").status, 403) << "not hers to reopen";
  ASSERT_EQ(patch(repo, num, bob.session, R"({"status":"open"})").status, 200) << "its author reopens a closed report";
  ASSERT_EQ(patch(repo, num, bob.session, R"({"status":"closed"})").status, 200) << "and closes it";
  ASSERT_EQ(patch(repo, num, ada.session, R"({"status":"open"})").status, 200);
  ASSERT_EQ(patch(repo, num, ada.session, R"({"status":"wontfix"})").status, 200);
  EXPECT_EQ(patch(repo, num, bob.session, R"({"status":"open"})").status, 403) << "wontfix is a triage decision";
  EXPECT_EQ(patch(repo, num, ada.session, R"({"status":"closed"})").status, 409);

  // Every move recorded with its actor, in order, in the timeline.
  auto doc = read(repo, num, eve.session);
  std::vector<std::string> moves;
  for (const auto& e : doc["timeline"].GetArray()) {
    ASSERT_EQ(std::string(e["type"].GetString()), "status-change");
    moves.push_back(std::string(e["from"].GetString()) + ">" + e["to"].GetString() + ":" +
                    e["actor"]["name"].GetString());
    EXPECT_TRUE(e.HasMember("createdAt"));
  }
  const std::vector<std::string> expected = {"open>triaged:" + ada.name,         "triaged>in_progress:" + ada.name,
                                             "in_progress>resolved:" + ada.name, "resolved>closed:" + ada.name,
                                             "closed>open:" + bob.name,          "open>closed:" + bob.name,
                                             "closed>open:" + ada.name,          "open>wontfix:" + ada.name};
  EXPECT_EQ(moves, expected);
  auto list = test::answer_json(via_gateway("GET", bugs(repo), eve.session));
  EXPECT_EQ(list["counts"]["wontfix"].GetInt64(), 1);
  EXPECT_EQ(list["counts"]["open"].GetInt64(), 0) << "the counters follow every move";
  EXPECT_EQ(list["counts"]["closed"].GetInt64(), 0);

  // Text: the author and the write role edit it; another reader does not; severity is triage.
  EXPECT_EQ(patch(repo, num, eve.session, R"({"title":"Mine now"})").status, 403);
  EXPECT_EQ(patch(repo, num, bob.session, R"({"severity":"critical"})").status, 403);
  auto edited =
      patch(repo, num, bob.session, R"({"title":"Crash on an empty input","body":"It crashes, @)" + eve.name + R"("})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(std::string(test::json_object(edited.body)["title"].GetString()), "Crash on an empty input");
  EXPECT_EQ(patch(repo, num, ada.session, R"({"severity":"critical"})").status, 200);
  const std::string id = repo_id(repo, ada.session);
  EXPECT_EQ(count("SELECT count(*) FROM bugs.outbox WHERE type = 'bug.updated' AND payload -> 'repo' ->> 'id' = $1 "
                  "AND payload -> 'data' -> 'updated' -> 'status' ->> 'to' = 'wontfix'",
                  id),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM bugs.outbox WHERE type = 'bug.updated' AND payload -> 'repo' ->> 'id' = $1 "
                  "AND payload -> 'data' -> 'updated' ->> 'oldTitle' = 'Crash on empty input' "
                  "AND payload -> 'data' -> 'mentions' -> 0 ->> 'user' = '" +
                      eve.name + "'",
                  id),
            1);
}

TEST(Bugs, DuplicateChainsNeverCloseIntoACycle) {
  Account ada = test::new_account("bd");
  const TestRepo repo = test::new_repo(ada, false);
  const std::int64_t a = file(repo, ada.session, R"({"title":"A"})");
  const std::int64_t b = file(repo, ada.session, R"({"title":"B"})");
  const std::int64_t c = file(repo, ada.session, R"({"title":"C"})");
  auto dup = [&](std::int64_t from, std::int64_t to) {
    return patch(repo, from, ada.session, R"({"status":"duplicate","duplicateOf":)" + std::to_string(to) + "}");
  };
  EXPECT_EQ(patch(repo, a, ada.session, R"({"status":"duplicate"})").status, 400) << "duplicate of what?";
  EXPECT_EQ(patch(repo, a, ada.session, R"({"duplicateOf":2})").status, 400) << "duplicateOf goes with the status";
  EXPECT_EQ(dup(a, a).status, 409) << "no duplicate of itself";
  EXPECT_EQ(dup(a, 999999).status, 400) << "no such report";
  ASSERT_EQ(dup(a, b).status, 200);
  ASSERT_EQ(dup(b, c).status, 200) << "a chain: a → b → c";
  auto cycle = dup(c, a);
  EXPECT_EQ(cycle.status, 409) << cycle.body;
  EXPECT_NE(cycle.body.find("cycle"), std::string::npos);
  EXPECT_EQ(status_of(repo, c, ada.session), "open") << "the refused move stored nothing";
  EXPECT_EQ(dup(c, b).status, 409) << "a shorter cycle too";
  EXPECT_EQ(read(repo, a, ada.session)["duplicateOf"].GetInt64(), b);
  // Re-pointed without a status (it is a duplicate already), still checked.
  EXPECT_EQ(patch(repo, b, ada.session, R"({"duplicateOf":)" + std::to_string(a) + "}").status, 409);
  ASSERT_EQ(patch(repo, a, ada.session, R"({"duplicateOf":)" + std::to_string(c) + "}").status, 200);
  // Reopening breaks the chain: then c may point at b.
  ASSERT_EQ(patch(repo, b, ada.session, R"({"status":"open"})").status, 200);
  EXPECT_TRUE(read(repo, b, ada.session)["duplicateOf"].IsNull());
  EXPECT_EQ(dup(c, b).status, 200);
  auto list = test::answer_json(via_gateway("GET", bugs(repo) + "?status=duplicate", ada.session));
  EXPECT_EQ(list["bugs"].Size(), 2U);
  EXPECT_EQ(list["counts"]["duplicate"].GetInt64(), 2);
}

TEST(Bugs, LabelsAreCreatedRenamedRecolouredAndDeleted) {
  Account ada = test::new_account("bk");
  Account bob = test::new_account("bj");
  const TestRepo repo = test::new_repo(ada, false);
  auto made = test::answer_json(via_gateway("POST", repo.api() + "/labels", ada.session,
                                            R"({"name":"gpu","color":"#D73A4A","description":"GPU only"})"),
                                201);
  EXPECT_EQ(std::string(made["color"].GetString()), "#d73a4a");
  test::answer_json(via_gateway("POST", repo.api() + "/labels", ada.session, R"({"name":"regression"})"), 201);
  EXPECT_EQ(via_gateway("POST", repo.api() + "/labels", ada.session, R"({"name":"GPU"})").status, 409)
      << "names are unique, case aside";
  EXPECT_EQ(via_gateway("POST", repo.api() + "/labels", ada.session, R"({"name":"x","color":"blue"})").status, 400);
  EXPECT_EQ(via_gateway("POST", repo.api() + "/labels", bob.session, R"({"name":"mine"})").status, 403);

  const std::int64_t num = file(repo, ada.session, R"({"title":"Slow on CUDA 12","labels":["gpu","Regression"]})");
  EXPECT_EQ(names_in(read(repo, num, bob.session)["labels"]), (std::vector<std::string>{"gpu", "regression"}));
  EXPECT_EQ(via_gateway("POST", bugs(repo), bob.session, R"({"title":"x","labels":["gpu"]})").status, 403)
      << "labelling takes the write role";

  // Renamed and recoloured: the report shows the new name; the filter finds it by it.
  auto renamed = test::answer_json(
      via_gateway("PATCH", repo.api() + "/labels/gpu", ada.session, R"({"name":"cuda","color":"0e8a16"})"));
  EXPECT_EQ(std::string(renamed["name"].GetString()), "cuda");
  EXPECT_EQ(via_gateway("PATCH", repo.api() + "/labels/cuda", ada.session, R"({"name":"regression"})").status, 409);
  EXPECT_EQ(via_gateway("PATCH", repo.api() + "/labels/nope", ada.session, R"({"name":"x"})").status, 404);
  auto labelled = read(repo, num, bob.session);
  EXPECT_EQ(names_in(labelled["labels"]), (std::vector<std::string>{"cuda", "regression"}));
  EXPECT_EQ(std::string(labelled["labels"][0]["color"].GetString()), "#0e8a16");
  EXPECT_EQ(test::answer_json(via_gateway("GET", bugs(repo) + "?label=cuda", bob.session))["bugs"].Size(), 1U);
  EXPECT_EQ(test::answer_json(via_gateway("GET", bugs(repo) + "?label=gpu", bob.session))["bugs"].Size(), 0U);
  auto labels = test::answer_json(via_gateway("GET", repo.api() + "/labels", bob.session));
  ASSERT_EQ(labels["labels"].Size(), 2U);
  EXPECT_EQ(labels["labels"][0]["reports"].GetInt64(), 1);

  // Deleted: gone from the report too.
  EXPECT_EQ(via_gateway("DELETE", repo.api() + "/labels/cuda", bob.session).status, 403);
  EXPECT_EQ(via_gateway("DELETE", repo.api() + "/labels/cuda", ada.session).status, 204);
  EXPECT_EQ(via_gateway("DELETE", repo.api() + "/labels/cuda", ada.session).status, 404);
  EXPECT_EQ(names_in(read(repo, num, bob.session)["labels"]), std::vector<std::string>{"regression"});
  // Set as a whole by PATCH.
  ASSERT_EQ(patch(repo, num, ada.session, R"({"labels":[]})").status, 200);
  EXPECT_EQ(read(repo, num, bob.session)["labels"].Size(), 0U);
  const std::string id = repo_id(repo, ada.session);
  EXPECT_EQ(count("SELECT count(*) FROM bugs.outbox WHERE type = 'bug.label' AND payload -> 'repo' ->> 'id' = $1 "
                  "AND payload -> 'data' ->> 'action' = 'deleted' AND (payload -> 'data' ->> 'reports')::int = 1",
                  id),
            1);
}

TEST(Bugs, ATemplateReplacedIsWhatNewReportsStartFrom) {
  Account ada = test::new_account("bt");
  Account bob = test::new_account("bu");
  const TestRepo repo = test::new_repo(ada, false);
  test::answer_json(via_gateway("POST", repo.api() + "/labels", ada.session, R"({"name":"triage"})"), 201);
  const std::string tmpl = R"({"title":"[model]","body":"Inputs:\n\nOutputs:\n","severity":"low","labels":["triage"]})";
  EXPECT_EQ(via_gateway("PUT", repo.api() + "/settings/bug-template", bob.session, tmpl).status, 403);
  EXPECT_EQ(via_gateway("PUT", repo.api() + "/settings/bug-template", ada.session, R"({"body":"x","labels":["nope"]})")
                .status,
            400);
  EXPECT_EQ(
      via_gateway("PUT", repo.api() + "/settings/bug-template", ada.session, R"({"body":"x","severity":"p1"})").status,
      400);
  auto saved = test::answer_json(via_gateway("PUT", repo.api() + "/settings/bug-template", ada.session, tmpl));
  EXPECT_FALSE(saved["default"].GetBool());
  const std::int64_t num = file(repo, bob.session, R"({"title":"Wrong language"})");
  auto doc = read(repo, num, bob.session);
  EXPECT_EQ(std::string(doc["title"].GetString()), "[model] Wrong language");
  EXPECT_EQ(std::string(doc["body"].GetString()), "Inputs:\n\nOutputs:\n");
  EXPECT_EQ(std::string(doc["severity"].GetString()), "low");
  EXPECT_EQ(names_in(doc["labels"]), std::vector<std::string>{"triage"}) << "the template's labels, for any filer";
  const std::int64_t own = file(repo, bob.session, R"({"title":"[model] Own body","body":"mine","severity":"high"})");
  auto other = read(repo, own, bob.session);
  EXPECT_EQ(std::string(other["title"].GetString()), "[model] Own body") << "the prefix once";
  EXPECT_EQ(std::string(other["body"].GetString()), "mine");
  EXPECT_EQ(std::string(other["severity"].GetString()), "high");
}

TEST(Bugs, BadInputIsAClear4xxAndStoresNothing) {
  Account ada = test::new_account("bx");
  Account outsider = test::new_account("by");
  const TestRepo repo = test::new_repo(ada, false);
  const TestRepo secret = test::new_repo(ada, true);
  const TestRepo other = test::new_repo(ada, false);
  test::answer_json(via_gateway("POST", other.api() + "/labels", ada.session, R"({"name":"elsewhere"})"), 201);
  const std::string main_sha = test::commit_on(ada, repo, "main", "a.txt", "a\n");
  const std::string other_sha = test::commit_on(ada, other, "main", "b.txt", "b\n");
  // An assignee who cannot read the private repo; one who does not exist.
  test::commit_on(ada, secret, "main", "c.txt", "c\n");
  const std::string id = repo_id(repo, ada.session);
  const std::string secret_id = repo_id(secret, ada.session);
  auto stored = [&](const std::string& rid) {
    return count("SELECT count(*) FROM bugs.reports WHERE repo_id = $1::uuid", rid) +
           count("SELECT count(*) FROM bugs.outbox WHERE payload -> 'repo' ->> 'id' = $1", rid);
  };
  const std::int64_t before = stored(id);
  struct Bad {
    const char* what;
    const TestRepo* repo;
    std::string body;
    int status;
  };
  const std::vector<Bad> bad = {
      {"unknown severity", &repo, R"({"title":"x","severity":"blocker"})", 400},
      {"no title", &repo, R"({"body":"x"})", 400},
      {"a title of two lines", &repo, R"({"title":"a\nb"})", 400},
      {"an assignee without access", &secret, R"({"title":"x","assignees":[")" + outsider.name + R"("]})", 400},
      {"an assignee who is nobody", &repo, R"({"title":"x","assignees":["nobody-at-all-here"]})", 400},
      {"a revision not in the repo", &repo, R"({"title":"x","affectedRevision":")" + other_sha + R"("})", 400},
      {"a branch the repo lacks", &repo, R"({"title":"x","affectedRevision":"no-such-branch"})", 400},
      {"a label of another repo", &repo, R"({"title":"x","labels":["elsewhere"]})", 400},
      {"labels that are not a list", &repo, R"({"title":"x","labels":"gpu"})", 400},
      {"an environment that is not an object", &repo, R"({"title":"x","environment":"cpu"})", 400},
      {"not JSON", &repo, "{", 400},
  };
  const std::int64_t secret_before = stored(secret_id);
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.what);
    auto res = via_gateway("POST", bugs(*b.repo), ada.session, b.body);
    EXPECT_EQ(res.status, b.status) << res.body;
    EXPECT_FALSE(res.headers.get("X-Error-Message").empty()) << "a clear message";
    EXPECT_NE(res.body.find("\"error\""), std::string::npos);
  }
  EXPECT_EQ(stored(id), before) << "nothing stored, no event written";
  EXPECT_EQ(stored(secret_id), secret_before);

  // The same refusals on a change, and a duplicate cycle.
  const std::int64_t a = file(repo, ada.session, R"({"title":"a","affectedRevision":"main"})");
  EXPECT_EQ(read(repo, a, ada.session)["affectedRevision"].GetString(), main_sha) << "stored as the commit";
  const std::int64_t b = file(repo, ada.session, R"({"title":"b"})");
  ASSERT_EQ(patch(repo, a, ada.session, R"({"status":"duplicate","duplicateOf":)" + std::to_string(b) + "}").status,
            200);
  const std::int64_t changed = stored(id);
  EXPECT_EQ(patch(repo, b, ada.session, R"({"severity":"urgent"})").status, 400);
  EXPECT_EQ(patch(repo, b, ada.session, R"({"assignees":["nobody-at-all-here"]})").status, 400);
  EXPECT_EQ(patch(repo, b, ada.session, R"({"assignees":[7]})").status, 400);
  EXPECT_EQ(patch(repo, b, ada.session, R"({"affectedRevision":")" + other_sha + R"("})").status, 400);
  EXPECT_EQ(patch(repo, b, ada.session, R"({"fixedIn":")" + other_sha + R"("})").status, 400);
  EXPECT_EQ(patch(repo, b, ada.session, R"({"labels":["elsewhere"]})").status, 400);
  EXPECT_EQ(patch(repo, b, ada.session, R"({"status":"duplicate","duplicateOf":)" + std::to_string(a) + "}").status,
            409);
  EXPECT_EQ(patch(repo, b, ada.session, R"({"status":"triaged","severity":"nope"})").status, 400);
  EXPECT_EQ(stored(id), changed) << "nothing stored, no event written";
  EXPECT_EQ(status_of(repo, b, ada.session), "open");
  EXPECT_EQ(via_gateway("GET", bugs(repo) + "?severity=blocker", ada.session).status, 400);
  EXPECT_EQ(via_gateway("GET", bugs(repo) + "?sort=popular", ada.session).status, 400);
  EXPECT_EQ(via_gateway("GET", bugs(repo) + "?cursor=forged", ada.session).status, 400);
  EXPECT_EQ(via_gateway("GET", bugs(repo) + "/abc", ada.session).status, 404);

  // An assignee who can read: stored, by id, and in the event.
  auto assigned = patch(repo, b, ada.session, R"({"assignees":[")" + ada.name + R"("]})");
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(names_in(test::json_object(assigned.body)["assignees"]), std::vector<std::string>{ada.name});
  EXPECT_EQ(count("SELECT count(*) FROM bugs.outbox WHERE type = 'bug.updated' AND payload -> 'repo' ->> 'id' = $1 "
                  "AND payload -> 'data' -> 'updated' -> 'assigned' -> 0 ->> 'id' = '" +
                      ada.id + "'",
                  id),
            1);
  EXPECT_EQ(test::answer_json(via_gateway("GET", bugs(repo) + "?assignee=" + ada.name, ada.session))["bugs"].Size(),
            1U);
}

// A retry of a POST with its Idempotency-Key answers as the first did: one report, one number
// spent, one comment; the same key with another request is refused.
TEST(Bugs, RetriesWithAnIdempotencyKeyFileAndCommentOnce) {
  Account ada = test::new_account("bi");
  const TestRepo repo = test::new_repo(ada, false);
  auto post = [&](const std::string& target, const std::string& key, const std::string& body) {
    http::Client client(test::stack_gateway());
    http::ClientRequest req;
    req.method = "POST";
    req.target = target;
    req.body = body;
    req.headers.set("Authorization", "Bearer " + ada.session);
    req.headers.set("Content-Type", "application/json");
    req.headers.set("Idempotency-Key", key);
    return client.send(req);
  };
  auto first = post(bugs(repo), "file-1", R"({"title":"Once"})");
  auto again = post(bugs(repo), "file-1", R"({"title":"Once"})");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(again.status, 201);
  const std::int64_t num = test::json_object(first.body)["num"].GetInt64();
  EXPECT_EQ(test::json_object(again.body)["num"].GetInt64(), num);
  EXPECT_EQ(post(bugs(repo), "file-1", R"({"title":"Another"})").status, 422);
  EXPECT_EQ(file(repo, ada.session, R"({"title":"Next"})"), num + 1) << "the retry spent no number";
  auto comment = post(bug(repo, num) + "/comments", "c-1", R"({"comment":"once"})");
  auto retried = post(bug(repo, num) + "/comments", "c-1", R"({"comment":"once"})");
  ASSERT_EQ(comment.status, 201);
  EXPECT_EQ(std::string(test::json_object(retried.body)["id"].GetString()),
            std::string(test::json_object(comment.body)["id"].GetString()));
  EXPECT_EQ(read(repo, num, ada.session)["numComments"].GetInt64(), 1);
  EXPECT_EQ(post(bug(repo, num) + "/comments", "c-1", R"({"comment":"twice"})").status, 422);
}

// `#N` in a discussion links to bug report N: discussions learns the report's number from bugs'
// bug.created event, so the link appears once that event has arrived (the text renders either way).
TEST(Bugs, AThreadsReferenceToAReportLinksToIt) {
  Account ada = test::new_account("bl");
  const TestRepo repo = test::new_repo(ada, false);
  const std::int64_t num = file(repo, ada.session, R"({"title":"Tokenizer splits emoji","severity":"low"})");
  ASSERT_GT(num, 0);
  auto thread = test::answer_json(
      via_gateway("POST", repo.api() + "/discussions", ada.session, R"({"title":"Emoji","description":"?"})"));
  const std::string comment_path = repo.api() + "/discussions/" + std::to_string(thread["num"].GetInt64()) + "/comment";
  std::string html;
  EXPECT_TRUE(test::eventually([&] {
    auto said = test::answer_json(
        via_gateway("POST", comment_path, ada.session, R"({"comment":"Tracked in #)" + std::to_string(num) + R"("})"));
    html = said.IsObject() ? said["newMessage"]["data"]["latest"]["html"].GetString() : "";
    return html.find("/" + repo.path() + "/bugs/" + std::to_string(num) + "\"") != std::string::npos;
  })) << html;
}

}  // namespace
}  // namespace hub
