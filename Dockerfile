# Toolgate server image. Build: docker build -t toolgate .   Run: see docker-compose.yml.
# Node 24 ("Krypton") is an LTS line (maintenance until April 2028); the same release as the tests'
# Node 24 run (node24 in scripts/test-tools.mjs): bump both together.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim
FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN npm i -g pnpm@10
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json .npmrc prisma.config.ts tsconfig.base.json ./
COPY prisma ./prisma
COPY apps ./apps
COPY packages ./packages
COPY examples ./examples
COPY bench ./bench
RUN pnpm install --frozen-lockfile
RUN pnpm build
# Keep only what the server needs at run time.
RUN pnpm install --frozen-lockfile --prod --ignore-scripts --config.confirmModulesPurge=false --filter @toolgate/server...

FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 TOOLGATE_DATA_DIR=/var/lib/toolgate
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/packages/contracts/package.json ./packages/contracts/package.json
COPY --from=build /app/packages/contracts/node_modules ./packages/contracts/node_modules
COPY --from=build /app/packages/contracts/dist ./packages/contracts/dist
COPY --from=build /app/apps/server/package.json ./apps/server/package.json
COPY --from=build /app/apps/server/node_modules ./apps/server/node_modules
COPY --from=build /app/apps/server/dist ./apps/server/dist
COPY --from=build /app/apps/server/views ./apps/server/views
COPY --from=build /app/apps/server/public ./apps/server/public
COPY --from=build /app/apps/console/dist ./apps/console/dist
RUN mkdir -p /var/lib/toolgate && chown node:node /var/lib/toolgate
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "apps/server/dist/main.js"]
CMD ["serve"]
