#!/usr/bin/python3
"""check_image_libraries.py <root> <bin dir>: the image's runtime stage installs what
`deploy/packages.sh image` lists; this holds that list to the programs as built. Every shared
library a program asks for by name (its ELF NEEDED entries, read with readelf) is resolved as the
loader would (ldd) and traced to the Debian package that ships it (dpkg -S): that package must be in
the image list, or in debian:bookworm-slim already, or be a sanitizer runtime (the tests' build has
AddressSanitizer; the image's Release build does not). And every library package in the list must
be one some program needs, so the list holds nothing stale."""
import functools
import os
import re
import subprocess
import sys

from hub_facts import services

# In debian:bookworm-slim before anything is installed (apt and dpkg depend on them).
BASE_IMAGE = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g"}
SANITIZER_RUNTIMES = {"libasan8", "libubsan1"}


def needed(program):
    out = subprocess.run(["readelf", "-d", program], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def resolved(program):
    """{soname: path} as the loader finds them."""
    out = subprocess.run(["ldd", program], capture_output=True, text=True, check=True).stdout
    return {m.group(1): m.group(2) for m in re.finditer(r"^\s*(\S+) => (\S+)", out, re.M)}


@functools.cache  # the programs share most of their libraries, and dpkg -S takes a while
def package_of(path):
    candidates = [path, os.path.realpath(path)]
    for p in list(candidates):  # Debian 12 merged /lib into /usr/lib; dpkg knows one spelling
        candidates.append(p[4:] if p.startswith("/usr/") else "/usr" + p)
    for p in candidates:
        out = subprocess.run(["dpkg", "-S", p], capture_output=True, text=True)
        if out.returncode == 0:
            return out.stdout.split(":", 1)[0]
    return None


def main(root, bin_dir):
    listed = subprocess.run([os.path.join(root, "deploy", "packages.sh"), "image"], capture_output=True, text=True,
                            check=True).stdout.split()
    failures, used = [], set()
    for name in services(root):
        program = os.path.join(bin_dir, f"hub-{name}")
        paths = resolved(program)
        for soname in needed(program):
            path = paths.get(soname)
            if path is None or path == "not":
                failures.append(f"hub-{name}: {soname} does not resolve on this machine")
                continue
            package = package_of(path)
            if package is None:
                failures.append(f"hub-{name}: {soname} ({path}) belongs to no Debian package")
                continue
            used.add(package)
            if package not in listed and package not in BASE_IMAGE and package not in SANITIZER_RUNTIMES:
                failures.append(f"hub-{name} needs {soname} from {package}, which deploy/packages does not mark image")
    for package in listed:
        if package.startswith("lib") and package not in used:
            failures.append(f"deploy/packages marks {package} image, but no program loads a library of it")
    for f in failures:
        print("FAIL", f)
    print(f"{len(used)} packages of shared libraries, {len(failures)} problem(s)")
    return 1 if failures or not used else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
