// The model-aware diff of a pull request, end to end: a small sharded safetensors model generated
// here (LFS uploads, hashed per tensor by repos as they stream in), and a pull request that changes
// one tensor's dtype, adds one, removes one, moves one between shards, renames one, edits
// config.json and the card's eval results, and adds a malformed file: the diff reports exactly
// those, the malformed file with its reason, on a page that still answers 200. Tensor comments
// are anchored by the tensor's bytes.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/json/json.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::Account;
using test::TestRepo;
using test::via_gateway;

struct Tensor {
  std::string name, dtype;
  std::vector<int> shape;
  char fill = 'x';
};

int dtype_bytes(const std::string& dtype) {
  return dtype == "F16" ? 2 : 4;
}

// A safetensors file: the 8-byte little-endian header length, the JSON header, the tensors' bytes.
std::string safetensors(const std::vector<Tensor>& tensors) {
  json::Writer w;
  w.begin_object();
  std::string data;
  for (const auto& t : tensors) {
    int elements = 1;
    for (int d : t.shape)
      elements *= d;
    const std::size_t begin = data.size();
    data.append(static_cast<std::size_t>(elements) * static_cast<std::size_t>(dtype_bytes(t.dtype)), t.fill);
    w.key(t.name).begin_object().field("dtype", t.dtype).key("shape").begin_array();
    for (int d : t.shape)
      w.value(d);
    w.end_array().key("data_offsets").begin_array().value(begin).value(data.size()).end_array().end_object();
  }
  w.end_object();
  const std::string header = w.str();
  std::string file;
  for (int i = 0; i < 8; ++i)
    file.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xff));
  return file + header + data;
}

std::string index_of(const std::map<std::string, std::string>& weight_map) {
  json::Writer w;
  w.begin_object().key("metadata").begin_object().end_object().key("weight_map").begin_object();
  for (const auto& [tensor, shard] : weight_map)
    w.field(tensor, shard);
  w.end_object().end_object();
  return w.str();
}

std::string card(double accuracy) {
  return "---\nlicense: mit\nmodel-index:\n- name: tiny\n  results:\n  - task:\n      type: text-classification\n"
         "    dataset:\n      type: imdb\n      name: IMDB\n    metrics:\n    - type: accuracy\n      value: " +
         std::to_string(accuracy) + "\n---\n# tiny\n";
}

// Uploads each LFS file, then commits them with the regular ones: the commit's answer.
json::Document commit_model(const Account& a, const TestRepo& r, const std::string& rev,
                            const std::map<std::string, std::string>& lfs,
                            const std::map<std::string, std::string>& regular, const std::string& summary) {
  std::vector<std::string> lines{test::commit_header_line(summary)};
  for (const auto& [path, bytes] : lfs) {
    EXPECT_EQ(test::upload_lfs(a.session, r.path(), bytes), 200) << path;
    lines.push_back(test::commit_lfs_line(path, bytes));
  }
  for (const auto& [path, text] : regular)
    lines.push_back(test::commit_file_line(path, text));
  return test::answer_json(test::commit_lines(a.session, r, lines, rev));
}

std::set<std::string> names(const json::Value& list, const char* key = "name") {
  std::set<std::string> out;
  for (const auto& v : list.GetArray())
    out.insert(v[key].GetString());
  return out;
}

constexpr const char* kShard1 = "model-00001-of-00002.safetensors";
constexpr const char* kShard2 = "model-00002-of-00002.safetensors";

