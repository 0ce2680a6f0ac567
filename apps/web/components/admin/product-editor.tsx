'use client';

import {
  type Category,
  CreateProductSchema,
  ErrorCode,
  type Product,
  type ProductImage,
  slugFrom,
  UpdateProductSchema,
} from '@emporium/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { type Control, Controller, type FieldError, type Resolver, useForm } from 'react-hook-form';
import { Confirm } from '@/components/confirm';
import { api } from '@/lib/api/client';
import { ApiError, applyFieldErrors } from '@/lib/api/errors';
import { allItems, type Page } from '@/lib/api/pages';
import { toast } from '@/lib/toast';
import { ImageManager } from './image-manager';

type Values = {
  name: string;
  slug?: string;
  description: string;
  priceCents: number;
  compareAtPriceCents?: number | null;
  costPerItemCents?: number | null;
  sku: string;
  stockQuantity: number;
  isActive: boolean;
  isFeatured: boolean;
  categoryId?: string | null;
};

const FIELDS = [
  'name',
  'slug',
  'description',
  'priceCents',
  'compareAtPriceCents',
  'costPerItemCents',
  'sku',
  'stockQuantity',
  'categoryId',
] as const;

function Err({ id, error }: { id: string; error?: FieldError }) {
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {error.message}
    </p>
  ) : null;
}

/** Money typed in the currency's units, stored in integer cents (the contract's unit). */
function MoneyField({
  control,
  name,
  label,
  optional,
}: {
  control: Control<Values>;
  name: 'priceCents' | 'compareAtPriceCents' | 'costPerItemCents';
  label: string;
  optional?: boolean;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <div>
          <label htmlFor={name} className="label">
            {label}
          </label>
          <input
            id={name}
            type="number"
            step="0.01"
            min="0"
            inputMode="decimal"
            className="input"
            aria-invalid={!!fieldState.error}
            aria-describedby={fieldState.error ? `${name}-error` : undefined}
            defaultValue={typeof field.value === 'number' ? (field.value / 100).toFixed(2) : ''}
            onChange={(e) => {
              const raw = e.target.value.trim();
              field.onChange(raw === '' ? (optional ? null : Number.NaN) : Math.round(Number(raw) * 100));
            }}
            onBlur={field.onBlur}
          />
          <Err id={name} error={fieldState.error} />
        </div>
      )}
    />
  );
}

