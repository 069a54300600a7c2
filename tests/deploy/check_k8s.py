#!/usr/bin/python3
"""check_k8s.py <root> <bin dir>: each overlay of k8s/, rendered (kustomize.py), runs the hub the
code describes. For every service of services/: a workload running its program (a Deployment, or a
StatefulSet for repos, which keeps its data on disk) with exactly the variables it reads
(`--print-config`, through env and envFrom) with values it accepts (`--check-config`; a Secret the
overlay expects from the platform taken to hold what the dev overlay's does), on its default port, probed on /healthz and /readyz,
with a grace period above its drain delay and shutdown timeout, non-root on a read-only root file
system without capabilities, with resources and Prometheus annotations; a Service on that port;
a disruption budget; an autoscaler for the stateless ones and none for repos, whose budget lets a
node drain. Peers' addresses name the peers' Services; the Ingress serves HUB_PUBLIC_URL's host
with TLS and the limits long transfers need; the migration Job migrates every schema; the services
reach PostgreSQL through PgBouncer (transaction pool for HUB_PG_URL, session pool for
HUB_PG_SESSION_URL); a Secret an overlay does not write is one docs/deploy.md tells how to create.
(check_k8s_schemas.mjs holds the objects to the Kubernetes schemas; check_network.py the policies.)"""
import configparser
import os
import re
import sys
from urllib.parse import urlparse

from hub_facts import Hub, overlays, render

STATEFUL = {"repos"}  # keeps git repositories and LFS objects on its volume (README.md, "Repos")
INGRESS_ANNOTATIONS = {
    "nginx.ingress.kubernetes.io/proxy-body-size": "0",
    "nginx.ingress.kubernetes.io/proxy-request-buffering": "off",
    "nginx.ingress.kubernetes.io/proxy-buffering": "off",
    "nginx.ingress.kubernetes.io/proxy-read-timeout": "86400",
    "nginx.ingress.kubernetes.io/proxy-send-timeout": "86400",
}
SECOND_PHASE = 2  # seconds: what the server allows after HUB_SHUTDOWN_TIMEOUT (common/http/server.cpp)


def seconds(text):
    m = re.fullmatch(r"(\d+)(ms|s|m|h|d)?", str(text).strip())
    if not m:
        raise ValueError(f"not a duration: {text!r}")
    scale = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 0.001}[m.group(2)]
    return int(m.group(1)) * scale


class Overlay:
    def __init__(self, root, folder):
        self.folder = folder
        self.objects = render(root, folder)
        self.by_kind = {}
        for o in self.objects:
            self.by_kind.setdefault(o["kind"], {})[o["metadata"]["name"]] = o
        self.secret_keys = {name: {**s.get("stringData", {}), **s.get("data", {})}
                            for name, s in self.by_kind.get("Secret", {}).items()}

    def get(self, kind, name):
        return self.by_kind.get(kind, {}).get(name)

    def env(self, container):
        """{name: value or None (from a Secret)} as the container sees its environment."""
        out = {}
        for source in container.get("envFrom", []):
            if "configMapRef" in source:
                cm = self.get("ConfigMap", source["configMapRef"]["name"]) or {}
                out.update({k: str(v) for k, v in cm.get("data", {}).items()})
            if "secretRef" in source:
                out.update({k: v for k, v in self.secret_keys.get(source["secretRef"]["name"], {}).items()})
        for e in container.get("env", []):
            if "value" in e:
                out[e["name"]] = str(e["value"])
            else:
                ref = e.get("valueFrom", {}).get("secretKeyRef") or e.get("valueFrom", {}).get("configMapKeyRef")
                source = self.secret_keys.get(ref["name"], {}) if "secretKeyRef" in e["valueFrom"] else \
                    (self.get("ConfigMap", ref["name"]) or {}).get("data", {})
                out[e["name"]] = source.get(ref["key"])
        return out


def pod_of(workload):
    return workload["spec"]["template"]


def selects(selector, labels):
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items()) and bool(selector.get("matchLabels"))


def secrets_referenced(obj):
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("secretRef", "secretKeyRef") and isinstance(v, dict):
                    found.add(v["name"])
                elif k == "secretName" and isinstance(v, str):
                    found.add(v)
                walk(v)
        elif isinstance(node, list):
            for i in node:
                walk(i)
    walk(obj)
    return found


