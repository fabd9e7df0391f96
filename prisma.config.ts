import { defineConfig } from "prisma/config";

// Used only where Prisma's own CLI and engine are available (e.g. `prisma migrate deploy` in a
// deployment pipeline). Day to day the project applies migrations itself: npm run db:migrate.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/trackwatch" },
});
