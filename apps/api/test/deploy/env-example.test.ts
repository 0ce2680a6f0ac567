import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { EnvSchema } from '../../src/config.js';
import { readEnvExample, readRepoFile, repoRoot } from './deploy-files.js';

const entries = readEnvExample();
const documented = new Map(entries.map((e) => [e.key, e]));
const schemaKeys = Object.keys(EnvSchema.shape);
/** The schema's default for a variable: what it gives when the variable is not set. */
function schemaDefault(key: string): unknown {
  const parsed = EnvSchema.shape[key as keyof typeof EnvSchema.shape].safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}

/** Where the web shop's code writes the default of a variable it reads (`process.env.X ?? '…'`, `${X:-…}`). */
function webDefault(key: string): string | undefined {
  const sources = [
    readRepoFile('apps/web/lib/api/server.ts'),
    readRepoFile('apps/web/proxy.ts'),
    readRepoFile('apps/web/package.json'),
  ].join('\n');
  return (
    new RegExp(`process\\.env\\.${key} \\?\\? '([^']*)'`).exec(sources)?.[1] ?? new RegExp(`\\$\\{${key}:-([^}]*)\\}`).exec(sources)?.[1]
  );
}

describe('.env.example', () => {
  it('documents every variable apps/api/src/config.ts reads', () => {
    const missing = schemaKeys.filter((key) => !documented.has(key));
    assert.deepEqual(
      missing,
      [],
      `add ${missing.join(', ')} to .env.example: a line "# NAME=<default>" (empty when it has none) under a comment saying what it does`,
    );
  });

  it('lists only variables the API reads, or that the web shop or compose.yaml read, in their own section', () => {
    const compose = readRepoFile('compose.yaml');
    for (const { key, section, line } of entries) {
      if (schemaKeys.includes(key)) continue;
      if (/web shop/i.test(section)) assert.ok(webDefault(key) !== undefined, `.env.example:${line}: apps/web does not read ${key}`);
      else if (/compose/i.test(section)) assert.ok(compose.includes(`\${${key}`), `.env.example:${line}: compose.yaml does not use ${key}`);
      else assert.fail(`.env.example:${line}: ${key} is not read by apps/api/src/config.ts`);
    }
  });

  it("writes each variable's default as the code has it, and leaves it empty when there is none", () => {
    for (const { key, value, line } of entries) {
      const expected = schemaKeys.includes(key) ? String(schemaDefault(key) ?? '') : (webDefault(key) ?? '');
      assert.equal(value, expected, `.env.example:${line}: ${key}=${value}, but the default is "${expected}"`);
    }
  });

  it('says what each variable does, once per variable', () => {
    for (const { key, description, line } of entries)
      assert.ok(description.length >= 10, `.env.example:${line}: ${key} needs a comment above it`);
    assert.equal(documented.size, entries.length, 'a variable is listed twice');
  });

  it('sets (empty, to be filled in) exactly the values compose.yaml requires, and nothing else', () => {
    const required = [...readRepoFile('compose.yaml').matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]);
    const set = entries.filter((e) => !e.commented);
    assert.deepEqual(set.map((e) => e.key).sort(), [...new Set(required)].sort());
    for (const e of set) assert.equal(e.value, '', `.env.example:${e.line}: ${e.key} must not ship a value`);
  });

  it('is tracked by git, while .env stays ignored', () => {
    const ignored = (path: string) => spawnSync('git', ['check-ignore', '-q', '--no-index', path], { cwd: repoRoot }).status === 0;
    assert.equal(ignored('.env'), true);
    assert.equal(ignored('.env.example'), false);
  });
});
