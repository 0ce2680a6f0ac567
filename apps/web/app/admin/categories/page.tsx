'use client';

import { type CategoryNode, type CreateCategoryInput, CreateCategorySchema } from '@emporium/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Confirm } from '@/components/confirm';
import { api } from '@/lib/api/client';
import { applyFieldErrors } from '@/lib/api/errors';
import { allItems, type Page } from '@/lib/api/pages';
import { toast } from '@/lib/toast';

function flatten(nodes: CategoryNode[], depth = 0): { node: CategoryNode; depth: number }[] {
  return nodes.flatMap((node) => [{ node, depth }, ...flatten(node.children, depth + 1)]);
}

/** Ids of a node and everything under it: a category cannot move under itself. */
function subtreeIds(node: CategoryNode): Set<string> {
  return new Set([node.id, ...node.children.flatMap((c) => [...subtreeIds(c)])]);
}

function CreateForm({ all, onCreated }: { all: { node: CategoryNode; depth: number }[]; onCreated: () => void }) {
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof CreateCategorySchema>, unknown, CreateCategoryInput>({
    resolver: zodResolver(CreateCategorySchema),
    defaultValues: { name: '', description: '', parentId: null },
  });
  async function create(input: CreateCategoryInput) {
    try {
      await api('/categories', { method: 'POST', body: input });
      toast.success(`${input.name} created`);
      reset();
      onCreated();
    } catch (err) {
      if (!applyFieldErrors(err, setError, ['name', 'slug', 'description', 'parentId'])) toast.error((err as Error).message);
    }
  }
  return (
    <form onSubmit={handleSubmit(create)} noValidate className="card grid gap-3 sm:grid-cols-3">
      <h2 className="text-lg font-semibold sm:col-span-3">New category</h2>
      <div>
        <label htmlFor="cat-name" className="label">
          Name
        </label>
        <input id="cat-name" className="input" {...register('name')} aria-invalid={!!errors.name} />
        {errors.name && <p className="field-error">Name {errors.name.message}</p>}
      </div>
      <div>
        <label htmlFor="cat-parent" className="label">
          Parent
        </label>
        <select id="cat-parent" className="input" {...register('parentId', { setValueAs: (v) => v || null })}>
          <option value="">None (top level)</option>
          {all.map(({ node, depth }) => (
            <option key={node.id} value={node.id}>
              {'\u2003'.repeat(depth)}
              {node.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="cat-description" className="label">
          Description
        </label>
        <input id="cat-description" className="input" {...register('description')} />
      </div>
      <div className="sm:col-span-3">
        <button type="submit" className="btn-primary" disabled={isSubmitting}>
          Create category
        </button>
      </div>
    </form>
  );
}

function Row({
  node,
  depth,
  all,
  onChanged,
}: {
  node: CategoryNode;
  depth: number;
  all: { node: CategoryNode; depth: number }[];
  onChanged: () => void;
}) {
  const [name, setName] = useState(node.name);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const blocked = subtreeIds(node);

  async function patch(body: Record<string, unknown>, done: string) {
    try {
      await api(`/categories/${node.id}`, { method: 'PATCH', body });
      toast.success(done);
      onChanged();
    } catch (err) {
      toast.error((err as Error).message);
      setName(node.name);
    }
  }

  async function remove() {
    setBusy(true);
    try {
      await api(`/categories/${node.id}`, { method: 'DELETE' });
      toast.success(`${node.name} deleted`);
      onChanged();
    } catch (err) {
      // The API says why (products or sub-categories still in it).
      toast.error((err as Error).message);
    } finally {
      setBusy(false);
      setConfirmDelete(false);
    }
  }

  return (
    <li className="flex flex-wrap items-center gap-2 border-t border-slate-200 py-2" style={{ paddingLeft: `${depth * 1.5}rem` }}>
      <label className="sr-only" htmlFor={`name-${node.id}`}>
        Name of {node.name}
      </label>
      <input
        id={`name-${node.id}`}
        className="input w-48"
        value={name}
        onChange={(e) => setName(e.target.value)}
        onBlur={() => name.trim() && name !== node.name && patch({ name: name.trim() }, `Renamed to ${name.trim()}`)}
      />
      <span className="text-xs text-slate-700">
        /{node.slug} · {node.productCount} product{node.productCount === 1 ? '' : 's'}
      </span>
      <label className="ml-auto text-sm" htmlFor={`parent-${node.id}`}>
        Parent
      </label>
      <select
        id={`parent-${node.id}`}
        className="input w-44"
        value={node.parentId ?? ''}
        onChange={(e) => patch({ parentId: e.target.value || null }, `${node.name} moved`)}
      >
        <option value="">None (top level)</option>
        {all
          .filter(({ node: n }) => !blocked.has(n.id))
          .map(({ node: n, depth: d }) => (
            <option key={n.id} value={n.id}>
              {'\u2003'.repeat(d)}
              {n.name}
            </option>
          ))}
      </select>
      <button type="button" className="text-sm text-red-700 underline" onClick={() => setConfirmDelete(true)}>
        Delete
      </button>
      <Confirm
        open={confirmDelete}
        title={`Delete ${node.name}?`}
        confirmLabel="Delete category"
        busy={busy}
        onConfirm={remove}
        onCancel={() => setConfirmDelete(false)}
      >
        Only an empty category can be deleted: move or delete its products and sub-categories first. The shop tells you if any are left.
      </Confirm>
    </li>
  );
}

export default function AdminCategoriesPage() {
  const [tree, setTree] = useState<CategoryNode[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    allItems((page) => api<Page<CategoryNode>>(page), '/categories?format=tree')
      .then(setTree)
      .catch((err) => setError((err as Error).message));
  }, []);
  useEffect(load, [load]);

  if (error)
    return (
      <p role="alert" className="card">
        {error}
      </p>
    );
  if (!tree) return <div className="skeleton h-64 w-full" aria-busy="true" />;
  const all = flatten(tree);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Categories</h1>
      <CreateForm all={all} onCreated={load} />
      <section className="card" aria-label="Category tree">
        <ul>
          {all.map(({ node, depth }) => (
            <Row key={`${node.id}-${node.name}-${node.parentId}`} node={node} depth={depth} all={all} onChanged={load} />
          ))}
        </ul>
        {all.length === 0 && <p className="text-slate-700">No categories yet.</p>}
      </section>
    </div>
  );
}
