// `npm run client:generate`: dumps the OpenAPI document from the API's code (no server, no
// database of anyone's) into openapi.json and generates the client's types from it (src/schema.d.ts).
// `--check` (CI) writes nothing and fails when either committed file differs from what the code gives.
import { readFile, writeFile } from 'node:fs/promises';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { openApiDocument } from '../../../apps/api/src/openapi-document.js';

const HEADER = '// Generated from openapi.json by `npm run client:generate`; do not edit by hand.\n\n';

const files = {
  document: new URL('../openapi.json', import.meta.url),
  schema: new URL('../src/schema.d.ts', import.meta.url),
};

async function generate(): Promise<Record<keyof typeof files, string>> {
  const document = await openApiDocument();
  // A field with a default may be left out of a request: it is optional, not required (the default would make it required).
  const ast = await openapiTS(document as unknown as OpenAPI3, { silent: true, defaultNonNullable: false });
  return { document: `${JSON.stringify(document, null, 2)}\n`, schema: HEADER + astToString(ast) };
}

async function current(file: URL): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}

const check = process.argv.includes('--check');
const generated = await generate();
let stale = 0;
for (const key of Object.keys(files) as (keyof typeof files)[]) {
  const path = files[key].pathname;
  if (!check) {
    await writeFile(files[key], generated[key]);
    process.stdout.write(`wrote ${path}\n`);
  } else if ((await current(files[key])) !== generated[key]) {
    stale++;
    process.stderr.write(`${path} differs from what the API's code generates\n`);
  }
}
if (stale) {
  process.stderr.write('Run `npm run client:generate` and commit the result.\n');
  process.exitCode = 1;
} else if (check) {
  process.stdout.write('openapi.json and src/schema.d.ts match the API.\n');
}
