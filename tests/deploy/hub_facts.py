"""What the deployment checks compare the files with, read from the code rather than kept here:
the services (the folders of services/ with a main.cpp), the variables each program reads with
their defaults (`hub-<name> --print-config`, which prints what its config::Reader was asked for),
the port each listens on by default (HUB_LISTEN's default), whom each calls (its HUB_<PEER>_URL
variables) and which have migrations (schemas/<name>/)."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kustomize  # noqa: E402


def services(root):
    """Every service, the gateway first: the folders of services/ with a main.cpp."""
    names = sorted(d for d in os.listdir(os.path.join(root, "services"))
                   if os.path.isfile(os.path.join(root, "services", d, "main.cpp")))
    return sorted(names, key=lambda n: n != "gateway")


def print_config(bin_dir, name):
    """{variable: {"kind", "default", "required", …}} as `hub-<name> --print-config` prints it."""
    program = os.path.join(bin_dir, f"hub-{name}")
    out = subprocess.run([program, "--print-config"], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"{program} --print-config exited {out.returncode}: {out.stderr.strip()}")
    variables = {}
    for line in out.stdout.splitlines():
        v = json.loads(line)
        variables[v["name"]] = v
    if "HUB_LISTEN" not in variables:
        raise RuntimeError(f"{program} --print-config does not list HUB_LISTEN")
    return variables


def check_config(bin_dir, name, env):
    """The problems `hub-<name> --check-config` finds in `env` (read as a start reads it), or ''."""
    clean = {k: v for k, v in os.environ.items() if k == "PATH" or k.endswith("SAN_OPTIONS")}
    out = subprocess.run([os.path.join(bin_dir, f"hub-{name}"), "--check-config"], capture_output=True, text=True,
                         timeout=60, env={**clean, **env})
    return "" if out.returncode == 0 else (out.stderr.strip() or f"exit status {out.returncode}")


class Hub:
    def __init__(self, root, bin_dir):
        self.root = root
        self.bin_dir = bin_dir
        self.names = services(root)
        self.config = {n: print_config(bin_dir, n) for n in self.names}

    def problems_with(self, name, env):
        return check_config(self.bin_dir, name, {k: str(v) for k, v in env.items() if v is not None})

    def refusals_work(self):
        """Programs whose --check-config accepts an empty environment, which lacks what they require:
        a check that never refuses would make every check of values here pass."""
        return [n for n in self.names if self.required(n) and
                not all(v in self.problems_with(n, {}) for v in self.required(n))]

    def reads(self, name):
        return set(self.config[name])

    def required(self, name):
        return {v for v, d in self.config[name].items() if d["required"]}

    def port(self, name):
        return int(self.config[name]["HUB_LISTEN"]["default"].rsplit(":", 1)[1])

    def peers(self, name):
        """The services `name` calls: those whose HUB_<PEER>_URL it reads."""
        return {p for p in self.names if f"HUB_{p.upper()}_URL" in self.config[name] and p != name}

    def callers(self, name):
        return {c for c in self.names if name in self.peers(c)}

    def migrated(self):
        return [n for n in self.names if os.path.isdir(os.path.join(self.root, "schemas", n))]


def render(root, folder):
    return kustomize.render(os.path.join(root, folder))


def overlays(root):
    base = os.path.join(root, "k8s", "overlays")
    return [os.path.join("k8s", "overlays", o) for o in sorted(os.listdir(base))]
