// The Hub's repo API through the gateway, as the Python client's contract (docs/hub-contract.md §2, §3)
// describes it, replayed with plain HTTP: create, info, commit, tree, paths-info, resolve with
// ranges, refs, branches, tags, history, lists, settings, moves and deletes, and the LFS flow with
// proof of possession.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "common/crypto/sha256.hpp"
#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/base64.hpp"
#include "common/util/random.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

using test::via_gateway;

using Repo = test::TestRepo;

Repo create_repo(const test::Account& a, bool is_private, const std::string& org = {}) {
  return test::new_repo(a, is_private, org);
}

std::string file_line(const std::string& path, const std::string& content) {
  return R"({"key":"file","value":{"path":")" + path + R"(","content":")" + util::base64_encode(content) +
         R"(","encoding":"base64"}})";
}

std::string header_line(const std::string& summary, const std::string& parent = {}) {
  std::string v = R"({"summary":")" + summary + "\"";
  if (!parent.empty()) v += R"(,"parentCommit":")" + parent + "\"";
  return R"({"key":"header","value":)" + v + "}}";
}

http::ClientResponse commit(const test::Account& a, const Repo& r, const std::vector<std::string>& lines,
                            const std::string& branch = "main") {
  std::string body;
  for (const auto& l : lines)
    body += l + "\n";
  return via_gateway("POST", r.api() + "/commit/" + branch, a.session, body, "application/x-ndjson");
}

json::Document parse(const http::ClientResponse& r) {
  auto doc = json::parse(r.body);
  EXPECT_TRUE(doc.ok()) << r.body;
  return std::move(doc.value());
}

http::ClientResponse get(const std::string& target, const std::string& token = {},
                         const std::vector<std::pair<std::string, std::string>>& headers = {},
                         const std::string& method = "GET") {
  http::Client client(test::stack_gateway());
  http::ClientRequest req;
  req.method = method;
  req.target = target;
  if (!token.empty()) req.headers.set("Authorization", "Bearer " + token);
  for (const auto& [k, v] : headers)
    req.headers.set(k, v);
  return client.send(req);
}

