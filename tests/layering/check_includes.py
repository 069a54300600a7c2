#!/usr/bin/env python3
"""The layering rules, checked over every #include line of the tree (run by ./hub test):

- common/ includes no service;
- a service includes no other service;
- a service's api/ includes no store/, no git/ and no libpqxx or libgit2 (handlers call app/);
  its app/ includes no api/; its store/ includes no api/ or app/;
- a service with rooms keeps only main.cpp, config.hpp and config.cpp beside them;
- a service's domain/ includes only common/ and its own domain/, and no libpqxx, Beast, Asio,
  libgit2, hiredis or libsodium (so unit tests and fuzzers build it cheaply);
- only services/repos/git/ includes git2.h;
- only common/http/ includes common/http/detail/ (Beast and Asio stay behind plain interfaces), and
  only its .cpp files and detail/ itself, never a public header of common/http.

Prints each broken rule with the file and line, and exits non-zero if there is any.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
HEAVY = ("pqxx/", "boost/", "git2")
# Services built in rooms (api/ app/ store/ domain/): every file of theirs sits in one. (The gateway
# has its own shape: a chain of filters, each in filters/.)
ROOMED = {"auth", "repos", "discussions", "pulls", "bugs", "notifications"}
TOP_LEVEL = {"main.cpp", "config.hpp", "config.cpp"}
# What domain/ never includes: databases, the network, git, Redis, crypto libraries.
DOMAIN_HEAVY = HEAVY + ("hiredis", "sodium")


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
        if service in ROOMED and room is None and file.name not in TOP_LEVEL:
            yield f"{rel}: a service's files sit in api/, app/, store/, domain/ (or repos's git/)"
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
            own = target.startswith(f"services/{service}/")
            if room == "api" and (is_git2 or target.startswith("pqxx/") or
                                  (own and room_of(target) in ("store", "git"))):
                yield f"{where}: api/ runs no SQL and touches no git (it calls app/)"
            if room == "app" and own and room_of(target) == "api":
                yield f"{where}: app/ knows no api/"
            if room == "store" and own and room_of(target) in ("api", "app"):
                yield f"{where}: store/ knows no api/ or app/"
            if room == "domain":
                if target.startswith(DOMAIN_HEAVY):
                    yield f"{where}: domain/ is plain: no database, network, git, Redis or crypto library"
                if target.startswith("services/") and room_of(target) != "domain":
                    yield f"{where}: domain/ includes only common/ and domain/"
            if is_git2 and not rel.startswith("services/repos/git/"):
                yield f"{where}: only services/repos/git/ includes libgit2"
            if target.startswith("common/http/detail/"):
                inside = rel.startswith("common/http/") and (rel.endswith(".cpp") or rel.startswith("common/http/detail/"))
                if not inside:
                    yield f"{where}: only common/http's sources include its detail/ (services see plain interfaces)"


found = list(problems())
for p in found:
    print(p)
print(f"layering: {len(found)} problem(s)")
sys.exit(1 if found else 0)
