#pragma once
// Repo requests the end-to-end tests share: an LFS upload as the Hub clients make it (batch API,
// then a PUT of the bytes to the signed URL, without credentials).
#include <gtest/gtest.h>

#include <string>

#include "common/crypto/sha256.hpp"
#include "common/http/client.hpp"
#include "common/json/json.hpp"
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

}  // namespace hub::test
