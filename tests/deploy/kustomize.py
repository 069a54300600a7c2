#!/usr/bin/python3
"""kustomize.py <folder>: renders a kustomization as `kubectl kustomize <folder>` does, for the
features k8s/ uses and no others, so the deployment tests run where neither kubectl nor kustomize
is installed (Debian 12 packages neither). Prints the objects as one YAML stream.

Implemented: `resources` (files, and folders holding a kustomization.yaml), `namespace` (a Namespace object renamed to it), `labels`
(pairs on the objects' own metadata; includeSelectors and includeTemplates false), `images`
(newName, newTag, digest) and `patches` (JSON 6902 operations, inline or in a file, chosen by
kind, name, group, version and namespace), applied in kustomize's order: patches, namespace,
labels, images. Anything else in a kustomization is refused by name rather than ignored, so a
feature added to k8s/ without adding it here fails the tests instead of rendering wrong.

Checked against `kubectl kustomize` (kustomize v5.5) on k8s/base and both overlays by hand: the
same objects, field for field (tests/deploy/README.md says how to repeat that).
"""
import copy
import os
import re
import sys

import yaml

KNOWN = {"apiVersion", "kind", "resources", "namespace", "labels", "images", "patches"}
# Kinds without a namespace among those k8s/ could hold; the namespace transformer leaves them be.
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass",
                  "CustomResourceDefinition", "PriorityClass", "IngressClass"}


class RenderError(Exception):
    pass


def load_kustomization(folder):
    for name in ("kustomization.yaml", "kustomization.yml", "Kustomization"):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path) as f:
                return yaml.safe_load(f) or {}
    raise RenderError(f"{folder}: no kustomization.yaml")


def load_objects(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def render(folder):
    k = load_kustomization(folder)
    unknown = set(k) - KNOWN
    if unknown:
        raise RenderError(f"{folder}: kustomization fields not implemented here: {sorted(unknown)}")
    objects = []
    for entry in k.get("resources", []):
        path = os.path.normpath(os.path.join(folder, entry))
        objects += render(path) if os.path.isdir(path) else load_objects(path)
    for patch in k.get("patches", []):
        apply_patch(folder, objects, patch)
    if "namespace" in k:
        for obj in objects:
            if obj.get("kind") == "Namespace":
                obj["metadata"]["name"] = k["namespace"]  # kustomize renames a Namespace object to it
            elif obj.get("kind") not in CLUSTER_SCOPED:
                obj.setdefault("metadata", {})["namespace"] = k["namespace"]
    for label in k.get("labels", []):
        if label.get("includeSelectors") or label.get("includeTemplates"):
            raise RenderError(f"{folder}: labels with includeSelectors or includeTemplates are not implemented here")
        for obj in objects:
            obj.setdefault("metadata", {}).setdefault("labels", {}).update(label["pairs"])
    for image in k.get("images", []):
        for obj in objects:
            retag(obj, image)
    check_unique(objects)
    return objects


def check_unique(objects):
    seen = set()
    for obj in objects:
        key = (obj.get("apiVersion"), obj.get("kind"), obj["metadata"].get("namespace"), obj["metadata"]["name"])
        if key in seen:
            raise RenderError(f"two objects are {key}")
        seen.add(key)


# --- images -----------------------------------------------------------------------------------

def split_image(ref):
    """'registry:5000/hub:1.0' -> ('registry:5000/hub', ':1.0'); the digest or tag part keeps its sign."""
    if "@" in ref:
        name, digest = ref.split("@", 1)
        return name, "@" + digest
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        return ref[:colon], ref[colon:]
    return ref, ""


def retag(node, image):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("containers", "initContainers") and isinstance(value, list):
                for c in value:
                    if isinstance(c, dict) and "image" in c:
                        c["image"] = new_image(c["image"], image)
            retag(value, image)
    elif isinstance(node, list):
        for item in node:
            retag(item, image)


def new_image(ref, image):
    name, suffix = split_image(ref)
    if name != image["name"]:
        return ref
    name = image.get("newName", name)
    if "digest" in image:
        suffix = "@" + image["digest"]
    elif "newTag" in image:
        suffix = ":" + str(image["newTag"])
    return name + suffix


# --- patches ----------------------------------------------------------------------------------

def apply_patch(folder, objects, patch):
    unknown = set(patch) - {"target", "patch", "path"}
    if unknown:
        raise RenderError(f"{folder}: patch fields not implemented here: {sorted(unknown)}")
    if "path" in patch:
        with open(os.path.join(folder, patch["path"])) as f:
            text = f.read()
    else:
        text = patch["patch"]
    ops = yaml.safe_load(text)
    if not isinstance(ops, list):
        raise RenderError(f"{folder}: only JSON 6902 patches (a list of operations) are implemented here")
    target = patch.get("target")
    if not target:
        raise RenderError(f"{folder}: a JSON 6902 patch needs a target")
    matched = [o for o in objects if selects(target, o)]
    if not matched:
        raise RenderError(f"{folder}: patch target {target} matches nothing")
    for obj in matched:
        for op in ops:
            apply_op(obj, op)


def selects(target, obj):
    unknown = set(target) - {"kind", "name", "group", "version", "namespace"}
    if unknown:
        raise RenderError(f"patch target fields not implemented here: {sorted(unknown)}")
    group, _, version = obj.get("apiVersion", "").rpartition("/")
    # kustomize matches kind, name and namespace as anchored regular expressions.
    wanted = {"kind": obj.get("kind"), "name": obj["metadata"].get("name"),
              "namespace": obj["metadata"].get("namespace") or "", "group": group, "version": version}
    for field, pattern in target.items():
        if not re.fullmatch(str(pattern), wanted[field] or ""):
            return False
    return True


def pointer(path):
    if path == "":
        return []
    if not path.startswith("/"):
        raise RenderError(f"bad JSON pointer {path!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def parent_of(obj, parts):
    node = obj
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node[p]
    return node


def apply_op(obj, op):
    kind = op["op"]
    parts = pointer(op["path"])
    parent, last = parent_of(obj, parts), parts[-1]
    if kind in ("add", "replace"):
        value = copy.deepcopy(op["value"])
        if isinstance(parent, list):
            if last == "-":
                parent.append(value)
            elif kind == "add":
                parent.insert(int(last), value)
            else:
                parent[int(last)] = value
        else:
            if kind == "replace" and last not in parent:
                raise RenderError(f"replace of missing {op['path']}")
            parent[last] = value
    elif kind == "remove":
        if isinstance(parent, list):
            del parent[int(last)]
        else:
            del parent[last]
    else:
        raise RenderError(f"JSON 6902 operation {kind!r} is not implemented here")


def main():
    try:
        objects = render(sys.argv[1])
    except (RenderError, OSError, KeyError, IndexError, ValueError) as e:
        print(f"kustomize.py: {e}", file=sys.stderr)
        sys.exit(1)
    yaml.safe_dump_all(objects, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
