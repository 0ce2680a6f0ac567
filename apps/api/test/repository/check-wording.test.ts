import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../../../scripts/check-wording.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'check-wording-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let repos = 0;

// Built from parts so that this file does not itself hold what the check refuses.
const SESSION = 'session';
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const line = (text: string) => new RegExp(`^${literal(text)}$`, 'm');

/** A fresh git repository holding `files`, committed one commit per subject. */
function repoWith(files: Record<string, string | Buffer>, subjects = ['Catalog: products and categories']): string {
  const dir = join(scratch, `repo-${repos++}`);
  mkdirSync(dir);
  const git = (...args: string[]) => {
    const run = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  };
  git('init', '-q');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git('add', '-A');
  for (const subject of subjects) git('commit', '-q', '--allow-empty', '-m', subject);
  return dir;
}

function check(dir: string) {
  return spawnSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });
}

describe('npm run check:wording', () => {
  it('when files and subjects only describe the product (user sessions included), then it passes', () => {
    const dir = repoWith({
      'README.md': '# Shop\n\nLogout ends the current session; sessions expire after 14 days.\n',
      'src/cli.ts': "console.log('Purged: sessions: 0, refreshTokens: 0');\n",
    });
    const run = check(dir);
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  it('when a tracked file names a work sitting, then it fails and prints each hit with its place', () => {
    const dir = repoWith({
      'README.md': `# Shop\n\nMeasured in ${SESSION} 19.\n`,
      'docs/notes.md': `ok\nAs this ${SESSION} found, the cache helps.\nS${SESSION.slice(1)} 18's runs were slower.\n`,
      'image.png': Buffer.from([0x89, 0x50, 0x00, ...Buffer.from(` ${SESSION} 7 `)]),
    });
    const run = check(dir);
    assert.equal(run.status, 1);
    assert.match(run.stdout, line(`README.md:3: Measured in ${SESSION} 19.`));
    assert.match(run.stdout, line(`docs/notes.md:2: As this ${SESSION} found, the cache helps.`));
    assert.match(run.stdout, line(`docs/notes.md:3: S${SESSION.slice(1)} 18's runs were slower.`));
    assert.doesNotMatch(run.stdout, /image\.png/, 'binary files are not read as text');
  });

  it('when a recent commit subject names a work sitting or passes 72 characters, then it fails naming the commit', () => {
    const long = `Catalog: ${'a long subject that keeps going '.repeat(3)}`.trim();
    assert.ok(long.length > 72);
    const dir = repoWith({ 'README.md': '# Shop\n' }, [`Search: faster typo matching (this ${SESSION})`, long, 'Cart: line limit']);
    const run = check(dir);
    assert.equal(run.status, 1);
    assert.match(
      run.stdout,
      new RegExp(`^commit [0-9a-f]+: names a work sitting: ${literal(`Search: faster typo matching (this ${SESSION})`)}$`, 'm'),
    );
    assert.match(run.stdout, /^commit [0-9a-f]+: subject longer than 72 characters: Catalog: a long subject/m);
    assert.doesNotMatch(run.stdout, /Cart: line limit/);
  });

  it('when a subject is exactly 72 characters, then it passes', () => {
    const subject = `Orders: ${'x'.repeat(64)}`;
    assert.equal(subject.length, 72);
    const run = check(repoWith({ 'README.md': '# Shop\n' }, [subject]));
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });
});
