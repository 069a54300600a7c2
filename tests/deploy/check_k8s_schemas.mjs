// check_k8s_schemas.mjs <root>: renders k8s/base and each overlay (kustomize.py) and validates every
// object against the Kubernetes OpenAPI schema of its apiVersion and kind, as the validators of
// the npm package kubernetes-models (package.json pins the version, and with it the Kubernetes
// release its schemas come from) compile them. An object of a kind without a schema there fails:
// nothing goes unchecked.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const root = process.argv[2] ?? join(here, "..", "..");
const models = join(here, "node_modules", "kubernetes-models");

// Where kubernetes-models keeps a kind: "apps/v1" -> apps/v1/Deployment.js, "v1" -> v1/Service.js.
function modelPath(apiVersion, kind) {
  return join(models, ...apiVersion.split("/"), `${kind}.js`);
}

function render(folder) {
  const text = execFileSync("python3", [join(here, "kustomize.py"), folder], { encoding: "utf8" });
  return parseAllDocuments(text).map((d) => d.toJSON()).filter((o) => o);
}

const folders = [join(root, "k8s", "base")];
for (const overlay of readdirSync(join(root, "k8s", "overlays")).sort()) {
  folders.push(join(root, "k8s", "overlays", overlay));
}

let failures = 0;
let checked = 0;
for (const folder of folders) {
  const objects = render(folder);
  for (const obj of objects) {
    const what = `${folder.slice(root.length + 1)}: ${obj.kind}/${obj.metadata?.name}`;
    const path = modelPath(obj.apiVersion ?? "", obj.kind ?? "");
    if (!existsSync(path)) {
      console.log(`FAIL ${what}: no schema for ${obj.apiVersion} ${obj.kind}`);
      failures++;
      continue;
    }
    const module = await import(pathToFileURL(path).href);
    const Model = module[obj.kind];
    try {
      new Model(obj).validate();
      checked++;
    } catch (e) {
      console.log(`FAIL ${what}: ${e.message}`);
      failures++;
    }
  }
  console.log(`${folder.slice(root.length + 1)}: ${objects.length} objects`);
}
console.log(`${checked} objects valid, ${failures} invalid`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
