import { defineConfig } from 'prisma/config';

// Used by `prisma generate` only. Migrations are applied by Berth's own runner
// (src/migrations), because the Prisma schema engine cannot be downloaded here.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