def check_overlay(hub, ov, docs, fail):
    image = None
    for name in hub.names:
        kind = "StatefulSet" if name in STATEFUL else "Deployment"
        w = ov.get(kind, name)
        if w is None:
            fail(f"services/{name} has no {kind} {name}")
            continue
        template = pod_of(w)
        pod = template["spec"]
        ctrs = [c for c in pod["containers"] if c.get("command", [None])[0] == f"hub-{name}"]
        if len(ctrs) != 1:
            fail(f"{name}: one container runs hub-{name} (found {len(ctrs)})")
            continue
        c = ctrs[0]
        image = image or c["image"]
        if c["image"] != image:
            fail(f"{name}: runs image {c['image']}, the others {image}: one image holds every program")
        env = ov.env(c)
        for var in sorted(set(env) - hub.reads(name)):
            fail(f"{name}: sets {var}, which hub-{name} does not read")
        for var in sorted(hub.required(name) - set(env)):
            fail(f"{name}: lacks {var}, which hub-{name} requires")
        problems = hub.problems_with(name, env)
        if problems:
            fail(f"{name}: hub-{name} --check-config refuses its environment: {problems}")
        port = hub.port(name)
        if env.get("HUB_LISTEN") != f"0.0.0.0:{port}":
            fail(f"{name}: HUB_LISTEN is {env.get('HUB_LISTEN')}, not 0.0.0.0:{port}, the port hub-{name} defaults to")
        ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
        if ports.get("http") != port:
            fail(f"{name}: container port http is {ports.get('http')}, not {port}")
        for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
            get = c.get(probe, {}).get("httpGet", {})
            if get.get("path") != path or get.get("port") not in ("http", port):
                fail(f"{name}: {probe} is not GET {path} on its port")
        for peer in hub.peers(name):
            want = f"{peer}:{hub.port(peer)}"
            if env.get(f"HUB_{peer.upper()}_URL") != want:
                fail(f"{name}: HUB_{peer.upper()}_URL is {env.get(f'HUB_{peer.upper()}_URL')}, not {want}")
        # Draining: not ready for HUB_DRAIN_DELAY, then HUB_SHUTDOWN_TIMEOUT for requests in flight.
        cfg = hub.config[name]
        drain = seconds(env.get("HUB_DRAIN_DELAY", cfg["HUB_DRAIN_DELAY"]["default"]))
        shutdown = seconds(env.get("HUB_SHUTDOWN_TIMEOUT", cfg["HUB_SHUTDOWN_TIMEOUT"]["default"]))
        grace = pod.get("terminationGracePeriodSeconds", 30)
        if grace <= drain + shutdown + SECOND_PHASE:
            fail(f"{name}: terminationGracePeriodSeconds {grace} is not above HUB_DRAIN_DELAY {drain:g}s + "
                 f"HUB_SHUTDOWN_TIMEOUT {shutdown:g}s + {SECOND_PHASE}s")
        psc, csc = pod.get("securityContext", {}), c.get("securityContext", {})
        if not (csc.get("runAsNonRoot", psc.get("runAsNonRoot")) and csc.get("runAsUser", psc.get("runAsUser", 0)) != 0):
            fail(f"{name}: not run as a non-root user")
        if not csc.get("readOnlyRootFilesystem"):
            fail(f"{name}: root file system not read-only")
        if csc.get("allowPrivilegeEscalation") is not False:
            fail(f"{name}: privilege escalation not turned off")
        if "ALL" not in csc.get("capabilities", {}).get("drop", []):
            fail(f"{name}: capabilities not all dropped")
        res = c.get("resources", {})
        if not (res.get("requests", {}).get("cpu") and res.get("requests", {}).get("memory")
                and res.get("limits", {}).get("memory")):
            fail(f"{name}: needs cpu and memory requests and a memory limit")
        ann = template.get("metadata", {}).get("annotations", {})
        if (ann.get("prometheus.io/scrape"), ann.get("prometheus.io/port"), ann.get("prometheus.io/path")) != \
                ("true", str(port), "/metrics"):
            fail(f"{name}: Prometheus annotations (scrape, port {port}, /metrics) missing or wrong")
        labels = template["metadata"].get("labels", {})
        svc = ov.get("Service", name)
        if svc is None:
            fail(f"services/{name} has no Service {name}")
        else:
            if not selects({"matchLabels": svc["spec"].get("selector", {})}, labels):
                fail(f"{name}: its Service does not select its pods")
            sp = svc["spec"].get("ports", [])
            if not any(p["port"] == port and p.get("targetPort") in ("http", port) for p in sp):
                fail(f"{name}: its Service does not serve port {port} from the container's")
        pdbs = [p for p in ov.by_kind.get("PodDisruptionBudget", {}).values() if selects(p["spec"]["selector"], labels)]
        if len(pdbs) != 1:
            fail(f"{name}: one PodDisruptionBudget selects its pods (found {len(pdbs)})")
        hpas = [h for h in ov.by_kind.get("HorizontalPodAutoscaler", {}).values()
                if h["spec"]["scaleTargetRef"]["name"] == name and h["spec"]["scaleTargetRef"]["kind"] == kind]
        if name in STATEFUL:
            if w["spec"].get("replicas") != 1:
                fail(f"{name}: a single replica")
            if hpas:
                fail(f"{name}: no autoscaler (one disk, one replica)")
            claims = {t["metadata"]["name"] for t in w["spec"].get("volumeClaimTemplates", [])}
            data_dir = env.get("HUB_DATA_DIR", cfg["HUB_DATA_DIR"]["default"])
            if not any(m["mountPath"] == data_dir and m["name"] in claims for m in c.get("volumeMounts", [])):
                fail(f"{name}: its data folder {data_dir} is not on a PersistentVolumeClaim")
            for p in pdbs:
                s = p["spec"]
                if not (int(s.get("maxUnavailable", 0)) >= 1 or s.get("minAvailable") == 0):
                    fail(f"{name}: its disruption budget would block node drains")
        else:
            if len(hpas) != 1:
                fail(f"{name}: one HorizontalPodAutoscaler scales its Deployment (found {len(hpas)})")
            for p in pdbs:
                if p["spec"].get("minAvailable") not in (None, 0) and p["spec"].get("minAvailable") >= \
                        min(h["spec"].get("minReplicas", 1) for h in hpas or [{"spec": {}}]):
                    fail(f"{name}: its disruption budget blocks drains at the autoscaler's minimum")
    for kind in ("Deployment", "StatefulSet", "Job"):
        for wname, w in ov.by_kind.get(kind, {}).items():
            for c in pod_of(w)["spec"].get("containers", []) + pod_of(w)["spec"].get("initContainers", []):
                prog = (c.get("command") or [""])[0]
                if prog.startswith("hub-") and prog[4:] not in hub.names:
                    fail(f"{kind} {wname}: runs {prog}, which no folder of services/ builds")

    check_ingress(hub, ov, fail)
    check_migrations(hub, ov, image, fail)
    check_pgbouncer(hub, ov, fail)
    referenced = set()
    for o in ov.objects:
        referenced |= secrets_referenced(o)
    for name in sorted(referenced - set(ov.by_kind.get("Secret", {}))):
        if not re.search(rf"create secret [^\n]*\b{re.escape(name)}\b", docs):
            fail(f"Secret {name} is neither written by the overlay nor created in docs/deploy.md")


