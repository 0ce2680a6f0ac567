#!/usr/bin/env node
/**
 * `npm run check:wording`: the repository describes the product, never who worked on it or in
 * which sitting. Refuses numbered or "this" work-sitting references in tracked text files and
 * in the last 20 commit subjects, and commit subjects longer than 72 characters (git tools
 * truncate them). Prints every hit as `path:line: text` (or `commit <hash>: …`) and exits 1
 * when there is any. Runs on the git repository of the current directory.
 *
 * The auth module's user sessions are fine ("a session", "sessions are revoked"); only a
 * session with a number after it, or with "this" before it, reads as a work sitting. Text that means a
 * count of user sessions is listed in ALLOWED and removed from a line before it is checked.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SITTING = [/\b[Ss]essions? [0-9]+\b/, /\b[Tt]his session\b/, /\bsession [0-9]+'s\b/];

/** Text that matches a pattern above but speaks of user sessions, not sittings (none at present). */
const ALLOWED = [];

const SUBJECT_MAX = 72;
const COMMITS = 20;

function git(root, args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

function sittingIn(text) {
  const rest = ALLOWED.reduce((line, allowed) => line.replace(allowed, ''), text);
  return SITTING.some((pattern) => pattern.test(rest));
}

let root;
try {
  root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
} catch {
  console.error('check-wording: not inside a git repository, nothing to check against');
  process.exit(2);
}

const hits = [];
for (const path of git(root, ['ls-files', '-z']).split('\0').filter(Boolean)) {
  let bytes;
  try {
    bytes = readFileSync(join(root, path));
  } catch {
    continue; // listed but deleted in the work tree
  }
  if (bytes.includes(0)) continue; // binary (images, fonts)
  bytes
    .toString('utf8')
    .split('\n')
    .forEach((line, i) => {
      if (sittingIn(line)) hits.push(`${path}:${i + 1}: ${line.trim()}`);
    });
}

const log = git(root, ['log', `-${COMMITS}`, '--format=%h%x00%s'])
  .split('\n')
  .filter(Boolean);
for (const entry of log) {
  const [hash, subject] = entry.split('\0');
  if (sittingIn(subject)) hits.push(`commit ${hash}: names a work sitting: ${subject}`);
  if ([...subject].length > SUBJECT_MAX) hits.push(`commit ${hash}: subject longer than ${SUBJECT_MAX} characters: ${subject}`);
}

if (hits.length > 0) {
  console.log(hits.join('\n'));
  console.log(`\n${hits.length} wording problem(s): describe the product, not the work sittings; subjects ≤ ${SUBJECT_MAX} characters`);
  process.exit(1);
}
console.log(`wording: no work-sitting references in ${log.length} commit subjects and the tracked files`);
