// What pull-request review reads from repos' internal endpoints, called as pulls calls them: the
// changes of two revisions (paged, renames, binary and LFS files), a file's lines, blobs, the
// protection rule of a branch, statuses, merges tried without writing, ancestry.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <set>
#include <thread>

#include "common/crypto/sha256.hpp"
#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/base64.hpp"
#include "common/util/random.hpp"
#include "tests/support/git_shell.hpp"
#include "tests/support/internal_repo_calls.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

using test::internal;
using test::Made;
using test::make_repo;
using test::put_file;
using test::via_gateway;

std::string commit_ops(const test::Account& a, const Made& r, const std::string& branch,
                       const std::vector<std::string>& ops) {
  std::string body = test::commit_header_line("change " + branch) + "\n";
  for (const auto& op : ops)
    body += op + "\n";
  auto res =
      via_gateway("POST", "/api/models/" + r.path + "/commit/" + branch, a.session, body, "application/x-ndjson");
  EXPECT_EQ(res.status, 200) << res.body;
  auto doc = json::parse_object(res.body);
  if (!doc || !doc.value().HasMember("commitOid")) return {};
  return doc.value()["commitOid"].GetString();
}

std::string delete_line(const std::string& path) {
  return R"({"key":"deletedFile","value":{"path":")" + path + R"("}})";
}

json::Document internal_json(const std::string& target) {
  auto res = internal("GET", target);
  EXPECT_EQ(res.status, 200) << target << ": " << res.body;
  return test::json_object(res.status == 200 ? res.body : "{}");
}

// "line 1\n" … "line n\n".
std::string numbered(int from, int to) {
  std::string out;
  for (int i = from; i <= to; ++i)
    out += "line " + std::to_string(i) + "\n";
  return out;
}

std::string str(const json::Value& v, const char* key) {
  return v.HasMember(key) && v[key].IsString() ? v[key].GetString() : "";
}

void make_branch(const test::Account& a, const Made& r, const std::string& name) {
  ASSERT_EQ(via_gateway("POST", "/api/models/" + r.path + "/branch/" + name, a.session, "{}").status, 200);
}