def check_ingress(hub, ov, fail):
    ingresses = list(ov.by_kind.get("Ingress", {}).values())
    if len(ingresses) != 1:
        fail(f"one Ingress (found {len(ingresses)})")
        return
    ing = ingresses[0]
    gw = ov.get("Deployment", "gateway")
    env = ov.env(gw["spec"]["template"]["spec"]["containers"][0]) if gw else {}
    url = urlparse(env.get("HUB_PUBLIC_URL", ""))
    if url.scheme != "https":
        fail(f"HUB_PUBLIC_URL {env.get('HUB_PUBLIC_URL')} is not https: TLS ends at the Ingress")
    rules = ing["spec"].get("rules", [])
    if [r.get("host") for r in rules] != [url.hostname]:
        fail(f"the Ingress serves {[r.get('host') for r in rules]}, HUB_PUBLIC_URL names {url.hostname}")
    if not any(url.hostname in t.get("hosts", []) and t.get("secretName") for t in ing["spec"].get("tls", [])):
        fail(f"the Ingress has no TLS for {url.hostname}")
    svc = ov.get("Service", "gateway")
    gw_port = hub.port("gateway")
    for r in rules:
        for p in r.get("http", {}).get("paths", []):
            b = p["backend"]["service"]
            served = [sp for sp in (svc or {}).get("spec", {}).get("ports", [])
                      if sp.get("name") == b["port"].get("name") or sp["port"] == b["port"].get("number")]
            if b["name"] != "gateway" or not served or served[0]["port"] != gw_port:
                fail(f"the Ingress path {p.get('path')} does not go to the gateway's port {gw_port}")
    ann = ing["metadata"].get("annotations", {})
    for k, v in INGRESS_ANNOTATIONS.items():
        if ann.get(k) != v:
            fail(f"the Ingress annotation {k} is {ann.get(k)!r}, not {v!r}")
    if not env.get("HUB_TRUSTED_PROXIES"):
        fail("the gateway behind the Ingress sets no HUB_TRUSTED_PROXIES")


