# Berth in a container, for hosts that have Docker (see docker-compose.yml). The container
# must be privileged: Berth makes namespaces, cgroups and mounts for the containers it runs.
# Node 24 is an LTS line (Node 20, which the repository still supports, is end-of-life).
FROM node:24-bookworm AS build
WORKDIR /berth
# Manifests first: the dependency layer is rebuilt only when one of them changes.
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/cli/package.json apps/cli/
COPY apps/console/package.json apps/console/
COPY apps/console-e2e/package.json apps/console-e2e/
COPY libs/contracts/package.json libs/contracts/
COPY libs/db/package.json libs/db/
COPY libs/images/package.json libs/images/
COPY libs/runtime/package.json libs/runtime/
COPY libs/testing/package.json libs/testing/
COPY benchmarks/package.json benchmarks/
COPY tools/package.json tools/
RUN npm ci --no-audit --no-fund
COPY . .
RUN NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build -p @berth/api @berth/console @berth/cli @berth/benchmarks \
 && npm prune --omit=dev

FROM node:24-bookworm-slim
# Every package of the tools the server spawns (libs/{runtime,images,db}/src/host-tools.json;
# tools/src/deployment checks this line against them): iptables for bridge networks and
# published ports, iproute2 and util-linux for network namespaces, attr, mount and coreutils
# for image layers, busybox-static for the seed image busybox:latest, procps for `ps`, passwd
# for the embedded PostgreSQL's user. ca-certificates for registries over TLS.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates iproute2 iptables util-linux procps coreutils attr mount busybox-static passwd \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /berth
COPY --from=build /berth /berth
ENV BERTH_HOST=0.0.0.0 \
    BERTH_PORT=8080 \
    BERTH_ROOT=/var/lib/berth
EXPOSE 8080
VOLUME ["/var/lib/berth"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/api/dist/main.js"]
