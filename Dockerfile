# Radar: one image for `radar run` (and any other radar command).
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY config ./config
RUN mkdir -p /data && chown node:node /data
ENV NODE_ENV=production RADAR_DB=/data/radar.sqlite
VOLUME ["/data"]
USER node
ENTRYPOINT ["node", "bin/radar.js"]
CMD ["run"]
