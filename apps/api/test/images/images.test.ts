import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { makeProduct } from '../helpers/catalog.js';
import { multipart } from '../helpers/multipart.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

function crc32(buf: Buffer): number {
  let crc = ~0;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}

/** A 60-byte PNG whose header claims 60,000 × 60,000 pixels (3.6 gigapixels). */
function pixelBomb(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(60_000, 0);
  ihdr.writeUInt32BE(60_000, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('product images', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  let dataDir: string;
  let productId: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'emporium-images-'));
    ctx = await startTestApp({ DATA_DIR: dataDir });
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    productId = (await makeProduct(ctx, admin)).id;
  });
  after(async () => {
    await ctx.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const upload = (file: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg', extra: { name: string; value: string }[] = []) => {
    const body = multipart([{ name: 'file', value: file, filename, contentType }, ...extra]);
    return ctx.app.inject({
      method: 'POST',
      url: `/api/v1/products/${productId}/images`,
      headers: { ...admin.auth, ...body.headers },
      payload: body.payload,
    });
  };
  const fetchUpload = (url: string) => ctx.app.inject({ method: 'GET', url });

  it('when a JPEG with EXIF, GPS and a rotation is uploaded, then it is re-encoded upright in every size with no metadata', async () => {
    const jpeg = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#3366cc' } })
      .jpeg()
      .withExif({
        IFD0: { Copyright: 'secret-owner', Artist: 'secret-artist' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    assert.ok((await sharp(jpeg).metadata()).exif, 'the fixture carries EXIF');
    const res = await upload(jpeg, 'holiday.jpg', 'image/jpeg', [{ name: 'alt', value: 'A blue mug' }]);
    assert.equal(res.statusCode, 201, res.body);
    const image = res.json().image;
    assert.equal(image.alt, 'A blue mug');
    assert.equal(image.width, 200, 'rotated by its EXIF orientation');
    assert.equal(image.height, 400);
    assert.match(image.url, /^\/uploads\/products\/[0-9a-f]{32}\/[0-9a-f]{24}-large\.jpg$/);
    assert.doesNotMatch(image.url, /holiday/);
    for (const url of Object.values(image.variants) as string[]) {
      const file = await fetchUpload(url);
      assert.equal(file.statusCode, 200, url);
      const meta = await sharp(file.rawPayload).metadata();
      assert.equal(meta.exif, undefined, `${url} has no EXIF`);
      assert.ok(!file.rawPayload.includes('secret-owner'));
      assert.equal(file.headers['content-type'], url.endsWith('.webp') ? 'image/webp' : 'image/jpeg');
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
      assert.equal(file.headers['content-security-policy'], "default-src 'none'");
      assert.match(file.headers['cache-control'] as string, /immutable/);
    }
    const thumb = await sharp((await fetchUpload(image.thumbnailUrl)).rawPayload).metadata();
    assert.ok((thumb.width ?? 999) <= 240 && (thumb.height ?? 999) <= 240);
    const product = (await ctx.app.inject({ method: 'GET', url: `/api/v1/products/${productId}` })).json().product;
    assert.deepEqual(product.images[0], image, 'a product read shows the image as its upload returned it');
  });

  it('when a PNG has HTML appended, then the stored files carry only pixels', async () => {
    const png = await sharp({ create: { width: 50, height: 50, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const hostile = Buffer.concat([png, Buffer.from('<html><script>alert(document.cookie)</script></html>')]);
    const res = await upload(hostile, '<script>.png', 'image/png');
    assert.equal(res.statusCode, 201, res.body);
    const image = res.json().image;
    assert.match(image.url, /\.png$/, 'transparency keeps PNG');
    for (const url of Object.values(image.variants) as string[]) {
      assert.ok(!(await fetchUpload(url)).rawPayload.includes('<script>'), url);
    }
  });

  it('when the content is not a supported image, then 415 whatever the name or declared type', async () => {
    const cases: [string, Buffer, string, string][] = [
      ['text renamed', Buffer.from('just some text, not a picture'), 'photo.jpg', 'image/jpeg'],
      [
        'svg',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'),
        'logo.png',
        'image/png',
      ],
      [
        'tiff',
        await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
          .tiff()
          .toBuffer(),
        'scan.jpg',
        'image/jpeg',
      ],
      ['html', Buffer.from('<!doctype html><html></html>'), 'x.gif', 'image/gif'],
    ];
    for (const [name, file, filename, type] of cases) {
      const res = await upload(file, filename, type);
      assert.equal(res.statusCode, 415, name);
      assert.equal(errorOf(res).error, 'UNSUPPORTED_MEDIA_TYPE', name);
    }
  });

  it('when WebP, GIF and AVIF are uploaded, then they are accepted', async () => {
    const base = sharp({ create: { width: 30, height: 20, channels: 3, background: '#aa5500' } });
    for (const [format, file] of [
      ['webp', await base.clone().webp().toBuffer()],
      ['gif', await base.clone().gif().toBuffer()],
      ['avif', await base.clone().avif().toBuffer()],
    ] as const) {
      const res = await upload(file, `x.${format}`, `image/${format}`);
      assert.equal(res.statusCode, 201, `${format}: ${res.body}`);
    }
  });

  it('when a tiny file claims billions of pixels, then it is refused without decoding', async () => {
    const bomb = pixelBomb();
    assert.ok(bomb.length < 100);
    const started = process.hrtime.bigint();
    const res = await upload(bomb, 'bomb.png', 'image/png');
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(res.statusCode, 413);
    assert.match(errorOf(res).detail, /megapixels/);
    assert.ok(ms < 2000, `took ${ms} ms`);
  });

  it('when the file is over 10 MB, then 413; no file or a NUL in the alt text is 422; a JSON body is 415', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 1);
    const res = await upload(big, 'big.jpg');
    assert.equal(res.statusCode, 413);
    assert.equal(errorOf(res).error, 'PAYLOAD_TOO_LARGE');
    const none = multipart([{ name: 'alt', value: 'no file' }]);
    const missing = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/products/${productId}/images`,
      headers: { ...admin.auth, ...none.headers },
      payload: none.payload,
    });
    assert.equal(missing.statusCode, 422);
    // Text PostgreSQL cannot store is refused like any other invalid field.
    const nul = await upload(Buffer.from('x'), 'photo.jpg', 'image/jpeg', [{ name: 'alt', value: 'a\u0000b' }]);
    assert.equal(nul.statusCode, 422);
    assert.deepEqual(errorOf(nul).errors, [{ field: 'alt', message: 'must not contain NUL characters (U+0000)' }]);
    const json = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/products/${productId}/images`,
      headers: admin.auth,
      payload: { file: 'x' },
    });
    assert.equal(json.statusCode, 415);
  });

  it('when a customer uploads, then 403', async () => {
    const customer = await createUserAndSignIn(ctx);
    const body = multipart([{ name: 'file', value: Buffer.from('x'), filename: 'a.jpg' }]);
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/products/${productId}/images`,
      headers: { ...customer.auth, ...body.headers },
      payload: body.payload,
    });
    assert.equal(res.statusCode, 403);
  });

  it('when paths try to escape /uploads or list it, then 404 in the JSON shape', async () => {
    for (const path of [
      '/uploads/',
      '/uploads/products/',
      '/uploads/../package.json',
      '/uploads/%2e%2e/%2e%2e/package.json',
      '/uploads/..%2f..%2fpackage.json',
      '/uploads/products%5c..%5c..%5cpackage.json',
      '/uploads/a.jpg%00.png',
      '/uploads/.hidden.jpg',
      '/uploads/products/x/../../../../etc/passwd',
      '/uploads/A.JPG',
    ]) {
      const res = await ctx.app.inject({ method: 'GET', url: path });
      assert.equal(res.statusCode, 404, path);
      assert.match(res.headers['content-type'] as string, /application\/json/, path);
    }
  });

  it('when an image is deleted, then its files go too', async () => {
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    const image = (await upload(png, 'a.png', 'image/png')).json().image;
    assert.equal((await fetchUpload(image.url)).statusCode, 200);
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${productId}/images/${image.id}`,
      headers: admin.auth,
      payload: { alt: 'New text', position: 0 },
    });
    assert.equal(patched.json().image.alt, 'New text');
    const del = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/products/${productId}/images/${image.id}`, headers: admin.auth });
    assert.equal(del.statusCode, 204);
    for (const url of Object.values(image.variants) as string[]) assert.equal((await fetchUpload(url)).statusCode, 404, url);
    const again = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/products/${productId}/images/${image.id}`, headers: admin.auth });
    assert.equal(again.statusCode, 404);
  });

  it('when images are added, changed, reordered and removed, then the product shows them at once, in order', async () => {
    const product = (await makeProduct(ctx, admin)).id;
    const add = async (color: string, alt: string) => {
      const png = await sharp({ create: { width: 12, height: 12, channels: 3, background: color } })
        .png()
        .toBuffer();
      const body = multipart([
        { name: 'file', value: png, filename: 'x.png', contentType: 'image/png' },
        { name: 'alt', value: alt },
      ]);
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/products/${product}/images`,
        headers: { ...admin.auth, ...body.headers },
        payload: body.payload,
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().image as { id: string };
    };
    const shown = async () => {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/products/${product}` });
      return (res.json().product.images as { id: string; alt: string }[]).map((i) => i.alt);
    };
    const first = await add('#aa0000', 'first');
    const second = await add('#00aa00', 'second');
    assert.deepEqual(await shown(), ['first', 'second']);
    const patch = (id: string, payload: object) =>
      ctx.app.inject({ method: 'PATCH', url: `/api/v1/products/${product}/images/${id}`, headers: admin.auth, payload });
    assert.equal((await patch(second.id, { position: 0, alt: 'now first' })).statusCode, 200);
    assert.equal((await patch(first.id, { position: 5 })).statusCode, 200);
    assert.deepEqual(await shown(), ['now first', 'first']);
    // The listing reads the same column.
    const listed = await ctx.app.inject({ method: 'GET', url: '/api/v1/products?limit=100', headers: admin.auth });
    const inList = (listed.json().items as { id: string; images: { alt: string }[] }[]).find((p) => p.id === product);
    assert.deepEqual(
      inList?.images.map((i) => i.alt),
      ['now first', 'first'],
    );
    const del = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/products/${product}/images/${second.id}`, headers: admin.auth });
    assert.equal(del.statusCode, 204);
    assert.deepEqual(await shown(), ['first']);
  });

  it('when a product is deleted, then all its image files are removed', async () => {
    const p = await makeProduct(ctx, admin);
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#654321' } })
      .png()
      .toBuffer();
    const body = multipart([{ name: 'file', value: png, filename: 'a.png' }]);
    const up = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/products/${p.id}/images`,
      headers: { ...admin.auth, ...body.headers },
      payload: body.payload,
    });
    assert.equal(up.statusCode, 201);
    const dir = join(dataDir, 'uploads', 'products', p.id.replaceAll('-', ''));
    assert.equal((await readdir(dir)).length, 6);
    assert.equal((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/products/${p.id}`, headers: admin.auth })).statusCode, 204);
    assert.equal((await readdir(dir)).length, 0);
  });
});
