'use client';

import type { Product } from '@emporium/contracts';
import { useParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ProductEditor } from '@/components/admin/product-editor';
import { api } from '@/lib/api/client';

export default function EditProductPage() {
  const { id } = useParams<{ id: string }>();
  const [product, setProduct] = useState<Product | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ product: Product }>(`/products/${id}`)
      .then((r) => setProduct(r.product))
      .catch((err) => setError((err as Error).message));
  }, [id]);
  if (error)
    return (
      <p role="alert" className="card">
        {error}
      </p>
    );
  if (!product) return <div className="skeleton h-96 w-full" aria-busy="true" />;
  return <ProductEditor key={product.updatedAt} product={product} onSaved={setProduct} />;
}
