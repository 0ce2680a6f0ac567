'use client';

import type { Product } from '@emporium/contracts';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { api } from '@/lib/api/client';

/** Search with suggestions as you type (debounced; arrow keys, Enter and Escape work). */
export function SearchBox() {
  const router = useRouter();
  const params = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [suggestions, setSuggestions] = useState<Product[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    clearTimeout(timer.current);
    const term = q.trim();
    if (term.length < 2) {
      setSuggestions([]);
      return;
    }
    const controller = new AbortController();
    timer.current = setTimeout(() => {
      api<{ items: Product[] }>(`/products?${new URLSearchParams({ q: term, limit: '6' })}`, { signal: controller.signal })
        .then((r) => {
          setSuggestions(r.items);
          setActive(-1);
        })
        .catch(() => {});
    }, 200);
    return () => {
      clearTimeout(timer.current);
      controller.abort();
    };
  }, [q]);

  function go(term: string) {
    setOpen(false);
    router.push(term.trim() ? `/products?${new URLSearchParams({ q: term.trim() })}` : '/products');
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: role=search on the form is the widely supported landmark
    <form
      role="search"
      className="relative w-full"
      onSubmit={(e) => {
        e.preventDefault();
        const chosen = active >= 0 ? suggestions[active] : undefined;
        if (chosen) {
          setOpen(false);
          router.push(`/products/${chosen.slug}`);
        } else go(q);
      }}
    >
      <label htmlFor="site-search" className="sr-only">
        Search products
      </label>
      <input
        id="site-search"
        type="search"
        className="input pr-10"
        placeholder="Search products"
        autoComplete="off"
        role="combobox"
        aria-expanded={open && suggestions.length > 0}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((i) => Math.min(i + 1, suggestions.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(i - 1, -1));
          } else if (e.key === 'Escape') setOpen(false);
        }}
      />
      <button type="submit" className="absolute inset-y-0 right-0 px-3 text-slate-700" aria-label="Search">
        ⌕
      </button>
      {open && suggestions.length > 0 && (
        <div
          id={listId}
          role="listbox"
          aria-label="Suggestions"
          className="absolute z-20 mt-1 w-full overflow-hidden rounded-md border border-slate-200 bg-white shadow-lg"
        >
          {suggestions.map((p, i) => (
            <div
              key={p.id}
              tabIndex={-1}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`cursor-pointer px-3 py-2 text-sm ${i === active ? 'bg-brand-50' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                setOpen(false);
                router.push(`/products/${p.slug}`);
              }}
            >
              {p.name}
            </div>
          ))}
        </div>
      )}
    </form>
  );
}
