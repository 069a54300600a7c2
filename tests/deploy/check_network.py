#!/usr/bin/python3
"""check_network.py <root> <bin dir>: evaluates the rendered NetworkPolicies of each overlay as
Kubernetes does (a pod selected by no Ingress policy takes any connection; one selected by any takes
only what some rule of those policies admits: a peer matched by podSelector in the policy's
namespace, namespaceSelector, or both, on a listed port, by number or by the container port's name)
and asks, for every pair of pods and every port, whether a connection is let in. The answers must be
what the code needs and no more: the gateway from the ingress controller; each service from the
gateway and from the services whose program reads its HUB_<SERVICE>_URL (`--print-config`); PgBouncer
from the services and the migration Job; PostgreSQL from PgBouncer; Redis from the gateway and the
services; Prometheus (namespace monitoring) to each hub program's port; nothing else."""
import sys

from hub_facts import Hub, overlays, render

NAMESPACE = "hub"
# Pods outside the hub's namespace that matter: the ingress controller, Prometheus, and a stranger.
OUTSIDE = [
    ("ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"}, "ingress-nginx"),
    ("monitoring", {"app.kubernetes.io/name": "prometheus"}, "prometheus"),
    ("default", {"app": "stranger"}, "stranger"),
]


def matches(selector, labels):
    """A LabelSelector: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist)."""
    if selector is None:
        return False
    for k, v in selector.get("matchLabels", {}).items():
        if labels.get(k) != v:
            return False
    for e in selector.get("matchExpressions", []):
        has, value = e["key"] in labels, labels.get(e["key"])
        op = e["operator"]
        if op == "In" and value not in e["values"]:
            return False
        if op == "NotIn" and has and value in e["values"]:
            return False
        if op == "Exists" and not has:
            return False
        if op == "DoesNotExist" and has:
            return False
    return True


class Pod:
    def __init__(self, name, namespace, labels, ports):
        self.name, self.namespace, self.labels, self.ports = name, namespace, labels, ports  # ports: {name: number}


def pods_of(objects):
    pods = []
    for o in objects:
        if o["kind"] in ("Deployment", "StatefulSet", "Job"):
            t = o["spec"]["template"]
            ports = {}
            for c in t["spec"].get("containers", []):
                for p in c.get("ports", []):
                    ports[p.get("name", str(p["containerPort"]))] = p["containerPort"]
            pods.append(Pod(t["metadata"]["labels"].get("app.kubernetes.io/component", o["metadata"]["name"]),
                            NAMESPACE, t["metadata"]["labels"], ports))
    return pods


def namespace_labels(namespace):
    return {"kubernetes.io/metadata.name": namespace}


def peer_admits(peer, policy_ns, src):
    if "ipBlock" in peer:
        return False  # no peer here is addressed by IP
    ns_sel, pod_sel = peer.get("namespaceSelector"), peer.get("podSelector")
    if ns_sel is not None:
        if not matches(ns_sel, namespace_labels(src.namespace)):
            return False
    elif src.namespace != policy_ns:
        return False
    return pod_sel is None or matches(pod_sel, src.labels)


def port_admits(rule_ports, dst, port):
    if not rule_ports:
        return True
    for p in rule_ports:
        if p.get("protocol", "TCP") != "TCP":
            continue
        want = p.get("port")
        if want is None or want == port or dst.ports.get(want) == port:
            return True
    return False


def allowed(policies, src, dst, port):
    selecting = [p for p in policies if p["metadata"]["namespace"] == dst.namespace
                 and "Ingress" in p["spec"].get("policyTypes", ["Ingress"])
                 and matches(p["spec"]["podSelector"], dst.labels)]
    if not selecting:
        return True
    for p in selecting:
        for rule in p["spec"].get("ingress", []):
            peers = rule.get("from")
            if (not peers or any(peer_admits(peer, p["metadata"]["namespace"], src) for peer in peers)) \
                    and port_admits(rule.get("ports"), dst, port):
                return True
    return False


def expected(hub, src, dst, port):
    """Who the code needs to reach whom, on which port."""
    services = [n for n in hub.names if n != "gateway"]
    own = dst.ports.get("http") == port or dst.ports.get("postgres") == port or dst.ports.get("redis") == port
    if not own:
        return False
    if dst.name in hub.names:
        if src.name == "prometheus":
            return True
        if dst.name == "gateway":
            return src.name == "ingress-nginx"
        return src.namespace == NAMESPACE and (src.name == "gateway" or src.name in hub.callers(dst.name))
    if src.namespace != NAMESPACE:
        return False
    if dst.name == "pgbouncer":
        # The gateway reads the common settings, HUB_PG_URL among them, but opens no database
        # connection (services/gateway/main.cpp builds no pool): it is not let in.
        return src.name in services or src.name == "migrate"
    if dst.name == "postgres":
        return src.name == "pgbouncer"
    if dst.name == "redis":
        return src.name in hub.names
    return False


def main(root, bin_dir):
    hub = Hub(root, bin_dir)
    failures, asked = [], 0
    for folder in overlays(root):
        objects = render(root, folder)
        policies = [o for o in objects if o["kind"] == "NetworkPolicy"]
        inside = pods_of(objects)
        outside = [Pod(name, ns, labels, {}) for ns, labels, name in OUTSIDE]
        if not policies:
            failures.append(f"{folder}: no NetworkPolicy")
        for dst in inside:
            for src in inside + outside:
                if src is dst:
                    continue
                for port in sorted(set(dst.ports.values()) | {9999}):
                    asked += 1
                    got, want = allowed(policies, src, dst, port), expected(hub, src, dst, port)
                    if got != want:
                        failures.append(f"{folder}: {src.namespace}/{src.name} -> {dst.name}:{port} is "
                                        f"{'let in' if got else 'refused'}, should be {'let in' if want else 'refused'}")
    for f in failures:
        print("FAIL", f)
    print(f"{asked} connections asked of the policies: {len(failures)} answered wrong")
    return 1 if failures or asked == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
