import { spawnSync } from 'node:child_process';
import pg from 'pg';

/**
 * Why tests that shell out to PostgreSQL's client tools (pg_dump, pg_restore) cannot run here,
 * or false when they can. pg_dump refuses a server of a newer major version than its own, so a
 * machine whose tools are older than the DATABASE_URL server (PostgreSQL 15's pg_dump against
 * the PostgreSQL 18 server `npm test` starts) skips these tests with that reason.
 */
export async function postgresToolsSkipReason(tools: string[]): Promise<string | false> {
  const url = process.env.DATABASE_URL;
  if (!url) return 'PostgreSQL only (set DATABASE_URL)';
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ v: string }>("select current_setting('server_version_num') as v");
  await client.end();
  const serverMajor = Math.floor(Number(rows[0]?.v) / 10000);
  for (const tool of tools) {
    const run = spawnSync(tool, ['--version'], { encoding: 'utf8' });
    if (run.error) return `${tool} is not installed`;
    const major = Number(/(\d+)(?:\.\d+)?/.exec(run.stdout)?.[1]);
    if (major < serverMajor) {
      return `${tool} ${major} cannot read a PostgreSQL ${serverMajor} server: install PostgreSQL ${serverMajor}'s client tools, or set DATABASE_URL to a server of version ${major} or older`;
    }
  }
  return false;
}
