'use client';

import { ProductEditor } from '@/components/admin/product-editor';

export default function NewProductPage() {
  return <ProductEditor />;
}
