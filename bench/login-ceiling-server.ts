// The login ceiling: a bare node:http server that does nothing for a login but read its JSON
// body and verify the password, with the API's own password code (argon2id at the API's
// parameters, on the same threads), and answer a small JSON. What it manages is what a login
// could reach on this machine if reading the account, opening the session and signing the
// tokens cost nothing. Run by bench/run.ts as its own process.
import { createServer } from 'node:http';
import { hashPassword, verifyPassword } from '../apps/api/src/modules/auth/password.js';
import { BENCH_PASSWORD } from './dataset.js';

const stored = await hashPassword(BENCH_PASSWORD);
createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    const { email, password } = JSON.parse(Buffer.concat(chunks).toString()) as { email: string; password: string };
    const ok = await verifyPassword(stored, password);
    const body = JSON.stringify(ok ? { email, tokenType: 'bearer' } : { error: 'INVALID_CREDENTIALS' });
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
