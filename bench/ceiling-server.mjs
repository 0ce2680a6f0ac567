// The hardware ceiling: a bare node:http server answering a fixed 1 KB JSON body.
import { createServer } from 'node:http';

const body = JSON.stringify({
  items: Array.from({ length: 12 }, (_, i) => ({ id: i, name: `Item number ${i}`, priceCents: 1000 + i, inStock: true })),
  pad: 'x'.repeat(200),
});
createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
