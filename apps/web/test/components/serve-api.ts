/**
 * The API with the demo catalog and accounts on its own database (PostgreSQL with DATABASE_URL,
 * else embedded), for the component tests: run as a child process, so the DOM globals of
 * happy-dom never meet the server's. Prints its URL, stops on SIGTERM.
 */
import { seedDemo } from '../../../api/src/demo/seed-demo.js';
import { LocalImageStorage } from '../../../api/src/modules/images/image-storage.js';
import { uploadsDir } from '../../../api/src/startup.js';
import { startTestApp } from '../../../api/test/helpers/test-app.js';

async function main() {
  const api = await startTestApp({ REFRESH_REUSE_GRACE_SECONDS: '10' });
  await seedDemo(api.db, new LocalImageStorage(uploadsDir(api.config)));
  const url = await api.app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${url}\n`);
  process.once('SIGTERM', () => {
    void api.close().then(() => process.exit(0));
  });
}

void main();
