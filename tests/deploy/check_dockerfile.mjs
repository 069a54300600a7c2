// check_dockerfile.mjs <root>: parses the Dockerfile with dockerfile-ast (the parser of the Docker
// language server), lints it with dockerfile-utils (the same server's checks of what docker build
// would refuse or warn about), lists its stages, and checks what the image promises: a Debian
// bookworm build stage and a slim runtime stage, packages from deploy/packages only (through
// deploy/packages.sh, never a second list), every program of services/ built once and copied,
// a non-root user by number, HEALTHCHECK, STOPSIGNAL SIGTERM and the OCI labels.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DockerfileParser } from "dockerfile-ast";
import { validate } from "dockerfile-utils";

const here = dirname(fileURLToPath(import.meta.url));
const root = process.argv[2] ?? join(here, "..", "..");
const text = readFileSync(join(root, "Dockerfile"), "utf8");
const problems = [];
const check = (ok, message) => { if (!ok) problems.push(message); };

for (const d of validate(text)) {
  problems.push(`line ${d.range.start.line + 1}: ${d.message} (dockerfile-utils ${d.severity === 1 ? "error" : "warning"})`);
}

const dockerfile = DockerfileParser.parse(text);
// ARGs before the first FROM are the only ones FROM may use: their defaults resolve the images.
const globalArgs = new Map();
for (const arg of dockerfile.getInitialARGs()) {
  const m = arg.getArgumentsContent()?.match(/^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/);
  if (m) globalArgs.set(m[1], m[2]);
}
const resolve = (s) => s.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n) => globalArgs.get(n) ?? `\${${n}}`);

// Stages: each FROM and the instructions up to the next.
const stages = [];
for (const i of dockerfile.getInstructions()) {
  if (i.getKeyword() === "FROM") {
    stages.push({ name: i.getBuildStage(), image: resolve(i.getImage()), instructions: [] });
  } else if (stages.length) {
    stages.at(-1).instructions.push({ keyword: i.getKeyword(), args: i.getArgumentsContent() ?? "", node: i });
  }
}
for (const s of stages) {
  const count = {};
  for (const i of s.instructions) count[i.keyword] = (count[i.keyword] ?? 0) + 1;
  console.log(`stage ${s.name}: FROM ${s.image}; ${Object.entries(count).map(([k, n]) => `${k}×${n}`).join(" ")}`);
}
check(stages.length === 2, `two stages, build and runtime (found ${stages.map((s) => s.name).join(", ")})`);
const build = stages.find((s) => s.name === "build");
const runtime = stages.at(-1);
check(build?.image === "debian:bookworm", `the build stage is FROM debian:bookworm (is ${build?.image})`);
check(runtime?.name === "runtime" && runtime.image === "debian:bookworm-slim",
  `the last stage is runtime, FROM debian:bookworm-slim (is ${runtime?.name}, ${runtime?.image})`);

// Packages: deploy/packages through deploy/packages.sh, the build list in build, the image list last.
const installs = (stage) => stage.instructions.filter((i) => i.keyword === "RUN" && /apt-get\s+install/.test(i.args));
for (const [stage, where] of [[build, "build"], [runtime, "image"]]) {
  if (!stage) continue;
  const runs = installs(stage);
  check(runs.length === 1, `${stage.name}: one apt-get install (found ${runs.length})`);
  for (const r of runs) {
    check(new RegExp(`packages\\.sh ${where}\\s*\\|\\s*xargs`).test(r.args),
      `${stage.name}: installs what \`deploy/packages.sh ${where}\` lists`);
    // After "install", only options until the command ends: no package named here.
    const tail = r.args.split(/apt-get\s+install/)[1].split(/&&|;|\|/)[0];
    check(tail.split(/\s+/).filter((w) => w && !w.startsWith("-")).length === 0,
      `${stage.name}: names no package itself (${tail.trim()})`);
  }
  check(stage.instructions.some((i) => i.keyword === "COPY" && /deploy\/packages\b.*deploy\/packages\.sh/.test(i.args)),
    `${stage.name}: copies deploy/packages and deploy/packages.sh`);
}
for (const f of ["deploy/packages", "deploy/packages.sh"]) check(existsSync(join(root, f)), `${f} exists`);

// The programs: one per folder of services/, built once in the build stage, copied into runtime.
const programs = readdirSync(join(root, "services"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, "services", d.name, "main.cpp")))
  .map((d) => `hub-${d.name}`).sort();
const buildRuns = (build?.instructions ?? []).filter((i) => i.keyword === "RUN" && /cmake --build/.test(i.args));
check(buildRuns.length === 1, `one cmake build in the build stage (found ${buildRuns.length})`);
const built = (buildRuns[0]?.args.match(/--target ([^&\\]+)/)?.[1] ?? "").trim().split(/\s+/).sort();
check(JSON.stringify(built) === JSON.stringify(programs), `builds ${programs.join(" ")} (builds ${built.join(" ")})`);
const copies = (runtime?.instructions ?? []).filter((i) => i.keyword === "COPY" && i.node.getFromFlag?.()?.getValue() === "build");
check(copies.length === 1, "the runtime stage copies the programs from the build stage once");

// What the runtime stage promises.
const last = (keyword) => (runtime?.instructions ?? []).filter((i) => i.keyword === keyword).at(-1)?.args ?? "";
const user = last("USER");
check(/^[1-9][0-9]*(:[1-9][0-9]*)?$/.test(user), `USER is a non-root uid[:gid] by number (is "${user}")`);
check(/CMD/.test(last("HEALTHCHECK")), "a HEALTHCHECK with a command");
check(last("STOPSIGNAL") === "SIGTERM", `STOPSIGNAL SIGTERM (is "${last("STOPSIGNAL")}")`);
const labels = (runtime?.instructions ?? []).filter((i) => i.keyword === "LABEL").map((i) => i.args).join(" ");
for (const key of ["source", "version", "licenses"]) {
  check(labels.includes(`org.opencontainers.image.${key}=`), `LABEL org.opencontainers.image.${key}`);
}

for (const p of problems) console.log("FAIL", p);
console.log(`Dockerfile: ${stages.length} stages, ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
