// Prisma CLI configuration. The CLI's native engines cannot be downloaded here, so it runs on the
// JavaScript engine through the pg driver adapter (Prisma 6.19: engine "js" + experimental adapter).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The schema reads the URL from env("DATABASE_URL"); `prisma generate` needs the variable to exist
// even though it never connects, so default it to the local development server.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  experimental: { adapter: true },
  async adapter() {
    return new PrismaPg({
      connectionString: process.env.DATABASE_URL,
    });
  },
});
