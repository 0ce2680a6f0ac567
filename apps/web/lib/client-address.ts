import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

let installed = false;

/**
 * Makes X-Forwarded-For the address of the socket a request arrived on, before Next.js sees
 * the request. Next passes a client-sent X-Forwarded-For through to the API unchanged (it only
 * fills it in when missing), and neither `proxy.ts` nor a page can see the socket, so a shopper
 * could otherwise name any address and get a fresh rate-limit budget with each request.
 * Node publishes `http.server.request.start` before the server's request event, for every
 * request this process serves. This web server must therefore be what shoppers connect to:
 * a proxy in front of it would become every shopper's address (see docs/security.md).
 */
export function forwardSocketAddress(): void {
  if (installed) return;
  installed = true;
  subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const { headers } = request;
    delete headers.forwarded;
    delete headers['x-real-ip'];
    if (socket.remoteAddress) headers['x-forwarded-for'] = socket.remoteAddress;
    else delete headers['x-forwarded-for'];
  });
}
