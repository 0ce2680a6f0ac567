// `npm run build`: the API bundled with esbuild into dist/server.js and dist/cli.js (and the
// chunks they share or load on demand), with the SQL migrations beside the code that reads
// them. A few files load in about half the time of the ~1,000 modules they replace, which is
// most of the API's cold start. Packages that load native code, WebAssembly or files next to
// their own sources stay outside the bundle (but the docs UI, see swaggerUiDirname), and so do
// the ones the API only imports when a setting asks for them (Redis, Kafka, the embedded database).
import { cp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

const external = [
  '@electric-sql/pglite',
  '@opentelemetry/*',
  '@node-rs/*',
  '@zxcvbn-ts/*',
  'ioredis',
  'kafkajs',
  'nodemailer',
  'pg-native',
  'pino',
  'sharp',
];
// Fastify's default validator and serializer compilers (ajv, fast-json-stringify: ~380 KB of
// bundle to compile at every start): the API gives its own (zod, see app.ts), so Fastify never
// requires these; left outside the bundle, they would still load from node_modules if it did.
external.push('@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler');

/** An esbuild plugin that rewrites the source of the files `filter` matches as it bundles them. */
function rewriteSource(name, filter, rewrite) {
  return {
    name,
    setup(build) {
      build.onLoad({ filter }, async ({ path }) => ({
        contents: rewrite(await readFile(path, 'utf8'), path),
        loader: 'js',
        resolveDir: dirname(path),
      }));
    },
  };
}

/**
 * `@fastify/swagger-ui` serves the files next to its sources (`__dirname`, which an ES module
 * does not have). Bundled, it shares the bundle's `yaml` and `@fastify/static` instead of
 * loading its own copies at start (cold start ~120 ms shorter, measured); its `__dirname` becomes the
 * package's directory as resolved when the server starts, wherever `node_modules` is.
 */
const swaggerUiRoot = dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui'));
const swaggerUiDirname = rewriteSource('swagger-ui-dirname', /[\\/]@fastify[\\/]swagger-ui[\\/].*\.js$/, (source, path) => {
  const here = JSON.stringify(relative(swaggerUiRoot, dirname(path)));
  return source.replaceAll(
    '__dirname',
    `require('node:path').join(require('node:path').dirname(require.resolve('@fastify/swagger-ui')), ${here})`,
  );
});

/**
 * `pg` asks at load whether it runs in a Cloudflare Worker by constructing a fetch `Response`
 * (Node 20 has no `navigator` to ask), and the first `Response` loads Node's whole fetch
 * implementation, undici: ~50 ms of every cold start, for a question a Node bundle answers
 * at build time.
 */
const pgNotCloudflare = rewriteSource('pg-not-cloudflare', /[\\/]pg[\\/]lib[\\/]stream\.js$/, (source, path) => {
  const rewritten = source.replace('if (isCloudflareRuntime()) {', 'if (false) {');
  if (rewritten === source) throw new Error(`build: pg's runtime check not found in ${path}`);
  return rewritten;
});

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/server.ts', 'src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // Modules loaded with import() (the embedded database, demo seeding, image work) become
  // chunks of their own, so their native and WebAssembly packages load only when used.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: 'node20',
  external,
  plugins: [swaggerUiDirname, pgNotCloudflare],
  sourcemap: 'linked',
  logLevel: 'warning',
  // Without comments and indentation, and so pure Latin-1: a single character past U+00FF in
  // a comment (an em dash, say) made V8 hold each bundle's source as UTF-16, twice its size;
  // the source stays in memory for lazily compiled functions. Names are kept as written (no
  // identifier minification: it saved no more memory), and the source maps map lines back.
  minifyWhitespace: true,
  // Bundled CommonJS packages call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
// The migrations go beside whichever output file holds src/db/client.ts: it finds them at
// `new URL('./migrations', import.meta.url)`.
const outputs = (await readdir('dist', { recursive: true })).filter((f) => f.endsWith('.js'));
const holders = [];
for (const file of outputs) if ((await readFile(join('dist', file), 'utf8')).includes('new URL("./migrations"')) holders.push(file);
if (holders.length === 0) throw new Error('build: no output file reads ./migrations');
for (const file of holders) await cp('src/db/migrations', join('dist', dirname(file), 'migrations'), { recursive: true });
// See minifyWhitespace above: say so when an output would still be held as UTF-16.
for (const file of outputs) {
  const wide = /[\u0100-\u{10ffff}]/u.exec(await readFile(join('dist', file), 'utf8'));
  if (wide)
    console.warn(`build: dist/${file} holds ${JSON.stringify(wide[0])}, past U+00FF: V8 keeps its source as UTF-16, twice the memory`);
}
