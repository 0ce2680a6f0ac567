/**
 * What `npm start` / `npm run dev` listen on and print, from the environment. Both the web shop
 * and the API bind to 127.0.0.1 unless HOST is set: the demo's accounts have published
 * passwords, and Next.js alone would listen on every interface. The API refuses the demo data
 * on an address other machines can reach (see apps/api/src/config.ts); `demo` mirrors that.
 */

/** Same rule as the API's isLoopbackHost. */
export function isLoopbackHost(host) {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

const FLAG_ON = ['true', '1', 'yes', 'on'];

export function startSettings(env) {
  const host = env.HOST || '127.0.0.1';
  const webPort = Number(env.WEB_PORT ?? 3000);
  const apiPort = Number(env.PORT ?? 8000);
  // A wildcard address is reached locally through loopback.
  const local = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  const seedDemo = env.SEED_DEMO ? FLAG_ON.includes(env.SEED_DEMO.toLowerCase()) : !env.DATABASE_URL && isLoopbackHost(host);
  return {
    host,
    webPort,
    apiPort,
    webUrl: env.PUBLIC_WEB_URL ?? `http://localhost:${webPort}`,
    apiUrl: `http://${local}:${apiPort}`,
    /** Where this machine reaches the shop, to wait for it. */
    webLocalUrl: `http://${local}:${webPort}`,
    demo: seedDemo && env.NODE_ENV !== 'production' && isLoopbackHost(host),
  };
}