TEST(ReposApi, CreateCommitAndReadBack) {
  auto a = test::new_account("ra");
  Repo r = create_repo(a, false);
  auto again = via_gateway("POST", "/api/repos/create", a.session,
                           R"({"name":")" + r.name + R"(","organization":")" + r.ns + R"(","type":"model"})");
  EXPECT_EQ(again.status, 409) << again.body;

  auto info = get(r.api() + "/revision/HEAD");
  ASSERT_EQ(info.status, 200) << info.body;
  auto doc = parse(info);
  EXPECT_EQ(std::string(doc["id"].GetString()), r.path());
  const std::string first = doc["sha"].GetString();
  EXPECT_EQ(first.size(), 40U);
  EXPECT_EQ(std::string(doc["siblings"][0]["rfilename"].GetString()), ".gitattributes");
  // The file list is made only when asked for, or when nothing in particular is asked for.
  EXPECT_FALSE(parse(get(r.api() + "?expand[]=likes")).HasMember("siblings"));
  EXPECT_TRUE(parse(get(r.api() + "?expand=likes&expand=siblings")).HasMember("siblings"));

  auto made = commit(
      a, r, {header_line("Add files", first), file_line("a.txt", "hello world"), file_line("dir/sub/b.txt", "nested")});
  ASSERT_EQ(made.status, 200) << made.body;
  auto out = parse(made);
  const std::string sha = out["commitOid"].GetString();
  EXPECT_NE(std::string(out["commitUrl"].GetString()).find("/commit/" + sha), std::string::npos);

  // A stale parent is refused, and nothing changes.
  auto stale = commit(a, r, {header_line("Stale", first), file_line("a.txt", "lost update")});
  EXPECT_EQ(stale.status, 412) << stale.body;
  auto head = parse(get(r.api()));
  EXPECT_EQ(std::string(head["sha"].GetString()), sha);

  auto tree = get(r.api() + "/tree/main?recursive=true");
  ASSERT_EQ(tree.status, 200) << tree.body;
  std::vector<std::string> paths;
  auto listing = parse(tree);
  for (const auto& e : listing.GetArray())
    paths.emplace_back(e["path"].GetString());
  EXPECT_EQ(paths, (std::vector<std::string>{".gitattributes", "a.txt", "dir", "dir/sub", "dir/sub/b.txt"}));
  auto sub = get(r.api() + "/tree/main/dir?expand=true");
  ASSERT_EQ(sub.status, 200) << sub.body;
  auto subdoc = parse(sub);
  EXPECT_EQ(std::string(subdoc[0]["path"].GetString()), "dir/sub");
  EXPECT_EQ(std::string(subdoc[0]["type"].GetString()), "directory");
  EXPECT_EQ(std::string(subdoc[0]["lastCommit"]["id"].GetString()), sha);
  EXPECT_EQ(get(r.api() + "/tree/main/nope").headers.get("X-Error-Code"), "EntryNotFound");

  auto file = get("/" + r.path() + "/resolve/main/a.txt");
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body, "hello world");
  EXPECT_EQ(file.headers.get("X-Repo-Commit"), sha);
  const std::string etag(file.headers.get("ETag"));
  EXPECT_EQ(etag.size(), 42U) << etag;  // the quoted git oid
  auto probe = get("/" + r.path() + "/resolve/main/a.txt", {}, {{"Range", "bytes=0-0"}});
  EXPECT_EQ(probe.status, 206);
  EXPECT_EQ(probe.body, "h");
  EXPECT_EQ(probe.headers.get("Content-Range"), "bytes 0-0/11");
  auto resume = get("/" + r.path() + "/resolve/" + sha + "/a.txt", {}, {{"Range", "bytes=6-"}});
  EXPECT_EQ(resume.status, 206);
  EXPECT_EQ(resume.body, "world");
  auto head_req = get("/" + r.path() + "/resolve/main/dir/sub/b.txt", {}, {{"Accept-Encoding", "identity"}}, "HEAD");
  EXPECT_EQ(head_req.status, 200);
  EXPECT_EQ(head_req.headers.get("Content-Length"), "6");
  EXPECT_EQ(head_req.headers.get("X-Repo-Commit"), sha);
  auto missing = get("/" + r.path() + "/resolve/main/nope.txt");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.headers.get("X-Error-Code"), "EntryNotFound");
  EXPECT_EQ(missing.headers.get("X-Repo-Commit"), sha);
  EXPECT_EQ(get("/" + r.path() + "/resolve/nobranch/a.txt").headers.get("X-Error-Code"), "RevisionNotFound");

  // paths-info, as JSON (JS) and as a form (PY).
  auto pj = via_gateway("POST", r.api() + "/paths-info/main", a.session, R"({"paths":["a.txt","zz"],"expand":true})");
  ASSERT_EQ(pj.status, 200) << pj.body;
  auto pjdoc = parse(pj);
  ASSERT_EQ(pjdoc.Size(), 1U);
  EXPECT_EQ(std::string(pjdoc[0]["lastCommit"]["id"].GetString()), sha);
  auto pf = via_gateway("POST", r.api() + "/paths-info/main", a.session, "paths=a.txt&paths=dir%2Fsub&expand=false",
                        "application/x-www-form-urlencoded");
  ASSERT_EQ(pf.status, 200) << pf.body;
  EXPECT_EQ(parse(pf).Size(), 2U);

  // Deleting a missing file is EntryNotFound; deleting a real one works.
  auto bad_delete = commit(a, r, {header_line("rm"), R"({"key":"deletedFile","value":{"path":"nope"}})"});
  EXPECT_EQ(bad_delete.status, 404);
  EXPECT_EQ(bad_delete.headers.get("X-Error-Code"), "EntryNotFound");
  auto removed = commit(a, r, {header_line("rm"), R"({"key":"deletedFolder","value":{"path":"dir"}})"});
  EXPECT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(get("/" + r.path() + "/resolve/main/dir/sub/b.txt").status, 404);
  EXPECT_EQ(get("/" + r.path() + "/resolve/" + sha + "/dir/sub/b.txt").body, "nested");

  auto commits = get(r.api() + "/commits/main?limit=2");
  ASSERT_EQ(commits.status, 200) << commits.body;
  EXPECT_EQ(commits.headers.get("X-Total-Count"), "3");
  EXPECT_EQ(parse(commits).Size(), 2U);
  EXPECT_NE(commits.headers.get("Link").find("rel=\"next\""), std::string::npos);
  EXPECT_EQ(std::string(parse(commits)[1]["id"].GetString()), sha);
}

