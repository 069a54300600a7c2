#!/usr/bin/python3
"""The renderer's own tests: each kustomize feature k8s/ uses, on small kustomizations written here,
with what `kubectl kustomize` gives for them (checked by hand), and a feature it lacks refused."""
import os
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kustomize  # noqa: E402

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers: [{name: init, image: "registry.local:5000/hub:1.0"}]
      containers: [{name: web, image: hub}, {name: side, image: "other:2"}]
"""


class Renderer(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def write(self, path, text):
        full = os.path.join(self.dir.name, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(textwrap.dedent(text))
        return full

    def render(self, folder=""):
        return {(o["kind"], o["metadata"]["name"]): o for o in kustomize.render(os.path.join(self.dir.name, folder))}

    def test_namespace_labels_and_images_in_kustomize_order(self):
        self.write("base/app.yaml", DEPLOYMENT + "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns}\n")
        self.write("base/kustomization.yaml", """
            resources: [app.yaml]
            namespace: hub
            labels: [{pairs: {part-of: hub}}]
            images:
            - {name: hub, newName: registry.example.com/hub, newTag: "0.1"}
            - {name: "registry.local:5000/hub", newTag: "2.0"}
            """)
        out = self.render("base")
        web = out[("Deployment", "web")]
        self.assertEqual(web["metadata"]["namespace"], "hub")
        self.assertNotIn("namespace", out[("Namespace", "hub")]["metadata"])  # renamed, not namespaced
        self.assertEqual(web["metadata"]["labels"], {"app": "web", "part-of": "hub"})
        self.assertEqual(web["spec"]["selector"], {"matchLabels": {"app": "web"}})  # selectors untouched
        self.assertEqual(web["spec"]["template"]["metadata"]["labels"], {"app": "web"})  # and templates
        pod = web["spec"]["template"]["spec"]
        self.assertEqual([c["image"] for c in pod["containers"]], ["registry.example.com/hub:0.1", "other:2"])
        self.assertEqual(pod["initContainers"][0]["image"], "registry.local:5000/hub:2.0")

    def test_overlay_patches_before_namespace_by_anchored_target(self):
        self.write("base/app.yaml", DEPLOYMENT + "---\n" + DEPLOYMENT.replace("name: web,", "name: web2,"))
        self.write("base/kustomization.yaml", "resources: [app.yaml]\n")
        self.write("overlay/kustomization.yaml", """
            resources: [../base]
            namespace: hub
            patches:
            - target: {kind: Deployment, name: web}
              patch: |-
                - {op: add, path: /spec/replicas, value: 3}
                - {op: replace, path: /spec/template/spec/containers/1/image, value: "other:3"}
                - {op: add, path: /spec/template/spec/containers/-, value: {name: last, image: x}}
                - {op: remove, path: /spec/template/spec/initContainers}
            """)
        out = self.render("overlay")
        web, web2 = out[("Deployment", "web")], out[("Deployment", "web2")]
        self.assertEqual(web["spec"]["replicas"], 3)
        self.assertEqual([c["name"] for c in web["spec"]["template"]["spec"]["containers"]], ["web", "side", "last"])
        self.assertEqual(web["spec"]["template"]["spec"]["containers"][1]["image"], "other:3")
        self.assertNotIn("initContainers", web["spec"]["template"]["spec"])
        self.assertNotIn("replicas", web2["spec"])  # "web" does not match "web2": targets are anchored
        self.assertEqual(web2["metadata"]["namespace"], "hub")

    def test_refuses_what_it_does_not_implement(self):
        self.write("a/kustomization.yaml", "resources: []\nconfigMapGenerator: [{name: x, literals: [a=b]}]\n")
        with self.assertRaisesRegex(kustomize.RenderError, "configMapGenerator"):
            kustomize.render(os.path.join(self.dir.name, "a"))
        self.write("b/app.yaml", DEPLOYMENT)
        self.write("b/kustomization.yaml", "resources: [app.yaml]\npatches:\n- path: p.yaml\n")
        self.write("b/p.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n")
        with self.assertRaisesRegex(kustomize.RenderError, "JSON 6902"):
            kustomize.render(os.path.join(self.dir.name, "b"))
        self.write("c/app.yaml", DEPLOYMENT)
        self.write("c/kustomization.yaml", "resources: [app.yaml]\npatches:\n- target: {kind: Service}\n  patch: '[]'\n")
        with self.assertRaisesRegex(kustomize.RenderError, "matches nothing"):
            kustomize.render(os.path.join(self.dir.name, "c"))

    def test_two_objects_of_one_name_are_refused(self):
        self.write("d/app.yaml", DEPLOYMENT + "---\n" + DEPLOYMENT)
        self.write("d/kustomization.yaml", "resources: [app.yaml]\n")
        with self.assertRaisesRegex(kustomize.RenderError, "two objects"):
            kustomize.render(os.path.join(self.dir.name, "d"))


if __name__ == "__main__":
    unittest.main()
