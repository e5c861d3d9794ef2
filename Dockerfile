# One image for every Herald stage; the command picks the stage (dist/services/<stage>/main.js).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY services services
COPY infra infra
COPY bench bench
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# The stages' V8 flags (infra/stack/local-stages.ts STAGE_NODE_FLAGS): a larger young generation.
ENV NODE_OPTIONS=--max-semi-space-size=32
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
# Read at run time: Avro contracts, SQL migrations, notification rules and templates.
COPY schemas schemas
COPY infra/migrations infra/migrations
COPY infra/kafka/pom.xml infra/kafka/pom.xml
COPY config config
COPY bin bin
USER node
CMD ["node", "dist/services/api/main.js"]