TEST(ReposApi, BranchesTagsAndRefs) {
  auto a = test::new_account("rb");
  Repo r = create_repo(a, false);
  ASSERT_EQ(commit(a, r, {header_line("one"), file_line("x.txt", "1")}).status, 200);
  EXPECT_EQ(via_gateway("POST", r.api() + "/branch/dev", a.session, "{}").status, 200);
  EXPECT_EQ(via_gateway("POST", r.api() + "/branch/dev", a.session, "{}").status, 409);
  EXPECT_EQ(via_gateway("POST", r.api() + "/branch/refs%2Fpr%2F5", a.session, "{}").status, 400);
  EXPECT_EQ(via_gateway("POST", r.api() + "/branch/feature%2Fx", a.session, "{}").status, 200);
  ASSERT_EQ(commit(a, r, {header_line("on dev"), file_line("y.txt", "2")}, "dev").status, 200);
  EXPECT_EQ(get("/" + r.path() + "/resolve/dev/y.txt").body, "2");
  EXPECT_EQ(get("/" + r.path() + "/resolve/main/y.txt").status, 404);
  EXPECT_EQ(get("/" + r.path() + "/resolve/feature%2Fx/x.txt").body, "1");
  EXPECT_EQ(get(r.api() + "/tree/feature/x").status, 200);  // raw slashes: the longest ref wins
  EXPECT_EQ(via_gateway("POST", r.api() + "/tag/dev", a.session, R"({"tag":"v1","message":"first"})").status, 200);
  EXPECT_EQ(via_gateway("POST", r.api() + "/tag/dev", a.session, R"({"tag":"v1"})").status, 409);
  EXPECT_EQ(get("/" + r.path() + "/resolve/v1/y.txt").body, "2");

  auto refs = parse(get(r.api() + "/refs"));
  std::vector<std::string> branches;
  for (const auto& b : refs["branches"].GetArray())
    branches.emplace_back(b["name"].GetString());
  std::sort(branches.begin(), branches.end());
  EXPECT_EQ(branches, (std::vector<std::string>{"dev", "feature/x", "main"}));
  EXPECT_EQ(std::string(refs["tags"][0]["ref"].GetString()), "refs/tags/v1");
  EXPECT_TRUE(refs["converts"].IsArray());

  EXPECT_EQ(via_gateway("DELETE", r.api() + "/branch/dev", a.session).status, 200);
  EXPECT_EQ(via_gateway("DELETE", r.api() + "/branch/dev", a.session).status, 404);
  EXPECT_EQ(via_gateway("DELETE", r.api() + "/tag/v1", a.session).status, 200);
  EXPECT_EQ(get("/" + r.path() + "/resolve/v1/y.txt").headers.get("X-Error-Code"), "RevisionNotFound");
}

TEST(ReposApi, PrivateReposLookMissing) {
  auto owner = test::new_account("rp");
  auto other = test::new_account("ro");
  Repo r = create_repo(owner, true);
  ASSERT_EQ(commit(owner, r, {header_line("secret"), file_line("s.txt", "secret")}).status, 200);
  EXPECT_EQ(get("/" + r.path() + "/resolve/main/s.txt", owner.session).body, "secret");
  auto anon = get("/" + r.path() + "/resolve/main/s.txt");
  EXPECT_EQ(anon.status, 401);
  EXPECT_EQ(anon.headers.get("X-Error-Code"), "RepoNotFound");
  auto outsider = get(r.api(), other.session);
  EXPECT_EQ(outsider.status, 404);
  EXPECT_EQ(outsider.headers.get("X-Error-Code"), "RepoNotFound");
  EXPECT_EQ(outsider.body.find(r.name), std::string::npos);

  // Lists show it to its owner only.
  auto mine = parse(get("/api/models?author=" + owner.name, owner.session));
  EXPECT_EQ(mine.Size(), 1U);
  EXPECT_EQ(parse(get("/api/models?author=" + owner.name, other.session)).Size(), 0U);
  EXPECT_EQ(parse(get("/api/models?search=" + r.name)).Size(), 0U);

  // Made public, it shows to everyone; the outsider still may not write.
  EXPECT_EQ(via_gateway("PUT", r.api() + "/settings", other.session, R"({"private":false})").status, 404);
  auto pub = via_gateway("PUT", r.api() + "/settings", owner.session, R"({"visibility":"public"})");
  EXPECT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(get("/" + r.path() + "/resolve/main/s.txt").body, "secret");
  EXPECT_EQ(parse(get("/api/models?search=" + r.name)).Size(), 1U);
  EXPECT_EQ(commit(other, r, {header_line("vandal"), file_line("s.txt", "x")}).status, 403);
}

