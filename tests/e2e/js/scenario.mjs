// The official JS client against the hub, every call asserted on content. Run by
// tests/e2e/js_client_test.cpp with HUB_URL (the gateway), HUB_TOKEN and HUB_USER (a fresh account),
// HUB_ORG (an org it administers) and HUB_CACHE (a scratch folder).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile, readlink } from "node:fs/promises";
import * as hub from "@huggingface/hub";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HUB_TOKEN;
const user = process.env.HUB_USER;
const org = process.env.HUB_ORG;
const cacheDir = process.env.HUB_CACHE;
const suffix = Math.random().toString(16).slice(2, 8);
const common = { hubUrl, accessToken };

async function collect(iterable) {
  const out = [];
  for await (const x of iterable) out.push(x);
  return out;
}
const sha256 = (data) => createHash("sha256").update(data).digest("hex");
const blob = (text) => new Blob([text]);

// whoAmI
const me = await hub.whoAmI({ ...common });
assert.equal(me.name, user);
assert.equal(me.type, "user");
assert.ok(me.orgs.some((o) => o.name === org));

// createRepo: public and private, user and org namespaces, all three types
const model = { type: "model", name: `${user}/js-model-${suffix}` };
const dataset = { type: "dataset", name: `${org}/js-data-${suffix}` };
const space = { type: "space", name: `${user}/js-space-${suffix}` };
const secret = { type: "model", name: `${org}/js-secret-${suffix}` };
const created = await hub.createRepo({ ...common, repo: model });
assert.equal(created.repoUrl, `${hubUrl}/${model.name}`);
await hub.createRepo({ ...common, repo: dataset, license: "mit" });
await hub.createRepo({ ...common, repo: space, sdk: "static" });
await hub.createRepo({ ...common, repo: secret, private: true });
await assert.rejects(hub.createRepo({ ...common, repo: model }), (e) => e.statusCode === 409);

// repoExists: private repos exist only for those who may see them
assert.equal(await hub.repoExists({ ...common, repo: secret }), true);
assert.equal(await hub.repoExists({ hubUrl, repo: secret }), false);
assert.equal(await hub.repoExists({ hubUrl, repo: { type: "model", name: `${user}/nope-${suffix}` } }), false);

// uploadFiles: regular and LFS files, nested paths, hundreds of files in one commit
const weights = new Uint8Array(300 * 1024).map((_, i) => (i * 31) % 251);
const many = Array.from({ length: 300 }, (_, i) => ({ path: `many/f${i}.txt`, content: blob(`file ${i}\n`) }));
const first = await hub.uploadFiles({
  ...common,
  repo: model,
  files: [
    { path: "README.md", content: blob("---\nlicense: mit\npipeline_tag: text-classification\n---\n# js model\n") },
    { path: "nested/deep/config.json", content: blob('{"hidden_size": 8}') },
    { path: "model.safetensors", content: new Blob([weights]) },
    ...many,
  ],
  commitTitle: "First upload",
});
assert.match(first.commit.oid, /^[0-9a-f]{40}$/);
assert.ok(first.commit.url.includes("/commit/"));

// uploadFile and commit with a deletion
await hub.uploadFile({ ...common, repo: model, file: { path: "extra.txt", content: blob("extra") } });
const third = await hub.commit({
  ...common,
  repo: model,
  title: "Edit and delete",
  operations: [
    { operation: "addOrUpdate", path: "notes/a.txt", content: blob("notes") },
    { operation: "delete", path: "many/f0.txt" },
  ],
});
assert.match(third.commit.oid, /^[0-9a-f]{40}$/);

// modelInfo / datasetInfo / spaceInfo
const info = await hub.modelInfo({ ...common, name: model.name, additionalFields: ["sha", "author", "cardData"] });
assert.equal(info.name, model.name);
assert.equal(info.private, false);
assert.equal(info.sha, third.commit.oid);
assert.equal(info.task, "text-classification");
assert.equal(info.cardData.license, "mit");
assert.ok(info.updatedAt instanceof Date && !isNaN(info.updatedAt));
const dinfo = await hub.datasetInfo({ ...common, name: dataset.name });
assert.equal(dinfo.name, dataset.name);
const sinfo = await hub.spaceInfo({ ...common, name: space.name });
assert.equal(sinfo.sdk, "static");
const pinfo = await hub.modelInfo({ ...common, name: secret.name });
assert.equal(pinfo.private, true);

// listModels / listDatasets / listSpaces: search, author, sort, pages
const mine = await collect(hub.listModels({ ...common, search: { owner: user }, sort: "createdAt" }));
assert.deepEqual(mine.map((m) => m.name), [model.name]);
const found = await collect(hub.listModels({ ...common, search: { query: `js-secret-${suffix}` } }));
assert.deepEqual(found.map((m) => m.name), [secret.name]);
const hidden = await collect(hub.listModels({ hubUrl, search: { query: `js-secret-${suffix}` } }));
assert.equal(hidden.length, 0);
assert.deepEqual((await collect(hub.listDatasets({ ...common, search: { owner: org } }))).map((d) => d.name), [dataset.name]);
const spaces = await collect(hub.listSpaces({ ...common, search: { owner: user } }));
assert.deepEqual(spaces.map((s) => s.name), [space.name]);
const limited = await collect(hub.listModels({ ...common, limit: 1 }));
assert.equal(limited.length, 1);

