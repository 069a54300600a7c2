#pragma once
// Repo requests the end-to-end tests share: an LFS upload as the Hub clients make it (batch API,
// then a PUT of the bytes to the signed URL, without credentials).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/crypto/sha256.hpp"
#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/base64.hpp"
#include "common/util/random.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub::test {

// The path and query of an absolute URL the hub wrote.
inline std::string local_target(const std::string& url) {
  return url.substr(url.find('/', url.find("://") + 3));
}

// Uploads `bytes` into repo `path` ("ns/name"): the PUT's status (0 when the batch API refused).
inline int upload_lfs(const std::string& token, const std::string& path, const std::string& bytes) {
  const std::string oid = crypto::sha256_hex(bytes);
  auto batch = via_gateway(
      "POST", "/" + path + ".git/info/lfs/objects/batch", token,
      R"({"operation":"upload","objects":[{"oid":")" + oid + R"(","size":)" + std::to_string(bytes.size()) + "}]}",
      "application/vnd.git-lfs+json");
  auto doc = json::parse_object(batch.body);
  if (batch.status != 200 || !doc) return 0;
  const json::Value& object = doc.value()["objects"][0];
  if (!object.HasMember("actions")) return 200;  // already this repo's
  http::Client client(stack_gateway());
  http::ClientRequest put;
  put.method = "PUT";
  put.target = local_target(object["actions"]["upload"]["href"].GetString());
  put.body = bytes;
  return client.send(put).status;
}

// A model repo the tests made, by namespace and name.
struct TestRepo {
  std::string ns, name;
  std::string path() const { return ns + "/" + name; }
  std::string api() const { return "/api/models/" + path(); }
};

// A fresh model repo of `a` (in `org` when given): the create call's status must be 200.
inline TestRepo new_repo(const Account& a, bool is_private, const std::string& org = {}) {
  TestRepo r{org.empty() ? a.name : org, "m" + util::random_id().substr(0, 10)};
  auto res = via_gateway("POST", "/api/repos/create", a.session,
                         R"({"name":")" + r.name + R"(","organization":")" + r.ns + R"(","type":"model","private":)" +
                             (is_private ? "true" : "false") + "}");
  EXPECT_EQ(res.status, 200) << res.body;
  return r;
}

// Lines of the NDJSON commit format.
inline std::string commit_header_line(const std::string& summary) {
  return R"({"key":"header","value":{"summary":")" + summary + R"("}})";
}
inline std::string commit_file_line(const std::string& path, const std::string& content) {
  return R"({"key":"file","value":{"path":")" + path + R"(","content":")" + util::base64_encode(content) +
         R"(","encoding":"base64"}})";
}
inline std::string commit_lfs_line(const std::string& path, const std::string& bytes) {
  return R"({"key":"lfsFile","value":{"path":")" + path + R"(","algo":"sha256","oid":")" + crypto::sha256_hex(bytes) +
         R"(","size":)" + std::to_string(bytes.size()) + "}}";
}

inline http::ClientResponse commit_lines(const std::string& token, const TestRepo& r,
                                         const std::vector<std::string>& lines, const std::string& branch = "main") {
  std::string body;
  for (const auto& l : lines)
    body += l + "\n";
  return via_gateway("POST", r.api() + "/commit/" + branch, token, body, "application/x-ndjson");
}

// One file written to `path` on `rev` (a branch, refs%2Fpr%2FN, or main?create_pr=1) by a commit
// titled "put <path>": the commit's id ("" when the commit failed, which fails the test).
inline std::string commit_on(const Account& a, const TestRepo& r, const std::string& rev, const std::string& path,
                             const std::string& content) {
  auto doc = answer_json(
      commit_lines(a.session, r, {commit_header_line("put " + path), commit_file_line(path, content)}, rev));
  return doc.IsObject() && doc.HasMember("commitOid") ? doc["commitOid"].GetString() : "";
}

// The stack's git URL of a repo, with `token` as the password.
inline std::string git_url(const std::string& token, const std::string& path) {
  const auto gw = stack_gateway();
  return "http://x:" + token + "@" + gw.host + ":" + std::to_string(gw.port) + "/" + path;
}

// A field of the repo's info as `token` sees it ("" when absent or not a string).
inline std::string repo_field(const std::string& token, const TestRepo& r, const std::string& field) {
  auto doc = json::parse_object(via_gateway("GET", r.api(), token).body);
  if (!doc || !doc.value().HasMember(field.c_str()) || !doc.value()[field.c_str()].IsString()) return {};
  return doc.value()[field.c_str()].GetString();
}

}  // namespace hub::test