TEST(ReposApi, ListsPageWithAbsoluteLinks) {
  auto a = test::new_account("rl");
  for (int i = 0; i < 3; ++i)
    create_repo(a, false);
  auto page1 = get("/api/models?author=" + a.name + "&limit=2");
  ASSERT_EQ(page1.status, 200);
  EXPECT_EQ(parse(page1).Size(), 2U);
  const std::string link(page1.headers.get("Link"));
  ASSERT_NE(link.find("; rel=\"next\""), std::string::npos) << link;
  const auto start = link.find("://");
  const auto path = link.find('/', start + 3);
  auto page2 = get(link.substr(path, link.find('>') - path));
  ASSERT_EQ(page2.status, 200) << page2.body;
  EXPECT_EQ(parse(page2).Size(), 1U);
  EXPECT_TRUE(page2.headers.get("Link").empty());
}

TEST(ReposApi, MoveAndDelete) {
  auto a = test::new_account("rm");
  Repo r = create_repo(a, false);
  const std::string to = a.name + "/moved" + util::random_id().substr(0, 6);
  auto moved = via_gateway("POST", "/api/repos/move", a.session,
                           R"({"fromRepo":")" + r.path() + R"(","toRepo":")" + to + R"(","type":"model"})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(get("/api/models/" + to).status, 200);
  // The old path redirects, keeping the rest of the request.
  auto old = get(r.api() + "/tree/main?recursive=true", a.session);
  EXPECT_EQ(old.status, 307);
  EXPECT_EQ(old.headers.get("Location"), "/api/models/" + to + "/tree/main?recursive=true");
  EXPECT_EQ(get("/" + r.path() + "/resolve/main/.gitattributes").headers.get("Location"),
            "/" + to + "/resolve/main/.gitattributes");
  // A new repo may take the old name; then it is that repo's.
  auto again = via_gateway("POST", "/api/repos/create", a.session, R"({"name":")" + r.name + R"(","type":"model"})");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(get(r.api(), a.session).status, 200);
  auto gone = via_gateway(
      "DELETE", "/api/repos/delete", a.session,
      R"({"name":")" + to.substr(to.find('/') + 1) + R"(","organization":")" + a.name + R"(","type":"model"})");
  ASSERT_EQ(gone.status, 200) << gone.body;
  EXPECT_EQ(get("/api/models/" + to, a.session).status, 404);
  auto twice = via_gateway(
      "DELETE", "/api/repos/delete", a.session,
      R"({"name":")" + to.substr(to.find('/') + 1) + R"(","organization":")" + a.name + R"(","type":"model"})");
  EXPECT_EQ(twice.status, 404);
  EXPECT_EQ(twice.headers.get("X-Error-Code"), "RepoNotFound");
}

TEST(ReposApi, LfsUploadNeedsTheBytesInThisRepo) {
  auto a = test::new_account("rf");
  auto b = test::new_account("rg");
  Repo r = create_repo(a, true);
  Repo other = create_repo(b, false);
  const std::string weights(300000, 'w');
  const std::string oid = crypto::sha256_hex(weights);

  auto pre = via_gateway("POST", r.api() + "/preupload/main", a.session,
                         R"({"files":[{"path":"model.safetensors","size":300000,"sample":")" +
                             util::base64_encode(weights.substr(0, 512)) +
                             R"("},{"path":"notes.md","size":5,"sample":"aGVsbG8="}]})");
  ASSERT_EQ(pre.status, 200) << pre.body;
  auto predoc = parse(pre);
  EXPECT_EQ(std::string(predoc["files"][0]["uploadMode"].GetString()), "lfs");
  EXPECT_EQ(std::string(predoc["files"][1]["uploadMode"].GetString()), "regular");
  EXPECT_FALSE(predoc["files"][1]["shouldIgnore"].GetBool());

  const std::string batch_body =
      R"({"operation":"upload","transfers":["basic","multipart","xet"],"hash_algo":"sha_256",)"
      R"("objects":[{"oid":")" +
      oid + R"(","size":300000}]})";
  auto batch = via_gateway("POST", "/" + r.path() + ".git/info/lfs/objects/batch", a.session, batch_body,
                           "application/vnd.git-lfs+json");
  ASSERT_EQ(batch.status, 200) << batch.body;
  auto bdoc = parse(batch);
  EXPECT_EQ(std::string(bdoc["transfer"].GetString()), "basic");
  const std::string href = bdoc["objects"][0]["actions"]["upload"]["href"].GetString();
  const std::string upload_path = href.substr(href.find('/', href.find("://") + 3));

  // A wrong body is refused and stores nothing; the right one, without credentials, is accepted.
  http::Client client(test::stack_gateway());
  http::ClientRequest put;
  put.method = "PUT";
  put.target = upload_path;
  put.body = std::string(300000, 'x');
  EXPECT_EQ(client.send(put).status, 400);
  put.body = weights.substr(0, 1000);
  EXPECT_EQ(client.send(put).status, 400);
  put.target = upload_path.substr(0, upload_path.size() - 2) + "00";  // a forged signature
  put.body = weights;
  EXPECT_EQ(client.send(put).status, 403);
  put.target = upload_path;
  EXPECT_EQ(client.send(put).status, 200);

  auto again = parse(via_gateway("POST", "/" + r.path() + ".git/info/lfs/objects/batch", a.session, batch_body,
                                 "application/vnd.git-lfs+json"));
  EXPECT_FALSE(again["objects"][0].HasMember("actions"));  // already stored for this repo

  const std::string lfs_line =
      R"({"key":"lfsFile","value":{"path":"model.safetensors","algo":"sha256","oid":")" + oid + R"(","size":300000}})";
  auto made = commit(a, r, {header_line("weights"), lfs_line});
  ASSERT_EQ(made.status, 200) << made.body;
  auto file = get("/" + r.path() + "/resolve/main/model.safetensors", a.session);
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body, weights);
  EXPECT_EQ(file.headers.get("ETag"), "\"" + oid + "\"");
  auto raw = get("/" + r.path() + "/raw/main/model.safetensors", a.session);
  EXPECT_NE(raw.body.find("oid sha256:" + oid), std::string::npos);
  auto info = parse(get(r.api() + "?blobs=true", a.session));
  bool found = false;
  for (const auto& s : info["siblings"].GetArray()) {
    if (std::string(s["rfilename"].GetString()) == "model.safetensors") {
      found = true;
      EXPECT_EQ(std::string(s["lfs"]["sha256"].GetString()), oid);
      EXPECT_EQ(s["size"].GetUint64(), 300000U);
    }
  }
  EXPECT_TRUE(found);

  // Knowing the hash is not enough: the other user's repo was never given the bytes.
  auto theft = commit(b, other, {header_line("steal"), lfs_line});
  EXPECT_EQ(theft.status, 400) << theft.body;
  auto theirs = parse(via_gateway("POST", "/" + other.path() + ".git/info/lfs/objects/batch", b.session, batch_body,
                                  "application/vnd.git-lfs+json"));
  EXPECT_TRUE(theirs["objects"][0].HasMember("actions"));
  auto download = parse(via_gateway("POST", "/" + other.path() + ".git/info/lfs/objects/batch", b.session,
                                    R"({"operation":"download","objects":[{"oid":")" + oid + R"(","size":300000}]})",
                                    "application/vnd.git-lfs+json"));
  EXPECT_EQ(download["objects"][0]["error"]["code"].GetInt(), 404);
}

