# syntax=docker/dockerfile:1
# The hub's image: the seven programs built once, in the build stage, and copied into a slim
# runtime stage; compose.yaml and k8s/ run one program per container by its command (hub-gateway,
# hub-auth, …; pgbouncer for the pool in k8s/). Both stages install from deploy/packages, the list
# `./hub` installs from (build: compilers and headers; image: the runtime libraries, git, git-lfs,
# PgBouncer, curl). docs/deploy.md says how to build, label and run it.
#
#   docker build --build-arg HUB_VERSION="$(git describe --always)" \
#                --build-arg HUB_SOURCE=https://git.example.com/hub -t hub:"$(git describe --always)" .
ARG DEBIAN_RELEASE=bookworm

FROM debian:${DEBIAN_RELEASE} AS build
COPY deploy/packages deploy/packages.sh /tmp/deploy/
RUN apt-get update \
 && /tmp/deploy/packages.sh build | xargs env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# Release, no sanitizers, only the programs (no tests): the same build `./hub run` makes.
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DHUB_SANITIZE=OFF \
 && cmake --build /build --target hub-gateway hub-auth hub-repos hub-discussions hub-pulls hub-bugs hub-notifications \
 && mkdir /out \
 && for p in hub-gateway hub-auth hub-repos hub-discussions hub-pulls hub-bugs hub-notifications; do \
      install -m 0755 -s "/build/bin/$p" "/out/$p"; done

FROM debian:${DEBIAN_RELEASE}-slim AS runtime
ARG HUB_VERSION=dev
ARG HUB_SOURCE=unknown
# The project names no licence yet: NOASSERTION (SPDX) until it does; pass the SPDX id when it has one.
ARG HUB_LICENSE=NOASSERTION
LABEL org.opencontainers.image.title="hub" \
      org.opencontainers.image.description="A self-hosted hub for model, dataset and space repositories: gateway and services in one image" \
      org.opencontainers.image.source="${HUB_SOURCE}" \
      org.opencontainers.image.version="${HUB_VERSION}" \
      org.opencontainers.image.licenses="${HUB_LICENSE}"
COPY deploy/packages deploy/packages.sh /tmp/deploy/
RUN apt-get update \
 && /tmp/deploy/packages.sh image | xargs env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/* /tmp/deploy \
 && groupadd --system --gid 10001 hub \
 && useradd --system --uid 10001 --gid hub --home-dir /var/lib/hub --shell /usr/sbin/nologin hub \
 && mkdir -p /var/lib/hub && chown hub:hub /var/lib/hub
COPY --from=build /out/ /usr/local/bin/
COPY deploy/healthcheck.sh /usr/local/bin/hub-healthcheck
ENV HUB_DATA_DIR=/var/lib/hub
WORKDIR /var/lib/hub
# By number, so Kubernetes' runAsNonRoot can check it without reading /etc/passwd.
USER 10001:10001
# Every program turns not-ready on SIGTERM, drains for HUB_DRAIN_DELAY, then lets requests finish.
STOPSIGNAL SIGTERM
# /readyz on the program's own port (deploy/healthcheck.sh); Kubernetes ignores this and probes itself.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ["hub-healthcheck"]
CMD ["hub-gateway"]