TEST(ReposInternal, DiffListsEachKindOfChangeFromTheMergeBase) {
  auto a = test::new_account("id");
  Made r = make_repo(a);
  const std::string v1 = "first weights";
  const std::string v2 = "second weights, a little longer";
  ASSERT_EQ(test::upload_lfs(a.session, r.path, v1), 200);
  ASSERT_EQ(test::upload_lfs(a.session, r.path, v2), 200);
  const std::string from_text = numbered(1, 20);
  const std::string base = commit_ops(
      a, r, "main",
      {test::commit_file_line("edit.txt", "a\nb\nc\nd\ne\n"), test::commit_file_line("gone.txt", "goodbye, world\n"),
       test::commit_file_line("moved/from.txt", from_text),
       test::commit_file_line("same.txt", "content that moves unchanged\n"), test::commit_lfs_line("weights.bin", v1)});
  make_branch(a, r, "dev");
  const std::string image = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(100, '\0');
  const std::string dev =
      commit_ops(a, r, "dev",
                 {test::commit_file_line("edit.txt", "a\nB\nc\nd\ne\nf\n"), delete_line("gone.txt"),
                  delete_line("moved/from.txt"), test::commit_file_line("moved/to.txt", from_text + "line 21\n"),
                  delete_line("same.txt"), test::commit_file_line("same-renamed.txt", "content that moves unchanged\n"),
                  test::commit_file_line("image.png", image), test::commit_lfs_line("weights.bin", v2),
                  test::commit_file_line("new.txt", "x\ny\n")});
  // main moves on: what it adds is not the pull request's (three dots, from the merge base).
  const std::string main_now = put_file(a, r, "main", "main-only.txt", "main\n");

  const std::string diff = "/internal/repos/" + r.id + "/diff?base=main&head=dev";
  auto doc = internal_json(diff);
  EXPECT_EQ(str(doc, "base"), main_now);
  EXPECT_EQ(str(doc, "head"), dev);
  EXPECT_EQ(str(doc, "mergeBase"), base);
  EXPECT_FALSE(doc.HasMember("next"));
  const std::vector<std::string> expected{"edit.txt", "gone.txt",         "image.png",  "moved/to.txt",
                                          "new.txt",  "same-renamed.txt", "weights.bin"};
  const json::Value& files = doc["files"];
  ASSERT_EQ(files.Size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(str(files[i], "path"), expected[i]);

  const json::Value& edit = files[0];
  EXPECT_EQ(str(edit, "status"), "modified");
  EXPECT_EQ(edit["additions"].GetUint64(), 2U);
  EXPECT_EQ(edit["deletions"].GetUint64(), 1U);
  EXPECT_FALSE(edit["binary"].GetBool());
  EXPECT_EQ(edit["oldSize"].GetUint64(), 10U);
  EXPECT_EQ(edit["newSize"].GetUint64(), 12U);
  EXPECT_EQ(str(edit, "oldOid").size(), 40U);
  EXPECT_NE(str(edit, "oldOid"), str(edit, "newOid"));
  EXPECT_FALSE(edit.HasMember("lfs"));
  EXPECT_FALSE(edit.HasMember("oldPath"));

  const json::Value& gone = files[1];
  EXPECT_EQ(str(gone, "status"), "deleted");
  EXPECT_FALSE(gone.HasMember("newOid"));
  EXPECT_EQ(gone["oldSize"].GetUint64(), 15U);
  EXPECT_EQ(gone["newSize"].GetUint64(), 0U);
  EXPECT_EQ(gone["deletions"].GetUint64(), 1U);
  EXPECT_EQ(gone["additions"].GetUint64(), 0U);

  const json::Value& png = files[2];
  EXPECT_EQ(str(png, "status"), "added");
  EXPECT_TRUE(png["binary"].GetBool());
  EXPECT_FALSE(png.HasMember("oldOid"));
  EXPECT_EQ(png["newSize"].GetUint64(), image.size());
  EXPECT_EQ(png["additions"].GetUint64(), 0U);

  const json::Value& moved = files[3];
  EXPECT_EQ(str(moved, "status"), "renamed");
  EXPECT_EQ(str(moved, "oldPath"), "moved/from.txt");
  EXPECT_EQ(moved["additions"].GetUint64(), 1U);
  EXPECT_EQ(moved["deletions"].GetUint64(), 0U);

  EXPECT_EQ(str(files[4], "status"), "added");
  EXPECT_EQ(files[4]["additions"].GetUint64(), 2U);

  const json::Value& same = files[5];
  EXPECT_EQ(str(same, "status"), "renamed");
  EXPECT_EQ(str(same, "oldPath"), "same.txt");
  EXPECT_EQ(str(same, "oldOid"), str(same, "newOid"));
  EXPECT_EQ(same["additions"].GetUint64(), 0U);

  const json::Value& weights = files[6];
  EXPECT_EQ(str(weights, "status"), "modified");
  EXPECT_FALSE(weights["binary"].GetBool());
  EXPECT_EQ(weights["additions"].GetUint64(), 0U);
  EXPECT_EQ(weights["oldSize"].GetUint64(), v1.size());
  EXPECT_EQ(weights["newSize"].GetUint64(), v2.size());
  ASSERT_TRUE(weights.HasMember("lfs"));
  EXPECT_EQ(str(weights["lfs"]["old"], "oid"), crypto::sha256_hex(v1));
  EXPECT_EQ(weights["lfs"]["old"]["size"].GetUint64(), v1.size());
  EXPECT_EQ(str(weights["lfs"]["new"], "oid"), crypto::sha256_hex(v2));
  EXPECT_EQ(weights["lfs"]["new"]["size"].GetUint64(), v2.size());

  // Pages of three, resumed after the last path of each.
  std::vector<std::string> paged;
  std::string after;
  for (int page = 0; page < 5; ++page) {
    auto p = internal_json(diff + "&limit=3" + (after.empty() ? "" : "&after=" + after));
    for (const auto& f : p["files"].GetArray())
      paged.push_back(f["path"].GetString());
    if (!p.HasMember("next")) break;
    after = p["next"].GetString();
    EXPECT_EQ(after, paged.back());
  }
  EXPECT_EQ(paged, expected);

  // A file's lines: one hunk of the whole small file.
  auto patch = internal_json("/internal/repos/" + r.id + "/patch?base=main&head=dev&path=edit.txt");
  EXPECT_EQ(str(patch, "status"), "modified");
  EXPECT_EQ(patch["totalLines"].GetUint64(), 7U);
  ASSERT_EQ(patch["hunks"].Size(), 1U);
  const json::Value& hunk = patch["hunks"][0];
  EXPECT_EQ(str(hunk, "header"), "@@ -1,5 +1,6 @@");
  EXPECT_EQ(hunk["oldStart"].GetInt(), 1);
  EXPECT_EQ(hunk["newLines"].GetInt(), 6);
  std::string shown;
  for (const auto& line : hunk["lines"].GetArray()) {
    const std::string kind = line["kind"].GetString();
    shown += (kind == "add" ? "+" : kind == "del" ? "-" : " ") + std::string(line["text"].GetString());
  }
  EXPECT_EQ(shown, " a-b+B c d e+f");
  EXPECT_EQ(hunk["lines"][1]["old"].GetInt(), 2);
  EXPECT_FALSE(hunk["lines"][1].HasMember("new"));
  EXPECT_EQ(hunk["lines"][6]["new"].GetInt(), 6);
  // Binary and LFS files have no lines; a rename is found by its new path.
  auto png_patch = internal_json("/internal/repos/" + r.id + "/patch?base=main&head=dev&path=image.png");
  EXPECT_TRUE(png_patch["binary"].GetBool());
  EXPECT_EQ(png_patch["hunks"].Size(), 0U);
  auto lfs_patch = internal_json("/internal/repos/" + r.id + "/patch?base=main&head=dev&path=weights.bin");
  EXPECT_EQ(lfs_patch["hunks"].Size(), 0U);
  EXPECT_EQ(str(lfs_patch["lfs"]["new"], "oid"), crypto::sha256_hex(v2));
  auto moved_patch = internal_json("/internal/repos/" + r.id + "/patch?base=main&head=dev&path=moved/to.txt");
  EXPECT_EQ(str(moved_patch, "oldPath"), "moved/from.txt");
  EXPECT_EQ(moved_patch["totalLines"].GetUint64(), 4U);  // three lines of context and the new one

  // Unknown revisions and paths, and bad paging.
  EXPECT_EQ(internal("GET", "/internal/repos/" + r.id + "/diff?base=nope&head=dev").status, 404);
  EXPECT_EQ(internal("GET", "/internal/repos/" + r.id + "/diff?base=main&head=" + std::string(40, 'a')).status, 404);
  EXPECT_EQ(internal("GET", "/internal/repos/" + r.id + "/diff?base=main").status, 400);
  EXPECT_EQ(internal("GET", diff + "&limit=0").status, 400);
  EXPECT_EQ(internal("GET", diff + "&limit=3001").status, 400);
  EXPECT_EQ(internal("GET", "/internal/repos/" + std::string(36, '0') + "/diff?base=main&head=dev").status, 404);
  EXPECT_EQ(internal("GET", "/internal/repos/" + r.id + "/patch?base=main&head=dev&path=main-only.txt").status, 404);
  EXPECT_EQ(internal("GET", "/internal/repos/" + r.id + "/patch?base=main&head=dev&path=gone").status, 404);
  EXPECT_EQ(internal("GET", "/internal/repos/" + r.id + "/patch?base=main&head=nope&path=edit.txt").status, 404);
}

TEST(ReposInternal, AThousandChangedFilesArePagedThrough) {
  auto a = test::new_account("ik");
  Made r = make_repo(a);
  std::vector<std::string> base_files;
  for (int i = 0; i < 500; ++i)
    base_files.push_back(test::commit_file_line("old/" + std::to_string(1000 + i) + ".txt", numbered(i, i + 40)));
  commit_ops(a, r, "main", base_files);
  make_branch(a, r, "dev");
  // 500 files moved and changed a little (similar renames), 500 new ones.
  std::vector<std::string> changes;
  for (int i = 0; i < 500; ++i) {
    changes.push_back(delete_line("old/" + std::to_string(1000 + i) + ".txt"));
    changes.push_back(
        test::commit_file_line("new/" + std::to_string(1000 + i) + ".txt", numbered(i, i + 40) + "more\n"));
    changes.push_back(
        test::commit_file_line("added/" + std::to_string(1000 + i) + ".txt", "added " + std::to_string(i)));
  }
  commit_ops(a, r, "dev", changes);
  const std::string diff = "/internal/repos/" + r.id + "/diff?base=main&head=dev";
  std::size_t seen = 0;
  std::size_t renamed = 0;
  std::string after;
  const auto start = std::chrono::steady_clock::now();
  for (int page = 0; page < 10; ++page) {
    auto p = internal_json(diff + (after.empty() ? "" : "&after=" + after));
    for (const auto& f : p["files"].GetArray()) {
      ++seen;
      if (std::string(f["status"].GetString()) == "renamed") {
        ++renamed;
        EXPECT_EQ(f["additions"].GetUint64(), 1U);
      }
    }
    if (!p.HasMember("next")) break;
    after = p["next"].GetString();
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  std::cout << "a thousand changed files, in pages of 300: " << took.count() << " ms\n";
  EXPECT_EQ(seen, 1000U);
  EXPECT_EQ(renamed, 500U);
}

TEST(ReposInternal, PatchPagesTheLinesOfOneFile) {
  auto a = test::new_account("ip");
  Made r = make_repo(a);
  commit_ops(a, r, "main",
             {test::commit_file_line("long.txt", numbered(1, 100)), test::commit_file_line("tail.txt", "one\ntwo")});
  make_branch(a, r, "dev");
  const std::string changed = numbered(1, 9) + "changed 10\n" + numbered(11, 89) + "changed 90\n" + numbered(91, 100);
  commit_ops(a, r, "dev",
             {test::commit_file_line("long.txt", changed), test::commit_file_line("tail.txt", "one\nthree")});
  const std::string patch = "/internal/repos/" + r.id + "/patch?base=main&head=dev&path=long.txt";

  // Two hunks of 3 lines of context, the old line and the new one, and 3 lines of context.
  auto whole = internal_json(patch);
  EXPECT_EQ(whole["totalLines"].GetUint64(), 16U);
  EXPECT_FALSE(whole.HasMember("next"));
  ASSERT_EQ(whole["hunks"].Size(), 2U);
  // git's own headers, with the line before the hunk as its context.
  EXPECT_EQ(str(whole["hunks"][0], "header"), "@@ -7,7 +7,7 @@ line 6");
  EXPECT_EQ(str(whole["hunks"][1], "header"), "@@ -87,7 +87,7 @@ line 86");
  const json::Value& first = whole["hunks"][0]["lines"];
  ASSERT_EQ(first.Size(), 8U);
  EXPECT_EQ(str(first[0], "kind"), "context");
  EXPECT_EQ(first[0]["old"].GetInt(), 7);
  EXPECT_EQ(first[0]["new"].GetInt(), 7);
  EXPECT_EQ(str(first[3], "kind"), "del");
  EXPECT_EQ(str(first[3], "text"), "line 10");
  EXPECT_EQ(first[3]["old"].GetInt(), 10);
  EXPECT_EQ(str(first[4], "kind"), "add");
  EXPECT_EQ(str(first[4], "text"), "changed 10");
  EXPECT_EQ(first[4]["new"].GetInt(), 10);

  // Lines 6 to 9: the end of the first hunk and the start of the second, each with its header.
  auto page = internal_json(patch + "&offset=6&limit=4");
  EXPECT_EQ(page["totalLines"].GetUint64(), 16U);
  EXPECT_EQ(page["next"].GetUint64(), 10U);
  ASSERT_EQ(page["hunks"].Size(), 2U);
  EXPECT_EQ(str(page["hunks"][0], "header"), "@@ -7,7 +7,7 @@ line 6");
  EXPECT_EQ(page["hunks"][0]["oldStart"].GetInt(), 7);
  ASSERT_EQ(page["hunks"][0]["lines"].Size(), 2U);
  EXPECT_EQ(str(page["hunks"][0]["lines"][0], "text"), "line 12");
  EXPECT_EQ(str(page["hunks"][0]["lines"][1], "text"), "line 13");
  EXPECT_EQ(str(page["hunks"][1], "header"), "@@ -87,7 +87,7 @@ line 86");
  ASSERT_EQ(page["hunks"][1]["lines"].Size(), 2U);
  EXPECT_EQ(str(page["hunks"][1]["lines"][0], "text"), "line 87");
  auto last = internal_json(patch + "&offset=10&limit=10");
  EXPECT_FALSE(last.HasMember("next"));
  ASSERT_EQ(last["hunks"].Size(), 1U);
  EXPECT_EQ(last["hunks"][0]["lines"].Size(), 6U);
  auto past = internal_json(patch + "&offset=100");
  EXPECT_EQ(past["hunks"].Size(), 0U);
  EXPECT_EQ(past["totalLines"].GetUint64(), 16U);

  // git's "no newline at end of file" marker is not a line of the file.
  auto tail = internal_json("/internal/repos/" + r.id + "/patch?base=main&head=dev&path=tail.txt");
  EXPECT_EQ(tail["totalLines"].GetUint64(), 3U);
  ASSERT_EQ(tail["hunks"].Size(), 1U);
  EXPECT_EQ(str(tail["hunks"][0]["lines"][1], "text"), "two");
  EXPECT_EQ(str(tail["hunks"][0]["lines"][2], "text"), "three");

  EXPECT_EQ(internal("GET", patch + "&limit=0").status, 400);
  EXPECT_EQ(internal("GET", patch + "&limit=5001").status, 400);
  EXPECT_EQ(internal("GET", patch + "&offset=-1").status, 400);
  EXPECT_EQ(internal("GET", "/internal/repos/" + r.id + "/patch?base=main&head=dev").status, 400);
}

TEST(ReposInternal, LargeFilesAreNotReadForLines) {
  auto a = test::new_account("il");
  Made r = make_repo(a);
  put_file(a, r, "main", "big.txt", "small\n");
  make_branch(a, r, "dev");
  // Past ten mebibytes, a commit line of the API is too long for them: git pushes them.
  const std::size_t big = (10U << 20) + 4096;
  const std::string repeated = "a line of text that repeats until the file is past ten mebibytes";
  std::string text;
  while (text.size() < big)
    text += repeated + "\n";
  text.resize(big);
  std::string binary(big, 'b');
  binary[0] = '\0';
  test::TempDir dir;
  const std::string n = std::to_string(big);
  auto push = test::sh(dir.path(), "git clone -q -b dev " + test::git_url(a.session, r.path) +
                                       " work && cd work && yes \"" + repeated + "\" | head -c " + n +
                                       " > big.txt && { printf \"\\000\"; head -c " + std::to_string(big - 1) +
                                       " /dev/zero | tr \"\\000\" b; } > big.raw && git add big.txt big.raw && "
                                       "git commit -qm big && git push -q origin dev");
  ASSERT_EQ(push.status, 0) << push.output;

  auto doc = internal_json("/internal/repos/" + r.id + "/diff?base=main&head=dev");
  ASSERT_EQ(doc["files"].Size(), 2U);
  const json::Value& bin = doc["files"][0];
  EXPECT_EQ(str(bin, "path"), "big.raw");
  EXPECT_TRUE(bin["binary"].GetBool());
  EXPECT_FALSE(bin.HasMember("tooLarge"));
  EXPECT_EQ(bin["newSize"].GetUint64(), binary.size());
  const json::Value& txt = doc["files"][1];
  EXPECT_EQ(str(txt, "path"), "big.txt");
  EXPECT_FALSE(txt["binary"].GetBool());
  ASSERT_TRUE(txt.HasMember("tooLarge"));
  EXPECT_TRUE(txt["tooLarge"].GetBool());
  EXPECT_EQ(txt["additions"].GetUint64(), 0U);
  EXPECT_EQ(txt["deletions"].GetUint64(), 0U);
  EXPECT_EQ(txt["oldSize"].GetUint64(), 6U);
  EXPECT_EQ(txt["newSize"].GetUint64(), text.size());
  auto patch = internal_json("/internal/repos/" + r.id + "/patch?base=main&head=dev&path=big.txt");
  EXPECT_TRUE(patch["tooLarge"].GetBool());
  EXPECT_EQ(patch["hunks"].Size(), 0U);

  // The blob streams whole under the default cap, and is refused over a smaller one.
  auto blob = internal("GET", "/internal/repos/" + r.id + "/blob?rev=dev&path=big.txt");
  ASSERT_EQ(blob.status, 200);
  EXPECT_EQ(blob.body.size(), text.size());
  EXPECT_TRUE(blob.body == text);
  auto over = internal("GET", "/internal/repos/" + r.id + "/blob?rev=dev&path=big.txt&max=1048576");
  EXPECT_EQ(over.status, 413);
  EXPECT_NE(over.body.find("max"), std::string::npos) << over.body;
}

TEST(ReposInternal, BlobIsWhatGitStores) {
  auto a = test::new_account("ib");
  Made r = make_repo(a);
  const std::string weights = "the weights themselves";
  ASSERT_EQ(test::upload_lfs(a.session, r.path, weights), 200);
  commit_ops(a, r, "main",
             {test::commit_file_line("a.txt", "hello\n"), test::commit_file_line("dir/x.txt", "x\n"),
              test::commit_lfs_line("w.bin", weights)});
  const std::string blob = "/internal/repos/" + r.id + "/blob?rev=main&path=";
  auto res = internal("GET", blob + "a.txt");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.body, "hello\n");
  EXPECT_EQ(res.headers.get("Content-Type"), "application/octet-stream");
  auto tree = test::json_object(R"({"entries":)" +
                                via_gateway("GET", "/api/models/" + r.path + "/tree/main", a.session).body + "}");
  std::string a_oid;
  for (const auto& e : tree["entries"].GetArray()) {
    if (std::string(e["path"].GetString()) == "a.txt") a_oid = e["oid"].GetString();
  }
  EXPECT_EQ(res.headers.get("X-Blob-Oid"), a_oid);
  // An LFS file is its pointer here.
  auto pointer = internal("GET", blob + "w.bin");
  ASSERT_EQ(pointer.status, 200);
  EXPECT_TRUE(pointer.body.starts_with("version https://git-lfs.github.com/spec/v1\n")) << pointer.body;
  EXPECT_NE(pointer.body.find("oid sha256:" + crypto::sha256_hex(weights)), std::string::npos);

  auto over = internal("GET", blob + "a.txt&max=3");
  EXPECT_EQ(over.status, 413);
  EXPECT_NE(over.body.find("max"), std::string::npos) << over.body;
  EXPECT_EQ(internal("GET", blob + "a.txt&max=6").status, 200);
  EXPECT_EQ(internal("GET", blob + "a.txt&max=67108865").status, 400);
  EXPECT_EQ(internal("GET", blob + "nope.txt").status, 404);
  EXPECT_EQ(internal("GET", blob + "dir").status, 404);
  EXPECT_EQ(internal("GET", "/internal/repos/" + r.id + "/blob?rev=nope&path=a.txt").status, 404);
  EXPECT_EQ(internal("GET", "/internal/repos/" + r.id + "/blob?rev=main").status, 400);
}

TEST(ReposInternal, ProtectionRuleOfABranch) {
  auto a = test::new_account("iq");
  Made r = make_repo(a);
  auto put = via_gateway(
      "PUT", "/api/models/" + r.path + "/settings/protection", a.session,
      R"({"rules":[{"pattern":"release/*","requiredApprovals":2,"requiredStatusChecks":["ci/eval"],)"
      R"("metricGates":[{"context":"ci/eval","metric":"accuracy","direction":"higherIsBetter","maxRegression":0.01}]},)"
      R"({"pattern":"main","pushRoles":"admin"}]})");
  ASSERT_EQ(put.status, 200) << put.body;
  auto release = internal_json("/internal/repos/" + r.id + "/protection?branch=release/v1");
  const json::Value& rule = release["rule"];
  ASSERT_TRUE(rule.IsObject());
  EXPECT_EQ(str(rule, "pattern"), "release/*");
  EXPECT_EQ(rule["requiredApprovals"].GetInt(), 2);
  EXPECT_EQ(std::string(rule["requiredStatusChecks"][0].GetString()), "ci/eval");
  EXPECT_EQ(str(rule["metricGates"][0], "metric"), "accuracy");
  EXPECT_FALSE(rule["dismissStaleApprovals"].GetBool());
  EXPECT_EQ(str(rule, "pushRoles"), "write");
  // The same rule, in the same shape, as settings/protection shows it.
  auto settings =
      test::json_object(via_gateway("GET", "/api/models/" + r.path + "/settings/protection", a.session).body);
  EXPECT_TRUE(rule == settings["rules"][0]);
  EXPECT_EQ(str(internal_json("/internal/repos/" + r.id + "/protection?branch=main")["rule"], "pushRoles"), "admin");
  EXPECT_TRUE(internal_json("/internal/repos/" + r.id + "/protection?branch=dev")["rule"].IsNull());
  EXPECT_EQ(internal("GET", "/internal/repos/" + r.id + "/protection").status, 400);
  EXPECT_EQ(internal("GET", "/internal/repos/" + r.id + "/protection?branch=a..b").status, 400);
}

TEST(ReposInternal, StatusesAreThePublicAnswer) {
  auto a = test::new_account("it");
  Made r = make_repo(a);
  const std::string head = put_file(a, r, "main", "a.txt", "1");
  // A thousand reports over 50 contexts, in order per context: the last of each is a success but
  // for ci/7, whose last is a failure.
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  for (int t = 0; t < 5; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (int c = t * 10; c < t * 10 + 10; ++c) {
          const bool last = round == 19;
          const std::string state = !last ? "pending" : c == 7 ? "failure" : "success";
          auto res = via_gateway("POST", "/api/models/" + r.path + "/statuses/" + head, a.session,
                                 R"({"state":")" + state + R"(","context":"ci/)" + std::to_string(c) +
                                     R"(","metrics":{"round":)" + std::to_string(round) + "}}");
          if (res.status == 201) ++created;
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  ASSERT_EQ(created.load(), 1000);
  auto res = internal("GET", "/internal/repos/" + r.id + "/statuses/" + head);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.body, via_gateway("GET", "/api/models/" + r.path + "/statuses/" + head, a.session).body);
  auto doc = test::json_object(res.body);
  EXPECT_EQ(str(doc, "state"), "failure");
  ASSERT_EQ(doc["statuses"].Size(), 50U);
  for (const auto& s : doc["statuses"].GetArray())
    EXPECT_EQ(s["metrics"]["round"].GetInt(), 19);
  EXPECT_EQ(internal("GET", "/internal/repos/" + r.id + "/statuses/abc").status, 400);
  auto none = internal_json("/internal/repos/" + r.id + "/statuses/" + std::string(40, 'c'));
  EXPECT_EQ(none["statuses"].Size(), 0U);
}

TEST(ReposInternal, DryRunMergesWriteNothing) {
  auto a = test::new_account("iy");
  Made r = make_repo(a);
  put_file(a, r, "main", "shared.txt", "one\n");
  make_branch(a, r, "ahead");
  const std::string ahead = put_file(a, r, "ahead", "ahead.txt", "ahead\n");
  make_branch(a, r, "left");
  const std::string left = put_file(a, r, "left", "shared.txt", "left\n");
  auto dry = [&](const std::string& head, const std::string& extra = "") {
    return internal("POST", "/internal/repos/" + r.id + "/merge",
                    R"({"baseRef":"refs/heads/main","head":")" + head + R"(","dryRun":true)" + extra + "}");
  };
  auto main_head = [&] { return str(internal_json("/internal/repos/" + r.id), "headSha"); };

  // main has not moved: ahead fast-forwards.
  const std::string main_before = main_head();
  auto ff = dry(ahead);
  ASSERT_EQ(ff.status, 200) << ff.body;
  auto ff_doc = test::json_object(ff.body);
  EXPECT_TRUE(ff_doc["mergeable"].GetBool());
  EXPECT_TRUE(ff_doc["fastForward"].GetBool());
  EXPECT_EQ(ff_doc["conflicts"].Size(), 0U);
  EXPECT_EQ(str(ff_doc, "baseSha"), main_before);

  // main moves: ahead still merges cleanly (no fast-forward), left conflicts on shared.txt.
  const std::string right = put_file(a, r, "main", "shared.txt", "right\n");
  auto clean = test::json_object(dry(ahead).body);
  EXPECT_TRUE(clean["mergeable"].GetBool());
  EXPECT_FALSE(clean["fastForward"].GetBool());
  EXPECT_EQ(str(clean, "baseSha"), right);
  EXPECT_FALSE(test::json_object(dry(ahead, R"(,"strategy":"fast-forward")").body)["mergeable"].GetBool());
  auto conflict = dry(left);
  ASSERT_EQ(conflict.status, 200) << conflict.body;
  auto c = test::json_object(conflict.body);
  EXPECT_FALSE(c["mergeable"].GetBool());
  EXPECT_FALSE(c["fastForward"].GetBool());
  ASSERT_EQ(c["conflicts"].Size(), 1U);
  EXPECT_EQ(std::string(c["conflicts"][0].GetString()), "shared.txt");
  // Nothing was written: main is where it was, with its own file.
  EXPECT_EQ(main_head(), right);
  EXPECT_EQ(via_gateway("GET", "/" + r.path + "/resolve/main/shared.txt").body, "right\n");
  EXPECT_EQ(via_gateway("GET", "/" + r.path + "/resolve/main/ahead.txt").status, 404);
  // An expected base is checked when given; a head the repo lacks is 404.
  EXPECT_EQ(dry(ahead, R"(,"expectedBase":")" + main_before + R"(")").status, 412);
  EXPECT_EQ(dry(ahead, R"(,"expectedBase":")" + right + R"(")").status, 200);
  EXPECT_EQ(dry(std::string(40, 'e')).status, 404);
  EXPECT_EQ(internal("POST", "/internal/repos/" + r.id + "/merge",
                     R"({"baseRef":"refs/heads/main","head":")" + ahead + R"(","dryRun":"yes"})")
                .status,
            400);
  // Without dryRun, the same merge happens.
  auto merged = internal(
      "POST", "/internal/repos/" + r.id + "/merge",
      R"({"baseRef":"refs/heads/main","expectedBase":")" + right + R"(","head":")" + ahead + R"(","dryRun":false})");
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(via_gateway("GET", "/" + r.path + "/resolve/main/ahead.txt").body, "ahead\n");
}

TEST(ReposInternal, AncestryBothWays) {
  auto a = test::new_account("ia");
  Made r = make_repo(a);
  const std::string first = put_file(a, r, "main", "a.txt", "1");
  const std::string second = put_file(a, r, "main", "a.txt", "2");
  const std::string ask = "/internal/repos/" + r.id + "/ancestry?";
  auto forward = internal_json(ask + "ancestor=" + first + "&descendant=main");
  EXPECT_EQ(str(forward, "ancestor"), first);
  EXPECT_EQ(str(forward, "descendant"), second);
  EXPECT_TRUE(forward["isAncestor"].GetBool());
  EXPECT_EQ(str(forward, "mergeBase"), first);
  auto backward = internal_json(ask + "ancestor=main&descendant=" + first);
  EXPECT_FALSE(backward["isAncestor"].GetBool());
  EXPECT_EQ(str(backward, "mergeBase"), first);
  EXPECT_TRUE(internal_json(ask + "ancestor=main&descendant=main")["isAncestor"].GetBool());
  EXPECT_TRUE(internal_json(ask + "ancestor=" + first.substr(0, 12) + "&descendant=" + second)["isAncestor"].GetBool());
  EXPECT_EQ(internal("GET", ask + "ancestor=nope&descendant=main").status, 404);
  EXPECT_EQ(internal("GET", ask + "ancestor=main").status, 400);
}

TEST(ReposInternal, WhichOfManyCommitsAreInAHistory) {
  auto a = test::new_account("ib");
  Made r = make_repo(a);
  const std::string first = put_file(a, r, "main", "a.txt", "1");
  const std::string second = put_file(a, r, "main", "a.txt", "2");
  const std::string third = put_file(a, r, "main", "a.txt", "3");
  const std::string missing(40, 'e');
  const std::string ask = "/internal/repos/" + r.id + "/ancestry";
  auto res = internal("POST", ask,
                      R"({"descendant":")" + second + R"(","ancestors":[")" + first + R"(",")" + second + R"(",")" +
                          third + R"(",")" + missing + R"(","main"]})");
  ASSERT_EQ(res.status, 200) << res.body;
  auto doc = json::parse_object(res.body).value();
  EXPECT_EQ(str(doc, "descendant"), second);
  const json::Value& answers = doc["ancestors"];
  EXPECT_TRUE(answers[first.c_str()].GetBool());
  EXPECT_TRUE(answers[second.c_str()].GetBool()) << "a commit is in its own history";
  EXPECT_FALSE(answers[third.c_str()].GetBool()) << "a later commit is not";
  EXPECT_TRUE(answers[missing.c_str()].IsNull()) << "a sha the repo lacks";
  EXPECT_TRUE(answers["main"].IsNull()) << "only shas are asked about";
  // A branch named like the first commit's sha, pointing at the third: the sha still names the
  // commit (shas are looked up by object id, never as a ref's name).
  make_branch(a, r, first);
  auto named_like = internal("POST", ask, R"({"descendant":")" + second + R"(","ancestors":[")" + first + R"("]})");
  ASSERT_EQ(named_like.status, 200) << named_like.body;
  EXPECT_TRUE(json::parse_object(named_like.body).value()["ancestors"][first.c_str()].GetBool()) << named_like.body;
  EXPECT_EQ(internal("POST", ask, R"({"descendant":"nope","ancestors":[]})").status, 404);
  EXPECT_EQ(internal("POST", ask, R"({"descendant":"main","ancestors":"x"})").status, 400);
  std::string many = R"({"descendant":"main","ancestors":[)";
  for (int i = 0; i < 1001; ++i)
    many += std::string(i ? "," : "") + "\"" + first + "\"";
  EXPECT_EQ(internal("POST", ask, many + "]}").status, 400) << "at most 1,000 a question";
}

}  // namespace
}  // namespace hub