// listFiles: recursive, expand; paging through 300 files
const top = await collect(hub.listFiles({ ...common, repo: model }));
assert.deepEqual(top.map((f) => f.path).sort(), [".gitattributes", "README.md", "extra.txt", "many", "model.safetensors", "nested", "notes"]);
const all = await collect(hub.listFiles({ ...common, repo: model, recursive: true }));
assert.equal(all.filter((f) => f.path.startsWith("many/") && f.type === "file").length, 299);
const lfsEntry = all.find((f) => f.path === "model.safetensors");
assert.equal(lfsEntry.lfs.oid, sha256(weights));
assert.equal(lfsEntry.size, weights.length);
const expanded = await collect(hub.listFiles({ ...common, repo: model, path: "nested/deep", expand: true }));
assert.equal(expanded[0].lastCommit.id, first.commit.oid);

// pathsInfo
const paths = await hub.pathsInfo({ ...common, repo: model, paths: ["README.md", "model.safetensors", "missing"], expand: true });
assert.equal(paths.length, 2);
assert.equal(paths.find((p) => p.path === "model.safetensors").lfs.size, weights.length);

// fileDownloadInfo, downloadFile
const dl = await hub.fileDownloadInfo({ ...common, repo: model, path: "model.safetensors" });
assert.equal(dl.size, weights.length);
assert.equal(dl.etag, `"${sha256(weights)}"`);
assert.equal(await hub.fileDownloadInfo({ ...common, repo: model, path: "nope.txt" }), null);
const got = await hub.downloadFile({ ...common, repo: model, path: "model.safetensors" });
assert.deepEqual(new Uint8Array(await got.arrayBuffer()), weights);
const text = await hub.downloadFile({ ...common, repo: model, path: "nested/deep/config.json" });
assert.equal(await text.text(), '{"hidden_size": 8}');
assert.equal(await hub.fileExists({ ...common, repo: model, path: "extra.txt" }), true);
assert.equal(await hub.fileExists({ ...common, repo: model, path: "many/f0.txt" }), false);

// snapshotDownload of the private repo, into a cache folder
await hub.uploadFile({ ...common, repo: secret, file: { path: "dir/s.txt", content: blob("secret") } });
const snap = await hub.snapshotDownload({ ...common, repo: secret, cacheDir });
assert.equal(await readFile(`${snap}/dir/s.txt`, "utf8"), "secret");
assert.ok((await readlink(`${snap}/dir/s.txt`)).includes("blobs/"));

// listCommits / countCommits
const commits = await collect(hub.listCommits({ ...common, repo: model, batchSize: 2 }));
assert.equal(commits.length, 4);
assert.equal(commits[0].title, "Edit and delete");
assert.match(commits[1].title, /extra\.txt/);
assert.deepEqual(commits.slice(2).map((c) => c.title), ["First upload", "initial commit"]);
assert.equal(commits[0].authors[0].username, user);
assert.equal(commits[0].oid, third.commit.oid);
assert.equal(await hub.countCommits({ ...common, repo: model }), 4);

// createBranch / deleteBranch
await hub.createBranch({ ...common, repo: model, branch: "dev" });
await hub.uploadFile({ ...common, repo: model, branch: "dev", file: { path: "dev.txt", content: blob("dev") } });
assert.equal(await hub.fileExists({ ...common, repo: model, path: "dev.txt", revision: "dev" }), true);
assert.equal(await hub.fileExists({ ...common, repo: model, path: "dev.txt" }), false);
await assert.rejects(hub.createBranch({ ...common, repo: model, branch: "dev" }), (e) => e.statusCode === 409);
await hub.deleteBranch({ ...common, repo: model, branch: "dev" });
await assert.rejects(hub.fileDownloadInfo({ ...common, repo: model, path: "dev.txt", revision: "dev" }));

// deleteFile(s)
await hub.deleteFile({ ...common, repo: model, path: "extra.txt" });
await hub.deleteFiles({ ...common, repo: model, paths: ["many/f1.txt", "many/f2.txt"] });
const left = await collect(hub.listFiles({ ...common, repo: model, path: "many" }));
assert.equal(left.length, 297);
assert.equal(await hub.fileExists({ ...common, repo: model, path: "extra.txt" }), false);

// deleteRepo
await hub.deleteRepo({ ...common, repo: space });
assert.equal(await hub.repoExists({ ...common, repo: space }), false);
await assert.rejects(hub.deleteRepo({ ...common, repo: space }), (e) => e.statusCode === 404);

console.log("js client scenario: ok");