export function ProductEditor({ product, onSaved }: { product?: Product; onSaved?: (product: Product) => void }) {
  const router = useRouter();
  // null until loaded: the select is rendered then, so it shows the product's category.
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [images, setImages] = useState<ProductImage[]>(product?.images ?? []);
  const [isActive, setIsActive] = useState(product?.isActive ?? true);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  // The stock this form's edit is based on: a save sets the stock only if it is still this.
  const [loadedStock, setLoadedStock] = useState(product?.stockQuantity ?? 0);
  const {
    register,
    control,
    handleSubmit,
    setError,
    watch,
    formState: { errors, isSubmitting, dirtyFields },
  } = useForm<Values, unknown, Values>({
    resolver: zodResolver((product ? UpdateProductSchema : CreateProductSchema) as never) as unknown as Resolver<Values, unknown, Values>,
    defaultValues: product
      ? {
          name: product.name,
          slug: product.slug,
          description: product.description,
          priceCents: product.priceCents,
          compareAtPriceCents: product.compareAtPriceCents,
          costPerItemCents: product.costPerItemCents ?? null,
          sku: product.sku,
          stockQuantity: product.stockQuantity,
          isActive: product.isActive,
          isFeatured: product.isFeatured,
          categoryId: product.category?.id ?? null,
        }
      : {
          name: '',
          description: '',
          sku: '',
          stockQuantity: 0,
          isActive: true,
          isFeatured: false,
          compareAtPriceCents: null,
          costPerItemCents: null,
          categoryId: null,
        },
  });
  const name = watch('name');
  const slug = watch('slug');

  useEffect(() => {
    allItems((page) => api<Page<Category>>(page), '/categories')
      .then(setCategories)
      .catch(() => setCategories([]));
  }, []);

  async function save(values: Values) {
    const body: Record<string, unknown> = { ...values };
    if (!body.slug) delete body.slug;
    if (!body.categoryId) body.categoryId = null;
    if (!product) {
      for (const k of ['compareAtPriceCents', 'costPerItemCents', 'categoryId'] as const) if (body[k] === null) delete body[k];
    } else {
      // Only what changed: a concurrent edit of another field is not overwritten.
      for (const k of Object.keys(body)) if (!(k in dirtyFields)) delete body[k];
      if ('stockQuantity' in body) body.expectedStockQuantity = loadedStock;
    }
    try {
      const { product: saved } = product
        ? await api<{ product: Product }>(`/products/${product.id}`, { method: 'PATCH', body })
        : await api<{ product: Product }>('/products', { method: 'POST', body });
      toast.success(product ? 'Product saved' : 'Product created — now add images');
      if (!product) router.push(`/admin/products/${saved.id}`);
      else {
        setLoadedStock(saved.stockQuantity);
        onSaved?.(saved);
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === ErrorCode.StockChanged) {
        // Sold (or edited) meanwhile: show what it is now; saving again sets it deliberately.
        const now = (err.body as { stockQuantity?: number } | null)?.stockQuantity;
        if (typeof now === 'number') setLoadedStock(now);
        setError('stockQuantity', {
          type: 'server',
          message: `Stock changed to ${now} since this page loaded; save again to set it anyway`,
        });
        return;
      }
      if (!applyFieldErrors(err, setError, FIELDS)) toast.error((err as Error).message);
    }
  }

  async function toggleActive() {
    if (!product) return;
    try {
      const { product: saved } = await api<{ product: Product }>(`/products/${product.id}`, {
        method: 'PATCH',
        body: { isActive: !isActive },
      });
      setIsActive(saved.isActive);
      toast.success(saved.isActive ? 'Product is on sale' : 'Product is hidden from the shop');
    } catch (err) {
      toast.error((err as Error).message);
    }
  }

  async function remove() {
    if (!product) return;
    setBusy(true);
    try {
      const result = await api<{ outcome?: string } | undefined>(`/products/${product.id}`, { method: 'DELETE' });
      if (result?.outcome === 'deactivated') {
        toast.info('This product has been ordered, so it was deactivated instead of deleted (order history keeps it).');
        setIsActive(false);
      } else {
        toast.success('Product deleted');
        router.push('/admin/products');
      }
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setBusy(false);
      setConfirmDelete(false);
    }
  }

  const slugPreview = slug || slugFrom(name || '', 'product');
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{product ? product.name : 'New product'}</h1>
        {product && (
          <>
            <span
              className={`rounded-full px-3 py-1 text-xs font-semibold ${isActive ? 'bg-green-100 text-green-900' : 'bg-slate-200 text-slate-800'}`}
            >
              {isActive ? 'Active' : 'Inactive'}
            </span>
            <Link href={`/products/${product.slug}`} className="text-sm underline">
              View in shop
            </Link>
          </>
        )}
      </div>
      <form onSubmit={handleSubmit(save)} noValidate className="card grid gap-4 md:grid-cols-2">
        <div className="md:col-span-2">
          <label htmlFor="name" className="label">
            Name
          </label>
          <input
            id="name"
            className="input"
            {...register('name')}
            aria-invalid={!!errors.name}
            aria-describedby={errors.name ? 'name-error' : 'slug-preview'}
          />
          <Err id="name" error={errors.name} />
        </div>
        <div className="md:col-span-2">
          <label htmlFor="slug" className="label">
            Slug (optional)
          </label>
          <input
            id="slug"
            className="input"
            placeholder={slugFrom(name || '', 'product')}
            {...register('slug', { setValueAs: (v: string) => (v?.trim() ? v.trim() : undefined) })}
            aria-invalid={!!errors.slug}
            aria-describedby={errors.slug ? 'slug-error' : 'slug-preview'}
          />
          <p id="slug-preview" className="mt-1 text-xs text-slate-700">
            Address: /products/{slugPreview}
            {!slug && !product && ' (a number is added if it is taken)'}
          </p>
          <Err id="slug" error={errors.slug} />
        </div>
        <div className="md:col-span-2">
          <label htmlFor="description" className="label">
            Description
          </label>
          <textarea id="description" rows={5} className="input" {...register('description')} aria-invalid={!!errors.description} />
          <Err id="description" error={errors.description} />
        </div>
        <MoneyField control={control} name="priceCents" label="Price" />
        <MoneyField control={control} name="compareAtPriceCents" label="Compare-at price (optional)" optional />
        <MoneyField control={control} name="costPerItemCents" label="Cost per item (optional, admins only)" optional />
        <div>
          <label htmlFor="sku" className="label">
            SKU
          </label>
          <input
            id="sku"
            className="input font-mono"
            {...register('sku')}
            aria-invalid={!!errors.sku}
            aria-describedby={errors.sku ? 'sku-error' : undefined}
          />
          <Err id="sku" error={errors.sku} />
        </div>
        <div>
          <label htmlFor="stockQuantity" className="label">
            Stock
          </label>
          <input
            id="stockQuantity"
            type="number"
            min="0"
            step="1"
            className="input"
            {...register('stockQuantity', { valueAsNumber: true })}
            aria-invalid={!!errors.stockQuantity}
          />
          <Err id="stockQuantity" error={errors.stockQuantity} />
        </div>
        <div>
          <label htmlFor="categoryId" className="label">
            Category
          </label>
          {categories === null ? (
            <div className="skeleton h-9 w-full" />
          ) : (
            <select id="categoryId" className="input" {...register('categoryId', { setValueAs: (v) => v || null })}>
              <option value="">No category</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
          <Err id="categoryId" error={errors.categoryId} />
        </div>
        <div className="flex flex-col justify-end gap-2">
          {!product && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" className="size-4" {...register('isActive')} /> On sale now (active)
            </label>
          )}
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4" {...register('isFeatured')} /> Featured on the home page
          </label>
        </div>
        <div className="flex gap-2 md:col-span-2">
          <button type="submit" className="btn-primary" disabled={isSubmitting}>
            {isSubmitting ? 'Saving…' : product ? 'Save changes' : 'Create product'}
          </button>
          <Link href="/admin/products" className="btn-secondary">
            Back to products
          </Link>
        </div>
      </form>
      {product && <ImageManager productId={product.id} images={images} onChange={setImages} />}
      {product && (
        <section className="card flex flex-wrap items-center gap-3" aria-label="Danger zone">
          <button type="button" className="btn-secondary" onClick={toggleActive}>
            {isActive ? 'Deactivate (hide from the shop)' : 'Activate (put on sale)'}
          </button>
          <button type="button" className="btn-danger" onClick={() => setConfirmDelete(true)}>
            Delete product
          </button>
          <p className="w-full text-xs text-slate-700">
            A product that has been ordered cannot be deleted — order history refers to it — so deleting it deactivates it instead.
          </p>
        </section>
      )}
      <Confirm
        open={confirmDelete}
        title={`Delete ${product?.name}?`}
        confirmLabel="Delete product"
        busy={busy}
        onConfirm={remove}
        onCancel={() => setConfirmDelete(false)}
      >
        The product and its images are removed. If it has ever been ordered it is deactivated instead, so past orders stay intact.
      </Confirm>
    </div>
  );
}