def check_migrations(hub, ov, image, fail):
    for name in hub.migrated():
        kind = "StatefulSet" if name in STATEFUL else "Deployment"
        w = ov.get(kind, name)
        if w and ov.env(w["spec"]["template"]["spec"]["containers"][0]).get("HUB_MIGRATE") != "job":
            fail(f"{name}: HUB_MIGRATE is not job, so it would migrate as it starts beside the Job")
    jobs = list(ov.by_kind.get("Job", {}).values())
    migrated = {}
    for j in jobs:
        spec = pod_of(j)["spec"]
        for c in spec.get("initContainers", []) + spec.get("containers", []):
            cmd = c.get("command", [])
            if cmd[1:] == ["--migrate"]:
                migrated[cmd[0][4:]] = (c, ov.env(c))
    if sorted(migrated) != sorted(hub.migrated()):
        fail(f"the migration Job migrates {sorted(migrated)}, schemas/ has {sorted(hub.migrated())}")
    for name, (c, env) in migrated.items():
        problems = hub.problems_with(name, env)
        if problems:
            fail(f"migration of {name}: hub-{name} --check-config refuses its environment: {problems}")
        if c["image"] != image:
            fail(f"migration of {name}: image {c['image']}, the services run {image}")
        if "HUB_PG_SESSION_URL" in env and env.get("HUB_PG_URL") != env["HUB_PG_SESSION_URL"]:
            fail(f"migration of {name}: not through the session pool (its advisory lock needs a session)")


def check_pgbouncer(hub, ov, fail):
    cm = ov.get("ConfigMap", "pgbouncer")
    dep = ov.get("Deployment", "pgbouncer")
    svc = ov.get("Service", "pgbouncer")
    if not (cm and dep and svc):
        fail("PgBouncer: a ConfigMap, a Deployment and a Service named pgbouncer")
        return
    ini = configparser.ConfigParser(interpolation=None)
    ini.read_string(cm["data"]["pgbouncer.ini"])
    listen = int(ini["pgbouncer"]["listen_port"])
    if not any(p["port"] == listen for p in svc["spec"]["ports"]):
        fail(f"PgBouncer: its Service does not serve its port {listen}")
    modes = {}
    for db, line in ini["databases"].items():
        fields = dict(f.split("=", 1) for f in line.split())
        modes[db] = fields.get("pool_mode", ini["pgbouncer"].get("pool_mode", "session"))
        server = ov.get("Service", fields.get("host"))
        if server is None:
            fail(f"PgBouncer: database {db} is on host {fields.get('host')}, which no Service of {ov.folder} names")
    for name in hub.names:
        kind = "StatefulSet" if name in STATEFUL else "Deployment"
        w = ov.get(kind, name)
        if not w:
            continue
        env = ov.env(w["spec"]["template"]["spec"]["containers"][0])
        if env.get("HUB_PG_PREPARED") != "off":
            fail(f"{name}: HUB_PG_PREPARED is not off (PgBouncer's transaction pool keeps no prepared statements)")
        for var, mode in (("HUB_PG_URL", "transaction"), ("HUB_PG_SESSION_URL", "session")):
            value = env.get(var)
            if value is None:
                fail(f"{name}: {var} is not set")
                continue
            u = urlparse(value)
            db = u.path.lstrip("/")
            if (u.hostname, u.port) != ("pgbouncer", listen) or modes.get(db) != mode:
                fail(f"{name}: {var} does not name PgBouncer's {mode} pool (names {u.hostname}:{u.port}/{db})")


def main(root, bin_dir):
    hub = Hub(root, bin_dir)
    failures = [f"hub-{name} --check-config accepts an environment without what it requires"
                for name in hub.refusals_work()]
    with open(os.path.join(root, "docs", "deploy.md")) as f:
        docs = f.read()
    rendered = [Overlay(root, o) for o in overlays(root)]
    # An overlay that expects a Secret from the platform (prod) expects it with the keys another
    # overlay writes (dev), as docs/deploy.md tells how to create it.
    written = {}
    for ov in rendered:
        written.update(ov.secret_keys)
    for ov in rendered:
        ov.secret_keys = {**written, **ov.secret_keys}
        check_overlay(hub, ov, docs, lambda m, f=ov.folder: failures.append(f"{f}: {m}"))
    for f in failures:
        print("FAIL", f)
    print(f"{len(rendered)} overlays against {len(hub.names)} programs' --print-config: {len(failures)} problem(s)")
    return 1 if failures or not rendered else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
