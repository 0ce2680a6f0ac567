/**
 * Readers for the deployment files (Dockerfiles, .dockerignore, compose.yaml, the Caddyfile,
 * .env.example), so tests can hold them to the code without Docker. Each reader covers the
 * syntax these files use, and throws on anything it does not understand rather than guess.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export function readRepoFile(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}

export function repoPathExists(path: string): boolean {
  return existsSync(join(repoRoot, path));
}

export interface Instruction {
  keyword: string;
  /** The arguments as written, flags included. */
  args: string;
  /** Leading `--name=value` flags (COPY --from, HEALTHCHECK --interval…). */
  flags: Record<string, string>;
  /** The arguments after the flags: the JSON array of the exec form, or split on whitespace. */
  words: string[];
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

function toInstruction(keyword: string, args: string): Instruction {
  const flags: Record<string, string> = {};
  let rest = args;
  for (let m = /^--([a-z-]+)=(\S+)\s+/.exec(rest); m; m = /^--([a-z-]+)=(\S+)\s+/.exec(rest)) {
    const [flag, name = '', value = ''] = m;
    flags[name] = value;
    rest = rest.slice(flag.length);
  }
  // HEALTHCHECK's command is an instruction of its own: `CMD [...]`.
  if (keyword === 'HEALTHCHECK' && rest.startsWith('CMD ')) rest = rest.slice(4).trim();
  const words = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : rest.split(/\s+/).filter(Boolean);
  return { keyword, args, flags, words };
}

/** A Dockerfile's stages, with continuation lines joined and comments dropped. */
export function readDockerfile(path: string): Stage[] {
  const lines = readRepoFile(path)
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword, args = ''] = /^([A-Z]+)\s+(.*)$/.exec(line) ?? [];
    if (!keyword) throw new Error(`${path}: cannot read "${line}"`);
    if (keyword === 'FROM') {
      const [, from = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ name: name ?? String(stages.length), from, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${path}: ${keyword} before FROM`);
    stage.instructions.push(toInstruction(keyword, args));
  }
  return stages;
}

/** ENV lines of a stage and the stages it is built FROM, as the final environment. */
export function stageEnv(stages: Stage[], stage: Stage): Record<string, string> {
  const parent = stages.find((s) => s.name === stage.from);
  const env = parent ? stageEnv(stages, parent) : {};
  for (const i of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    for (const word of i.words) {
      const [key = '', ...value] = word.split('=');
      if (value.length === 0) throw new Error(`ENV ${i.args}: use the KEY=value form`);
      env[key] = value.join('=');
    }
  }
  return env;
}

/** Instructions of a stage and of the stages it is built FROM, in order. */
export function stageInstructions(stages: Stage[], stage: Stage): Instruction[] {
  const parent = stages.find((s) => s.name === stage.from);
  return [...(parent ? stageInstructions(stages, parent) : []), ...stage.instructions];
}

/** Whether .dockerignore keeps `path` (relative to the repository root) out of the build context. */
export function dockerIgnores(path: string): boolean {
  const rules = readRepoFile('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => ({ keep: l.startsWith('!'), pattern: globToRegExp(l.replace(/^!/, '').replace(/^\/|\/$/g, '')) }));
  const parts = path.replace(/\/$/, '').split('/');
  let ignored = false;
  // A rule that matches a directory matches everything in it; the last matching rule wins.
  for (const rule of rules) {
    for (let n = 1; n <= parts.length; n++) {
      if (rule.pattern.test(parts.slice(0, n).join('/'))) ignored = !rule.keep;
    }
  }
  return ignored;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*' && glob[i + 1] === '*') {
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Compose's variable interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?message}`, `${VAR?message}`, and `$$` for a literal `$`.
 */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\$|\$\{([A-Z0-9_]+)(?:(:?)([-?])((?:[^{}]|\{[^{}]*\})*))?\}/g, (whole, name, colon, op, arg) => {
    if (whole === '$$') return '$';
    const raw = env[name];
    const missing = raw === undefined || (colon === ':' && raw === '');
    if (op === '?' && missing) throw new Error(`required variable ${name} is missing a value: ${arg}`);
    if (op === '-' && missing) return interpolate(arg, env);
    return raw ?? '';
  });
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number | boolean>;
  env_file?: Array<{ path: string; required?: boolean }>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  init?: boolean;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

/** compose.yaml with its variables interpolated from `env` (as `docker compose` does from .env). */
export function readCompose(env: Record<string, string | undefined>): ComposeFile {
  const interpolateAll = (v: unknown): unknown => {
    if (typeof v === 'string') return interpolate(v, env);
    if (Array.isArray(v)) return v.map(interpolateAll);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, interpolateAll(x)]));
    return v;
  };
  return interpolateAll(parseYaml(readRepoFile('compose.yaml'))) as ComposeFile;
}

export interface EnvExampleEntry {
  key: string;
  value: string;
  /** `# KEY=value`: documented with its default, not set. */
  commented: boolean;
  /** The comment lines right above it. */
  description: string;
  /** The `## …` heading it sits under. */
  section: string;
  line: number;
}

/** The variables of .env.example: `KEY=value` or `# KEY=value`, each under a description and a `## section`. */
export function readEnvExample(): EnvExampleEntry[] {
  const entries: EnvExampleEntry[] = [];
  let section = '';
  let description: string[] = [];
  readRepoFile('.env.example')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.trim();
      const variable = /^(#\s?)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      if (variable) {
        const [, hash, key = '', value = ''] = variable;
        entries.push({ key, value, commented: hash !== undefined, description: description.join(' '), section, line: index + 1 });
        description = [];
      } else if (line.startsWith('## ')) {
        section = line.slice(3).trim();
        description = [];
      } else if (line.startsWith('#')) description.push(line.replace(/^#\s?/, ''));
      else description = [];
    });
  return entries;
}

/** `start:prod` of apps/api/package.json: its environment prefix, node flags and script. */
export function startProdCommand(): { env: Record<string, string>; nodeArgs: string[]; script: string } {
  const { scripts } = JSON.parse(readRepoFile('apps/api/package.json')) as { scripts: Record<string, string> };
  const words = (scripts['start:prod'] ?? '').split(/\s+/);
  const node = words.indexOf('node');
  const env = Object.fromEntries(words.slice(0, node).map((w) => w.split('=') as [string, string]));
  return { env, nodeArgs: words.slice(node + 1, -1), script: words.at(-1) ?? '' };
}
