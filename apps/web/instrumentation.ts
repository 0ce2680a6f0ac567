/** Runs once as the server starts, before it serves a request. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { forwardSocketAddress } = await import('./lib/client-address');
    forwardSocketAddress();
  }
}
