# Berth in a container, for hosts that have Docker (see docker-compose.yml). The container
# must be privileged: Berth makes namespaces, cgroups and mounts for the containers it runs.
FROM node:20-bookworm AS build
WORKDIR /berth
COPY . .
RUN npm ci --no-audit --no-fund \
 && NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build -p @berth/api @berth/console @berth/cli @berth/benchmarks \
 && npm prune --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends busybox-static iproute2 attr ca-certificates \
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
