// What repos records of each LFS upload read as a safetensors file, and how pulls reads it back
// (GET /internal/repos/{id}/lfs/{oid}/tensors): the tensors of a sound file, the reason a malformed
// one is malformed, and a clear 404 for an object stored before uploads were examined.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "common/crypto/sha256.hpp"
#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

std::string safetensors_file(const std::string& header, const std::string& data) {
  std::string out;
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xff));
  return out + header + data;
}

struct Uploaded {
  std::string path, id;
};

Uploaded repo_of(const test::Account& a) {
  const std::string name = "t" + util::random_id().substr(0, 10);
  auto res = test::via_gateway("POST", "/api/repos/create", a.session, R"({"name":")" + name + R"("})");
  EXPECT_EQ(res.status, 200) << res.body;
  return {a.name + "/" + name, json::parse_object(res.body).value()["id"].GetString()};
}

http::ClientResponse tensors(const Uploaded& u, const std::string& oid) {
  return test::as_service("REPOS", "pulls", "GET", "/internal/repos/" + u.id + "/lfs/" + oid + "/tensors", "");
}

TEST(ReposTensorHeaders, SoundMalformedAndOtherUploadsAreEachRecorded) {
  auto a = test::new_account("th");
  const Uploaded u = repo_of(a);
  // Random bytes in each file, so every run uploads new objects.
  const std::string salt = util::random_id().substr(0, 8);

  const std::string sound =
      safetensors_file(R"({"__metadata__":{"format":"pt"},"w":{"dtype":"U8","shape":[2,4],"data_offsets":[0,8]},)"
                       R"("b":{"dtype":"U8","shape":[8],"data_offsets":[8,16]}})",
                       salt + salt);
  ASSERT_EQ(test::upload_lfs(a.session, u.path, sound), 200);
  auto ok = tensors(u, crypto::sha256_hex(sound));
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto doc = json::parse_object(ok.body).value();
  EXPECT_TRUE(doc["safetensors"].GetBool());
  EXPECT_FALSE(doc.HasMember("error")) << ok.body;
  ASSERT_EQ(doc["tensors"].Size(), 2U);
  EXPECT_EQ(std::string(doc["tensors"][1]["name"].GetString()), "w");
  EXPECT_EQ(std::string(doc["tensors"][1]["sha256"].GetString()), crypto::sha256_hex(salt));

  const std::string overlapping = safetensors_file(
      R"({"a":{"dtype":"U8","shape":[8],"data_offsets":[0,8]},"b":{"dtype":"U8","shape":[8],"data_offsets":[4,12]}})",
      salt + "xxxx");
  ASSERT_EQ(test::upload_lfs(a.session, u.path, overlapping), 200) << "a malformed file is still stored";
  auto bad = tensors(u, crypto::sha256_hex(overlapping));
  ASSERT_EQ(bad.status, 200) << bad.body;
  doc = json::parse_object(bad.body).value();
  EXPECT_TRUE(doc["safetensors"].GetBool());
  EXPECT_EQ(std::string(doc["error"].GetString()), R"(tensors "a" [0, 8) and "b" [4, 12) overlap)");
  EXPECT_EQ(doc["tensors"].Size(), 0U);

  const std::string wrong_size = safetensors_file(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,8]}})", salt);
  ASSERT_EQ(test::upload_lfs(a.session, u.path, wrong_size), 200);
  doc = json::parse_object(tensors(u, crypto::sha256_hex(wrong_size)).body).value();
  EXPECT_EQ(std::string(doc["error"].GetString()),
            R"(tensor "w": F32 [4] takes 16 bytes but data_offsets [0, 8) hold 8)");

  const std::string zip = std::string("PK\x03\x04\x14\x00\x00\x00", 8) + salt + " a zip archive, not tensors";
  ASSERT_EQ(test::upload_lfs(a.session, u.path, zip), 200);
  auto other = tensors(u, crypto::sha256_hex(zip));
  ASSERT_EQ(other.status, 200) << other.body;
  doc = json::parse_object(other.body).value();
  EXPECT_FALSE(doc["safetensors"].GetBool());
  EXPECT_NE(std::string(doc["error"].GetString()).find("is over the limit"), std::string::npos) << other.body;

  // One row per object, written with the upload.
  pqxx::connection c(test::hub_db_url());
  pqxx::nontransaction tx(c);
  auto row = tx.exec_params("SELECT safetensors, error IS NULL, tensor_count FROM repos.tensor_headers WHERE oid = $1",
                            crypto::sha256_hex(sound));
  ASSERT_EQ(row.size(), 1U);
  EXPECT_TRUE(row[0][0].as<bool>());
  EXPECT_TRUE(row[0][1].as<bool>());
  EXPECT_EQ(row[0][2].as<int>(), 2);
}

TEST(ReposTensorHeaders, AnObjectNeverExaminedIsA404ThatSaysSo) {
  auto a = test::new_account("tn");
  const Uploaded u = repo_of(a);
  const std::string file =
      safetensors_file(R"({"w":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}})", util::random_id().substr(0, 8));
  const std::string oid = crypto::sha256_hex(file);
  ASSERT_EQ(test::upload_lfs(a.session, u.path, file), 200);
  {
    // As an object stored before migration 106 is: linked, hashed, never recorded as examined.
    pqxx::connection c(test::hub_db_url());
    pqxx::work tx(c);
    tx.exec_params("DELETE FROM repos.tensor_headers WHERE oid = $1", oid);
    tx.commit();
  }
  auto res = tensors(u, oid);
  EXPECT_EQ(res.status, 404);
  EXPECT_NE(res.body.find("stored before uploads were examined"), std::string::npos) << res.body;
  // An object the repo does not hold says that instead.
  auto unknown = tensors(u, crypto::sha256_hex("never uploaded " + oid));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("no such LFS object in this repo"), std::string::npos) << unknown.body;
}

}  // namespace
}  // namespace hub
