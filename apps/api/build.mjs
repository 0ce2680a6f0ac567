// `npm run build`: the API as two bundled files, dist/server.js and dist/cli.js (esbuild), with
// the SQL migrations beside them. One file loads in about half the time of the ~1,000 modules
// it replaces, which is most of the API's cold start. Packages that load native code,
// WebAssembly or files next to their own sources stay outside the bundle, and so do the ones
// the API only imports when a setting asks for them (Redis, Kafka, the embedded database).
import { cp, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const external = [
  '@electric-sql/pglite',
  '@fastify/swagger-ui',
  '@node-rs/*',
  '@zxcvbn-ts/*',
  'ioredis',
  'kafkajs',
  'nodemailer',
  'pg-native',
  'pino',
  'sharp',
];

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/server.ts', 'src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: 'linked',
  logLevel: 'warning',
  // Bundled CommonJS packages call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
await cp('src/db/migrations', 'dist/migrations', { recursive: true });