TEST(PullModelDiff, ReportsExactlyWhatChangedInTheModel) {
  Account ada = test::new_account("pm");
  const TestRepo repo = test::new_repo(ada, false);
  commit_model(ada, repo, "main",
               {{kShard1, safetensors({{"a", "F32", {2, 2}, 'A'}, {"b", "F32", {2}, 'B'}, {"c", "F32", {4}, 'C'}})},
                {kShard2, safetensors({{"d", "F32", {2}, 'D'}, {"e", "F16", {4}, 'E'}})}},
               {{"model.safetensors.index.json",
                 index_of({{"a", kShard1}, {"b", kShard1}, {"c", kShard1}, {"d", kShard2}, {"e", kShard2}})},
                {"config.json", "{\"hidden_size\": 8, \"num_layers\": 2}\n"},
                {"README.md", card(0.81)}},
               "A tiny model");

  // The pull request: a to F16, b removed, c moved to shard 2, d renamed, f added; config and card
  // edited; and a file that only claims to be safetensors.
  auto made = commit_model(
      ada, repo, "main?create_pr=1",
      {{kShard1, safetensors({{"a", "F16", {2, 2}, 'a'}})},
       {kShard2,
        safetensors(
            {{"c", "F32", {4}, 'C'}, {"d_renamed", "F32", {2}, 'D'}, {"e", "F16", {4}, 'E'}, {"f", "F32", {3}, 'F'}})},
       {"extra/broken.safetensors", std::string("\x10\0\0\0\0\0\0\0{not json at all", 24)}},
      {{"model.safetensors.index.json",
        index_of({{"a", kShard1}, {"c", kShard2}, {"d_renamed", kShard2}, {"e", kShard2}, {"f", kShard2}})},
       {"config.json", "{\"hidden_size\": 16, \"num_layers\": 2}\n"},
       {"README.md", card(0.84)}},
      "Half precision for a");
  const std::string url = made["pullRequestUrl"].GetString();
  const std::string pull = repo.api() + "/discussions/" + url.substr(url.rfind('/') + 1);

  auto files = test::answer_json(via_gateway("GET", pull + "/files", ada.session));
  EXPECT_EQ(files["files"].Size(), 6U) << "two shards, the index, config, card and the broken file";
  const auto& models = files["model"]["models"];
  ASSERT_EQ(models.Size(), 2U) << "the root model, and extra/";
  const json::Value* root = nullptr;
  const json::Value* extra = nullptr;
  for (const auto& m : models.GetArray())
    (std::string(m["directory"].GetString()).empty() ? root : extra) = &m;
  ASSERT_TRUE(root != nullptr && extra != nullptr);
  const json::Value& m = *root;
  EXPECT_EQ(names(m["added"]), std::set<std::string>{"f"});
  EXPECT_EQ(names(m["removed"]), std::set<std::string>{"b"});
  ASSERT_EQ(m["dtypeChanged"].Size(), 1U);
  EXPECT_EQ(std::string(m["dtypeChanged"][0]["name"].GetString()), "a");
  EXPECT_EQ(std::string(m["dtypeChanged"][0]["before"].GetString()), "F32");
  EXPECT_EQ(std::string(m["dtypeChanged"][0]["after"].GetString()), "F16");
  ASSERT_EQ(m["moved"].Size(), 1U);
  EXPECT_EQ(std::string(m["moved"][0]["name"].GetString()), "c");
  EXPECT_EQ(std::string(m["moved"][0]["fromFile"].GetString()), kShard1);
  EXPECT_EQ(std::string(m["moved"][0]["toFile"].GetString()), kShard2);
  ASSERT_EQ(m["renamed"].Size(), 1U);
  EXPECT_EQ(std::string(m["renamed"][0]["from"].GetString()), "d");
  EXPECT_EQ(std::string(m["renamed"][0]["to"].GetString()), "d_renamed");
  EXPECT_EQ(m["shapeChanged"].Size(), 0U);
  EXPECT_EQ(m["bytesChanged"].Size(), 0U);
  EXPECT_EQ(m["parameterCount"]["delta"].GetInt64(), 1) << "b's 2 elements gone, f's 3 added";
  EXPECT_TRUE(m["complete"].GetBool());
  ASSERT_EQ((*extra)["errors"].Size(), 1U);
  EXPECT_EQ(std::string((*extra)["errors"][0]["path"].GetString()), "extra/broken.safetensors");
  EXPECT_FALSE(std::string((*extra)["errors"][0]["error"].GetString()).empty());

  std::map<std::string, std::set<std::string>> changed_keys;
  for (const auto& f : files["configs"].GetArray())
    for (const auto& c : f["changes"].GetArray())
      changed_keys[f["path"].GetString()].insert(c["path"].GetString());
  EXPECT_EQ(changed_keys["config.json"], std::set<std::string>{"/hidden_size"});
  ASSERT_EQ(changed_keys["README.md"].size(), 1U);
  EXPECT_NE(changed_keys["README.md"].begin()->find("accuracy"), std::string::npos)
      << *changed_keys["README.md"].begin();

  // A comment on a tensor stands until that tensor's bytes change.
  EXPECT_EQ(via_gateway("POST", pull + "/reviews", ada.session,
                        R"({"state":"comment","comments":[{"path":")" + std::string(kShard1) +
                            R"(","tensor":"a","body":"Why half precision?"}]})")
                .status,
            201);
  EXPECT_EQ(via_gateway("POST", pull + "/reviews", ada.session,
                        R"({"state":"comment","comments":[{"path":")" + std::string(kShard1) +
                            R"(","tensor":"zz","body":"?"}]})")
                .status,
            400)
      << "no such tensor";
  auto outdated = [&] {
    auto reviews = test::answer_json(via_gateway("GET", pull + "/reviews", ada.session));
    return reviews["comments"][0]["outdated"].GetBool();
  };
  EXPECT_FALSE(outdated());
  const std::string pr_ref = "refs%2Fpr%2F" + url.substr(url.rfind('/') + 1);
  commit_model(ada, repo, pr_ref, {{kShard1, safetensors({{"a", "F16", {2, 2}, 'z'}})}}, {}, "Other weights for a");
  EXPECT_TRUE(outdated());
}

}  // namespace
}  // namespace hub
