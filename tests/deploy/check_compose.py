#!/usr/bin/python3
"""check_compose.py <root> <bin dir>: compose.yaml runs the hub the code describes. Every service of
services/ is a compose service running its program, on the port its code listens on by default,
with exactly the variables its program reads (`--print-config`): none it does not read, every one
it requires, each peer's address pointing at that peer's service and port, and values the program
accepts (`--check-config`, with .env.example's values). PostgreSQL 15 and Redis 7
(append-only) keep their data in volumes, as repos does its data folder; every hub service waits
for them to be healthy, and the gateway for the services; only the gateway publishes a port.
(The schema check, check_compose_schema.mjs, holds the file to the Compose specification.)"""
import os
import re
import sys

import yaml

from hub_facts import Hub

failures = []


def check(cond, message):
    if not cond:
        failures.append(message)


def dotenv_example(root):
    """.env.example's values; an empty one (a secret to fill in) as a placeholder of the right shape."""
    values = {}
    with open(os.path.join(root, ".env.example")) as f:
        for line in f:
            m = re.match(r"^([A-Z_][A-Z0-9_]*)=(.*)$", line.rstrip("\n"))
            if m:
                values[m.group(1)] = m.group(2) or "x" * 64
    return values


def interpolate(text, values):
    """Compose's ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, $$."""
    def one(m):
        if m.group(0) == "$$":
            return "$"
        name, op, arg = m.group(1) or m.group(4), m.group(2), m.group(3)
        value = values.get(name)
        if op in (":-", "-"):
            return value if value not in (None, "") or (op == "-" and value is not None) else arg
        return value or ""
    return re.sub(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)", one, str(text))


def volume_targets(service):
    """{mount path: named volume} of a service's volumes (short syntax)."""
    out = {}
    for v in service.get("volumes", []):
        source, _, target = v.partition(":")
        out[target.split(":")[0]] = source
    return out


def main(root, bin_dir):
    hub = Hub(root, bin_dir)
    for name in hub.refusals_work():
        failures.append(f"hub-{name} --check-config accepts an environment without what it requires")
    with open(os.path.join(root, "compose.yaml")) as f:
        doc = yaml.safe_load(f)  # PyYAML resolves the << merges as compose does
    svcs = doc.get("services", {})
    values = dotenv_example(root)
    named_volumes = set(doc.get("volumes") or {})

    programs = {tuple(s.get("command", [])): n for n, s in svcs.items()}
    for name in hub.names:
        check(name in svcs, f"services/{name} has no compose service")
        if name not in svcs:
            continue
        s = svcs[name]
        check(s.get("command") == [f"hub-{name}"], f"{name}: runs {s.get('command')}, not hub-{name}")
        env = s.get("environment", {})
        check(isinstance(env, dict), f"{name}: environment as a mapping")
        reads = hub.reads(name)
        for var in sorted(set(env) - reads):
            failures.append(f"{name}: sets {var}, which hub-{name} does not read")
        for var in sorted(hub.required(name) - set(env)):
            failures.append(f"{name}: lacks {var}, which hub-{name} requires")
        # The values too, as .env.example fills them in: what the program says of them at start.
        problems = hub.problems_with(name, {k: interpolate(v, values) for k, v in env.items()})
        check(not problems, f"{name}: hub-{name} --check-config refuses its environment: {problems}")
        port = hub.port(name)
        check(str(env.get("HUB_LISTEN", "")) == f"0.0.0.0:{port}",
              f"{name}: HUB_LISTEN {env.get('HUB_LISTEN')} is not 0.0.0.0:{port}, the port hub-{name} defaults to")
        for peer in hub.peers(name):
            want = f"{peer}:{hub.port(peer)}"
            check(env.get(f"HUB_{peer.upper()}_URL") == want,
                  f"{name}: HUB_{peer.upper()}_URL is {env.get(f'HUB_{peer.upper()}_URL')}, not {want}")
        published = s.get("ports", [])
        if name == "gateway":
            check(len(published) == 1 and str(published[0]).endswith(f":{port}"),
                  f"gateway: publishes {published}, not its port {port}")
        else:
            check(not published and not s.get("expose"), f"{name}: publishes a port; only the gateway does")
        deps = s.get("depends_on", {})
        for store in ("postgres", "redis"):
            check(deps.get(store, {}).get("condition") == "service_healthy",
                  f"{name}: does not wait for {store} to be healthy")
        if name == "gateway":
            for other in hub.names:
                if other != "gateway":
                    check(deps.get(other, {}).get("condition") == "service_healthy",
                          f"gateway: does not wait for {other} to be healthy")
        data_dir = env.get("HUB_DATA_DIR", hub.config[name].get("HUB_DATA_DIR", {}).get("default"))
        if name in ("repos", "auth"):  # repos keeps git data there; auth the first admin's token
            check(volume_targets(s).get(data_dir) in named_volumes,
                  f"{name}: its data folder {data_dir} is not a named volume")
    for cmd, n in programs.items():
        if cmd and str(cmd[0]).startswith("hub-"):
            check(cmd[0][4:] in hub.names, f"{n}: runs {cmd[0]}, which no folder of services/ builds")

    pg = svcs.get("postgres", {})
    check(str(pg.get("image", "")).startswith("postgres:15"), "postgres: PostgreSQL 15")
    check(volume_targets(pg).get("/var/lib/postgresql/data") in named_volumes, "postgres: its data is a named volume")
    check("test" in pg.get("healthcheck", {}), "postgres: a health check")
    redis = svcs.get("redis", {})
    check(str(redis.get("image", "")).startswith("redis:7"), "redis: Redis 7")
    cmd = [str(c) for c in redis.get("command", [])]
    check("--appendonly" in cmd and cmd[cmd.index("--appendonly") + 1] == "yes", "redis: append-only persistence")
    check(volume_targets(redis).get("/data") in named_volumes, "redis: its data is a named volume")
    check("test" in redis.get("healthcheck", {}), "redis: a health check")
    for n, s in svcs.items():
        if n not in hub.names:
            check(not s.get("ports"), f"{n}: publishes a port; only the gateway does")

    for f in failures:
        print("FAIL", f)
    print(f"compose.yaml against {len(hub.names)} programs' --print-config: {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
