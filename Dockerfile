# One image with every hub binary; compose.yaml and k8s/ pick the binary per container.
FROM debian:12 AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      cmake ninja-build g++ pkg-config libboost1.81-dev libboost-url1.81-dev libpqxx-dev libpq-dev \
      libhiredis-dev rapidjson-dev libgit2-dev libyaml-dev libsodium-dev libssl-dev libcmark-gfm-dev \
      libcmark-gfm-extensions-dev libgtest-dev libgmock-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build /build --target \
      hub-gateway hub-auth hub-repos hub-discussions hub-pulls hub-bugs hub-notifications

FROM debian:12-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpqxx-6.4 libhiredis0.14 libgit2-1.5 libyaml-0-2 libsodium23 libssl3 libcmark-gfm0.29.0.gfm.6 \
      libcmark-gfm-extensions0.29.0.gfm.6 git git-lfs ca-certificates curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/hub hub && mkdir -p /var/lib/hub && chown hub /var/lib/hub
COPY --from=build /build/bin/ /usr/local/bin/
USER hub
ENV HUB_DATA_DIR=/var/lib/hub
