# syntax=docker/dockerfile:1
# imoc: `docker build -t imoc .`; docker-compose.yml runs two replicas of this image (README
# "Running in production"). Both stages are node:20-slim pinned to one Debian release, so the
# native module built in the first (better-sqlite3) runs against the same glibc in the second.

# 1. Build: every dependency (TypeScript, drizzle-kit ...), compile src/ to dist/src/, then drop
#    the development dependencies so only production ones are copied on.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Only used when better-sqlite3 has no prebuilt binary for the platform (it compiles then).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-fund --no-audit
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-fund --no-audit

# 2. Run: the compiled bot, production dependencies and the files it reads at run time, as the
#    unprivileged `node` user. The layout under /app is the repository's: dist/src/main.js finds
#    migrations/ (SQLite) and migrations/pg/ (PostgreSQL) at ../../migrations from dist/src, and
#    reads playbooks/ (ESCALATION_MATRIX, PLAYBOOKS_DIR) and public/ (the console) from /app.
FROM node:20-bookworm-slim
ENV NODE_ENV=production DATABASE_PATH=/data/imoc.sqlite
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# package.json says "type": "module": without it Node cannot load dist/ (ES modules).
COPY package.json ./
COPY migrations ./migrations
COPY playbooks ./playbooks
COPY public ./public
# /data: the SQLite file (without DATABASE_URL) and the evidence copies (EVIDENCE_DIR, default
# /data/evidence); with PostgreSQL only the evidence.
# /data/evidence exists in the image so a named volume mounted there starts owned by `node`.
RUN mkdir -p /data/evidence && chown -R node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# /healthz: the process is up and serving (liveness). Not /readyz: every replica shares one Redis
# and one database, so a readiness failure there is everyone's, and the bot still answers Slack
# while Redis is away (README "Guarantees"). start-period covers migrations at the first start.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
