#!/usr/bin/python3
"""Checks compose.yaml, k8s/ and the Dockerfile against what the hub needs to run: every process,
its probes and settings, persistence for the stateful parts, and nothing public but the gateway.
The machine that runs the tests has no container engine, so this is how these files stay true."""
import glob
import os
import sys

import yaml

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
SERVICES = ["auth", "repos", "discussions", "pulls", "bugs", "notifications"]
PROCESSES = ["gateway"] + SERVICES
failures = []


def check(cond, message):
    if not cond:
        failures.append(message)


def compose():
    with open(os.path.join(ROOT, "compose.yaml")) as f:
        doc = yaml.safe_load(f)
    svcs = doc["services"]
    for name in PROCESSES + ["postgres", "redis"]:
        check(name in svcs, f"compose: service {name} missing")
    for name in PROCESSES:
        s = svcs.get(name, {})
        check(s.get("command") == [f"hub-{name}"], f"compose: {name} must run hub-{name}")
        env = s.get("environment", {})
        for var in ["HUB_INTERNAL_SECRET", "HUB_PG_URL", "HUB_REDIS_URL", "HUB_PUBLIC_URL", "HUB_LISTEN"]:
            check(var in env, f"compose: {name} lacks {var}")
        test = " ".join(s.get("healthcheck", {}).get("test", []))
        check("/readyz" in test, f"compose: {name} healthcheck must use /readyz")
        check(("ports" in s) == (name == "gateway"), f"compose: only the gateway publishes a port ({name})")
    gw_env = svcs["gateway"]["environment"]
    for svc in SERVICES:
        check(f"HUB_{svc.upper()}_URL" in gw_env, f"compose: gateway lacks HUB_{svc.upper()}_URL")
    check("--appendonly" in svcs["redis"].get("command", []), "compose: Redis needs append-only persistence")
    check(any("/var/lib/postgresql/data" in v for v in svcs["postgres"].get("volumes", [])), "compose: PostgreSQL data must be a volume")
    check(any("/var/lib/hub" in v for v in svcs["repos"].get("volumes", [])), "compose: repos data must be a volume")


def k8s():
    docs = []
    for path in sorted(glob.glob(os.path.join(ROOT, "k8s", "*.yaml"))):
        with open(path) as f:
            docs += [d for d in yaml.safe_load_all(f) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    config = by_kind.get("ConfigMap", {}).get("hub-config", {}).get("data", {})
    for svc in SERVICES:
        check(f"HUB_{svc.upper()}_URL" in config, f"k8s: hub-config lacks HUB_{svc.upper()}_URL")
    secret = by_kind.get("Secret", {}).get("hub-secrets", {}).get("stringData", {})
    check("HUB_INTERNAL_SECRET" in secret and "HUB_PG_URL" in secret, "k8s: hub-secrets must carry the secret and the database URL")
    drain = 10 + 30  # HUB_DRAIN_DELAY + HUB_SHUTDOWN_TIMEOUT in hub-config
    for name in PROCESSES:
        kind = "StatefulSet" if name == "repos" else "Deployment"
        w = by_kind.get(kind, {}).get(name)
        check(w is not None, f"k8s: {name} must be a {kind}")
        if w is None:
            continue
        pod = w["spec"]["template"]["spec"]
        c = pod["containers"][0]
        check(c.get("command") == [f"hub-{name}"], f"k8s: {name} must run hub-{name}")
        check(c.get("readinessProbe", {}).get("httpGet", {}).get("path") == "/readyz", f"k8s: {name} readiness must be /readyz")
        check(c.get("livenessProbe", {}).get("httpGet", {}).get("path") == "/healthz", f"k8s: {name} liveness must be /healthz")
        res = c.get("resources", {})
        check("requests" in res and "limits" in res, f"k8s: {name} needs resource requests and limits")
        check(pod.get("terminationGracePeriodSeconds", 30) >= drain, f"k8s: {name} grace period shorter than drain + shutdown")
        check(name in by_kind.get("Service", {}), f"k8s: {name} needs a Service")
        check(name in by_kind.get("PodDisruptionBudget", {}), f"k8s: {name} needs a PodDisruptionBudget")
        if name != "repos":
            check(name in by_kind.get("HorizontalPodAutoscaler", {}), f"k8s: {name} needs an autoscaler")
    repos = by_kind.get("StatefulSet", {}).get("repos", {})
    check(repos.get("spec", {}).get("replicas") == 1, "k8s: repos is a single replica")
    check(bool(repos.get("spec", {}).get("volumeClaimTemplates")), "k8s: repos needs a persistent volume")
    check("default-deny" in by_kind.get("NetworkPolicy", {}), "k8s: a default-deny NetworkPolicy is required")
    ing = list(by_kind.get("Ingress", {}).values())
    check(len(ing) == 1 and ing[0]["spec"].get("tls"), "k8s: one Ingress, with TLS")
    if ing:
        backend = ing[0]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"]
        check(backend == "gateway", "k8s: the Ingress must send everything to the gateway")
    job = by_kind.get("Job", {}).get("hub-migrate", {})
    spec = job.get("spec", {}).get("template", {}).get("spec", {})
    migrated = {c["command"][0] for c in spec.get("initContainers", []) + spec.get("containers", [])}
    check(migrated == {f"hub-{s}" for s in SERVICES}, "k8s: the migration Job must migrate every service")


def dockerfile():
    with open(os.path.join(ROOT, "Dockerfile")) as f:
        text = f.read()
    for name in PROCESSES:
        check(f"hub-{name}" in text, f"Dockerfile: hub-{name} is not built")
        check(os.path.isfile(os.path.join(ROOT, "services", name, "main.cpp")), f"services/{name}/main.cpp missing")


compose()
k8s()
dockerfile()
for f in failures:
    print("FAIL:", f)
print(f"deployment files: {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
