#!/usr/bin/env python3
"""The layering rules, checked over every #include line of the tree (run by ./hub test):

- common/ includes no service;
- a service includes no other service;
- a service's api/ includes no store/ and no git2.h; its store/ includes no api/;
- a service's domain/ includes only common/ and its own domain/, and no libpqxx, Beast, Asio or libgit2
  (so unit tests and fuzzers build it cheaply);
- only services/repos/git/ includes git2.h;
- and, for the services already in rooms (STRICT_SERVICES): api/ includes no libpqxx and nothing of
  store/; store/ includes nothing of api/ or app/; app/ includes nothing of api/; domain/ also
  includes no hiredis or sodium.

Prints each broken rule with the file and line, and exits non-zero if there is any.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
HEAVY = ("pqxx/", "boost/", "git2")
# The services whose every file lives in a room (api/, app/, store/, domain/) and is held to the
# stricter rules below. The others join as they are converted.
STRICT_SERVICES = {"auth"}
STRICT_HEAVY = HEAVY + ("hiredis", "sodium")


def service_of(path: str):
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "services" else None


def room_of(path: str):
    parts = path.split("/")
    return parts[2] if len(parts) > 3 and parts[0] == "services" else None


def problems():
    for file in sorted(ROOT.rglob("*")):
        if file.suffix not in (".cpp", ".hpp") or not file.is_file():
            continue
        rel = file.relative_to(ROOT).as_posix()
        if rel.startswith(("build/", ".git/")) or not rel.startswith(("common/", "services/")):
            continue
        service, room = service_of(rel), room_of(rel)
        for number, line in enumerate(file.read_text(errors="replace").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(1)
            where = f"{rel}:{number}: includes {target}"
            is_git2 = target == "git2.h" or target.startswith("git2/")
            if rel.startswith("common/") and target.startswith("services/"):
                yield f"{where}: common/ knows no service"
            if service and target.startswith("services/") and service_of(target) != service:
                yield f"{where}: a service includes no other service"
            if room == "api" and (room_of(target) == "store" or is_git2):
                yield f"{where}: api/ runs no SQL and touches no git"
            if room == "store" and room_of(target) == "api":
                yield f"{where}: store/ knows no api/"
            if room == "domain":
                if target.startswith(HEAVY):
                    yield f"{where}: domain/ is plain: no database, network or git library"
                if target.startswith("services/") and room_of(target) != "domain":
                    yield f"{where}: domain/ includes only common/ and domain/"
            if is_git2 and not rel.startswith("services/repos/git/"):
                yield f"{where}: only services/repos/git/ includes libgit2"
            if service in STRICT_SERVICES:
                yield from strict_problems(where, service, room, target)


def strict_problems(where: str, service: str, room, target: str):
    own_room = room_of(target) if service_of(target) == service else None
    # (api/ including store/ is refused for every service above.)
    if room == "api" and target.startswith("pqxx/"):
        yield f"{where}: api/ parses, calls one use case and answers: no SQL"
    if room == "store" and own_room in ("api", "app"):
        yield f"{where}: store/ is SQL only and knows no api/ or app/"
    if room == "app" and own_room == "api":
        yield f"{where}: app/ knows no api/"
    if room == "domain" and target.startswith(STRICT_HEAVY):
        yield f"{where}: domain/ is plain: no database, Redis or crypto library"


found = list(problems())
for p in found:
    print(p)
print(f"layering: {len(found)} problem(s)")
sys.exit(1 if found else 0)