TEST(ReposApi, BadInputChangesNothing) {
  auto a = test::new_account("rx");
  Repo r = create_repo(a, false);
  const std::string head = parse(get(r.api()))["sha"].GetString();
  for (const std::string path : {"../x", "/abs", "a\\\\b", "a/../b", ".git/config", "a/.git/x", "a//b", "x\\u0000y"}) {
    auto res = commit(a, r,
                      {header_line("bad"),
                       R"({"key":"file","value":{"path":")" + path + R"(","content":"aGk=","encoding":"base64"}})"});
    EXPECT_EQ(res.status, 400) << path << " " << res.body;
  }
  EXPECT_EQ(
      commit(a, r, {header_line("bad"), R"({"key":"file","value":{"path":"a","content":"!!!!","encoding":"base64"}})"})
          .status,
      400);
  EXPECT_EQ(commit(a, r, {file_line("a", "no header")}).status, 400);
  EXPECT_EQ(commit(a, r, {header_line("x"), "{not json"}).status, 400);
  EXPECT_EQ(commit(a, r, {header_line("x"), R"({"key":"lfsFile","value":{"path":"w","oid":"abc","size":1}})"}).status,
            400);
  EXPECT_EQ(commit(a, r, {header_line("x"), file_line("a", "1")}, "nobranch").status, 404);
  EXPECT_EQ(commit(a, r, {header_line("x"), file_line("a", "1"), file_line("a/b", "2")}).status, 400);
  // One line far over the limit is refused without reading it all into memory.
  std::string huge = R"({"key":"file","value":{"path":"big","content":")" + std::string(17 << 20, 'A') + "\"}}";
  EXPECT_EQ(commit(a, r, {header_line("huge"), huge}).status, 413);
  EXPECT_EQ(std::string(parse(get(r.api()))["sha"].GetString()), head);

  for (const std::string& name :
       std::vector<std::string>{"models", "a..b", "x.git", "-lead", "", std::string(100, 'n')}) {
    auto res = via_gateway("POST", "/api/repos/create", a.session, R"({"name":")" + name + R"(","type":"model"})");
    EXPECT_EQ(res.status, 400) << name << " " << res.body;
  }
  EXPECT_EQ(via_gateway("POST", "/api/repos/create", a.session, R"({"name":"ok","type":"weird"})").status, 400);
  EXPECT_EQ(via_gateway("POST", "/api/repos/create", a.session, "not json").status, 400);
  EXPECT_EQ(via_gateway("POST", "/api/repos/create", {}, R"({"name":"anon"})").status, 401);

  auto yaml = parse(via_gateway("POST", "/api/validate-yaml", a.session,
                                R"({"content":"---\nlicense: mit\ntags: [a, b\n---\n# card","repoType":"model"})"));
  EXPECT_EQ(yaml["errors"].Size(), 1U);
  auto good = parse(via_gateway("POST", "/api/validate-yaml", a.session,
                                R"({"content":"---\nlicense: mit\ntags: [a, b]\n---\n# card","repoType":"model"})"));
  EXPECT_EQ(good["errors"].Size(), 0U);
}

TEST(ReposApi, ConcurrentCommitsLoseNothing) {
  auto a = test::new_account("rc");
  Repo r = create_repo(a, false);
  const std::string head = parse(get(r.api()))["sha"].GetString();
  std::vector<std::thread> threads;
  threads.reserve(6);
  std::vector<int> statuses(6);
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = commit(a, r,
                           {header_line("c" + std::to_string(i), head),
                            file_line("f" + std::to_string(i) + ".txt", std::to_string(i))})
                        .status;
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 412), 5);
  EXPECT_EQ(get(r.api() + "/commits/main").headers.get("X-Total-Count"), "2");
}

}  // namespace
}  // namespace hub

