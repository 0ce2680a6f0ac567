'use client';

import type { ProductImage } from '@emporium/contracts';
import { useRef, useState } from 'react';
import { Confirm } from '@/components/confirm';
import { api, refreshSession } from '@/lib/api/client';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';

type Upload = { name: string; progress: number };

/** Uploads one file with progress (fetch cannot report upload progress; XMLHttpRequest can). */
function upload(productId: string, file: File, onProgress: (fraction: number) => void): Promise<ProductImage> {
  const send = (token: string | null) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/v1/products/${productId}/images`);
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
      xhr.onerror = () => reject(new Error('The upload failed: the shop could not be reached'));
      const form = new FormData();
      form.append('file', file);
      xhr.send(form);
    });
  return (async () => {
    let res = await send(useSession.getState().accessToken);
    if (res.status === 401 && (await refreshSession())) res = await send(useSession.getState().accessToken);
    const body = res.body ? JSON.parse(res.body) : null;
    if (res.status !== 201) throw new Error(body?.detail ?? `Upload failed (${res.status})`);
    return body.image as ProductImage;
  })();
}

export function ImageManager({
  productId,
  images,
  onChange,
}: {
  productId: string;
  images: ProductImage[];
  onChange: (images: ProductImage[]) => void;
}) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [deleting, setDeleting] = useState<ProductImage | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const sorted = [...images].sort((a, b) => a.position - b.position);

  async function add(files: FileList | null) {
    if (!files) return;
    let current = sorted;
    for (const file of Array.from(files)) {
      setUploads((u) => [...u, { name: file.name, progress: 0 }]);
      try {
        const image = await upload(productId, file, (p) =>
          setUploads((u) => u.map((x) => (x.name === file.name ? { ...x, progress: p } : x))),
        );
        current = [...current, image];
        onChange(current);
        toast.success(`${file.name} uploaded`);
      } catch (err) {
        toast.error(`${file.name}: ${(err as Error).message}`);
      } finally {
        setUploads((u) => u.filter((x) => x.name !== file.name));
      }
    }
  }

  async function move(image: ProductImage, direction: -1 | 1) {
    const index = sorted.findIndex((i) => i.id === image.id);
    const other = sorted[index + direction];
    if (!other) return;
    try {
      // Positions are swapped; both writes go to the API so the order is the server's.
      const [a, b] = await Promise.all([
        api<{ image: ProductImage }>(`/products/${productId}/images/${image.id}`, {
          method: 'PATCH',
          body: { position: other.position === image.position ? other.position + direction : other.position },
        }),
        api<{ image: ProductImage }>(`/products/${productId}/images/${other.id}`, { method: 'PATCH', body: { position: image.position } }),
      ]);
      onChange(sorted.map((i) => (i.id === a.image.id ? a.image : i.id === b.image.id ? b.image : i)));
    } catch (err) {
      toast.error((err as Error).message);
    }
  }

  async function saveAlt(image: ProductImage, alt: string) {
    if (alt === image.alt) return;
    try {
      const { image: updated } = await api<{ image: ProductImage }>(`/products/${productId}/images/${image.id}`, {
        method: 'PATCH',
        body: { alt },
      });
      onChange(sorted.map((i) => (i.id === updated.id ? updated : i)));
      toast.success('Alt text saved');
    } catch (err) {
      toast.error((err as Error).message);
    }
  }

  async function remove() {
    if (!deleting) return;
    setBusy(true);
    try {
      await api(`/products/${productId}/images/${deleting.id}`, { method: 'DELETE' });
      onChange(sorted.filter((i) => i.id !== deleting.id));
      toast.success('Image deleted');
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setBusy(false);
      setDeleting(null);
    }
  }

  return (
    <section className="card flex flex-col gap-3" aria-labelledby="images-heading">
      <h2 id="images-heading" className="text-lg font-semibold">
        Images
      </h2>
      <button
        type="button"
        onClick={() => input.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void add(e.dataTransfer.files);
        }}
        className={`rounded-lg border-2 border-dashed p-6 text-center text-sm ${dragging ? 'border-brand-700 bg-brand-50' : 'border-slate-300'}`}
      >
        Drop images here or <span className="font-semibold underline">choose files</span>
        <span className="block text-xs text-slate-700">JPEG, PNG, WebP, AVIF or GIF, up to 10 MB each</span>
      </button>
      <input
        ref={input}
        type="file"
        accept="image/jpeg,image/png,image/webp,image/avif,image/gif"
        multiple
        className="sr-only"
        aria-label="Upload images"
        onChange={(e) => void add(e.target.files)}
        data-testid="image-input"
      />
      {uploads.map((u) => (
        <div key={u.name} className="text-sm">
          <label>
            Uploading {u.name}
            <progress className="ml-2 align-middle" value={u.progress} max={1} />
          </label>
        </div>
      ))}
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        {sorted.map((image, i) => (
          <li key={image.id} className="flex flex-col gap-2 rounded-md border border-slate-200 p-2" data-testid="admin-image">
            <img
              src={image.variants.thumbnail}
              alt={image.alt}
              width={image.width}
              height={image.height}
              className="aspect-square h-auto w-full rounded object-cover"
            />
            <label className="text-xs">
              Alt text
              <input className="input mt-1" defaultValue={image.alt} onBlur={(e) => void saveAlt(image, e.target.value)} />
            </label>
            <div className="flex justify-between gap-1 text-xs">
              <button
                type="button"
                className="underline disabled:opacity-40"
                onClick={() => move(image, -1)}
                disabled={i === 0}
                aria-label="Move earlier"
              >
                ← Earlier
              </button>
              <button type="button" className="text-red-700 underline" onClick={() => setDeleting(image)}>
                Delete
              </button>
              <button
                type="button"
                className="underline disabled:opacity-40"
                onClick={() => move(image, 1)}
                disabled={i === sorted.length - 1}
                aria-label="Move later"
              >
                Later →
              </button>
            </div>
          </li>
        ))}
      </ul>
      {sorted.length === 0 && uploads.length === 0 && (
        <p className="text-sm text-slate-700">No images yet; the first one is the product's main photo.</p>
      )}
      <Confirm
        open={deleting !== null}
        title="Delete this image?"
        confirmLabel="Delete image"
        busy={busy}
        onConfirm={remove}
        onCancel={() => setDeleting(null)}
      >
        Its files are removed from the server. This cannot be undone.
      </Confirm>
    </section>
  );
}
