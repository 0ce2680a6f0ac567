// How many argon2id verifications per second this machine manages with nothing else running:
// the best of one hash per core (as the API runs them) and one per libuv thread. Run as its own
// process by bench/run.ts, once with libuv's default pool of four threads (as the API runs) and
// once with one thread per core: two threads verify ~10 % faster here, so the hash alone is
// measured at its best. Prints the rate.
import { availableParallelism } from 'node:os';
import { verify } from '@node-rs/argon2';
import pLimit from 'p-limit';
import { hashPassword } from '../apps/api/src/modules/auth/password.js';
import { BENCH_PASSWORD } from './dataset.js';

const hash = await hashPassword(BENCH_PASSWORD);
const n = 200;
let best = 0;
for (const concurrency of [availableParallelism(), 4]) {
  const limit = pLimit(concurrency);
  const started = performance.now();
  await Promise.all(Array.from({ length: n }, () => limit(() => verify(hash, BENCH_PASSWORD))));
  best = Math.max(best, Math.round(n / ((performance.now() - started) / 1000)));
}
process.stdout.write(String(best));