namespace hub {
namespace {

TEST(ReposApi, ProtectionAndStatuses) {
  auto admin = test::new_account("rs");
  auto writer = test::new_account("rw");
  const std::string org = "ps" + util::random_id().substr(0, 8);
  ASSERT_EQ(via_gateway("POST", "/api/organizations", admin.session, R"({"name":")" + org + R"("})").status, 201);
  ASSERT_EQ(via_gateway("PUT", "/api/organizations/" + org + "/members/" + writer.name + "/role", admin.session,
                        R"({"role":"write"})")
                .status,
            200);
  Repo r = create_repo(admin, false, org);
  ASSERT_EQ(commit(admin, r, {header_line("one"), file_line("a.txt", "1")}).status, 200);
  EXPECT_EQ(via_gateway("POST", r.api() + "/branch/release%2F1", admin.session, "{}").status, 200);

  EXPECT_EQ(via_gateway("PUT", r.api() + "/settings/protection", writer.session, R"({"rules":[]})").status, 403);
  EXPECT_EQ(via_gateway("PUT", r.api() + "/settings/protection", admin.session, R"({"rules":[{"pattern":""}]})").status,
            400);
  auto put = via_gateway("PUT", r.api() + "/settings/protection", admin.session,
                         R"({"rules":[{"pattern":"main","requiredApprovals":1,"requiredStatusChecks":["ci/eval"]},)"
                         R"({"pattern":"release/*","pushRoles":"admin"}]})");
  ASSERT_EQ(put.status, 200) << put.body;
  auto got = parse(get(r.api() + "/settings/protection", writer.session));
  EXPECT_EQ(got["rules"].Size(), 2U);
  EXPECT_EQ(std::string(got["rules"][1]["pushRoles"].GetString()), "admin");

  // main: writers commit, nobody deletes it or moves it backwards.
  EXPECT_EQ(commit(writer, r, {header_line("two"), file_line("b.txt", "2")}).status, 200);
  // release/*: admins only.
  EXPECT_EQ(commit(writer, r, {header_line("x"), file_line("c.txt", "3")}, "release%2F1").status, 403);
  EXPECT_EQ(commit(admin, r, {header_line("x"), file_line("c.txt", "3")}, "release%2F1").status, 200);
  EXPECT_EQ(via_gateway("DELETE", r.api() + "/branch/release%2F1", admin.session).status, 403);
  const std::string first = parse(get(r.api() + "/commits/main"))[1]["id"].GetString();
  EXPECT_EQ(via_gateway("POST", r.api() + "/branch/main", admin.session,
                        R"({"startingPoint":")" + first + R"(","overwrite":true})")
                .status,
            403);

  // Statuses: the latest per context, combined.
  const std::string head = parse(get(r.api()))["sha"].GetString();
  auto post = [&](const std::string& body, const std::string& token) {
    return via_gateway("POST", r.api() + "/statuses/" + head, token, body);
  };
  EXPECT_EQ(post(R"({"state":"pending","context":"ci/eval"})", writer.session).status, 201);
  EXPECT_EQ(
      post(R"({"state":"success","context":"ci/eval","metrics":{"accuracy":0.91},"targetUrl":"https://ci.example/1"})",
           writer.session)
          .status,
      201);
  EXPECT_EQ(post(R"({"state":"pending","context":"ci/lint"})", writer.session).status, 201);
  auto statuses = parse(get(r.api() + "/statuses/" + head));
  EXPECT_EQ(std::string(statuses["state"].GetString()), "pending");
  ASSERT_EQ(statuses["statuses"].Size(), 2U);
  EXPECT_DOUBLE_EQ(statuses["statuses"][0]["metrics"]["accuracy"].GetDouble(), 0.91);
  EXPECT_EQ(post(R"({"state":"failure","context":"ci/lint"})", writer.session).status, 201);
  EXPECT_EQ(std::string(parse(get(r.api() + "/statuses/" + head))["state"].GetString()), "failure");
  // Bad input and outsiders.
  EXPECT_EQ(post(R"({"state":"done","context":"x"})", writer.session).status, 400);
  EXPECT_EQ(post(R"({"state":"success","metrics":{"a":"high"}})", writer.session).status, 400);
  EXPECT_EQ(post(R"j({"state":"success","targetUrl":"javascript:alert(1)"})j", writer.session).status, 400);
  EXPECT_EQ(via_gateway("POST", r.api() + "/statuses/" + std::string(40, 'a'), writer.session, R"({"state":"success"})")
                .status,
            404);
  auto outsider = test::new_account("ry");
  EXPECT_EQ(post(R"({"state":"success"})", outsider.session).status, 403);
}

}  // namespace
}  // namespace hub

namespace hub {
namespace {

TEST(ReposApi, TheFirstAdministratorCreatesReposInItsOwnNamespace) {
  std::ifstream in(test::require_env("HUB_TEST_DATA_DIR") + "/admin-token");
  std::string token;
  std::getline(in, token);
  ASSERT_FALSE(token.empty());
  const std::string name = "a" + util::random_id().substr(0, 10);
  auto made = via_gateway("POST", "/api/repos/create", token, R"({"name":")" + name + R"("})");
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_EQ(get("/api/models/admin/" + name, token).status, 200);
}

}  // namespace
}  // namespace hub
