import './dom';
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { type Column, DataTable, nextSort } from '@/components/admin/data-table';
import { BooleanFilter, DateFilter, FilterBar, SelectFilter, TextFilter } from '@/components/admin/filter-bar';
import { ListHeader } from '@/components/admin/list-header';
import { Confirm } from '@/components/confirm';
import type { CursorList } from '@/lib/admin';

afterEach(cleanup);

interface Row {
  id: string;
  name: string;
  price: number;
}

const COLUMNS: Column<Row>[] = [
  { header: 'Name', sort: { asc: 'name' }, cell: (r) => r.name },
  { header: 'Price', align: 'right', sort: { asc: 'price_asc', desc: 'price_desc' }, cell: (r) => `$${r.price}` },
  { header: 'Id', cell: (r) => r.id },
];

function listOf(items: Row[], patch: Partial<CursorList<Row>> = {}): CursorList<Row> & { loads: number } {
  const list = {
    items,
    total: undefined,
    loading: false,
    error: null,
    hasMore: false,
    loads: 0,
    loadMore: () => {
      list.loads++;
    },
    reload: () => {},
    ...patch,
  };
  return list;
}

const ROWS = [
  { id: 'a', name: 'Blue Mug', price: 12 },
  { id: 'b', name: 'Red Teapot', price: 39 },
];

describe('admin kit: the data table', () => {
  test('when the list has items, then one row each, cells from the columns, the header as column headers', () => {
    render(<DataTable label="Products" list={listOf(ROWS)} columns={COLUMNS} rowKey={(r) => r.id} empty="No products match." />);
    const table = screen.getByRole('table', { name: 'Products' });
    assert.deepEqual(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent?.replace(/[▲▼↕]/g, '').trim()),
      ['Name', 'Price', 'Id'],
    );
    const rows = within(table).getAllByRole('row').slice(1);
    assert.deepEqual(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
      [
        ['Blue Mug', '$12', 'a'],
        ['Red Teapot', '$39', 'b'],
      ],
    );
    assert.equal(screen.queryByText('No products match.'), null);
  });

  test('when the list loaded empty, then it says so; while loading, it is busy and says nothing yet', () => {
    const { rerender } = render(
      <DataTable label="Orders" list={listOf([])} columns={COLUMNS} rowKey={(r) => r.id} empty="No orders match." />,
    );
    screen.getByText('No orders match.');
    rerender(
      <DataTable label="Orders" list={listOf([], { loading: true })} columns={COLUMNS} rowKey={(r) => r.id} empty="No orders match." />,
    );
    assert.equal(screen.queryByText('No orders match.'), null);
    assert.equal(screen.getByRole('table').getAttribute('aria-busy'), 'true');
  });

  test('when the list failed, then the reason is an alert and no "nothing matches"', () => {
    render(
      <DataTable
        label="Orders"
        list={listOf([], { error: 'from must be a date' })}
        columns={COLUMNS}
        rowKey={(r) => r.id}
        empty="No orders match."
      />,
    );
    assert.equal(screen.getByRole('alert').textContent, 'from must be a date');
    assert.equal(screen.queryByText('No orders match.'), null);
  });

  test('when there is another page, then "Load more" asks for it, and waits while it loads', () => {
    const list = listOf(ROWS, { hasMore: true });
    const { rerender } = render(<DataTable label="P" list={list} columns={COLUMNS} rowKey={(r) => r.id} empty="-" />);
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    assert.equal(list.loads, 1);
    rerender(<DataTable label="P" list={{ ...list, loading: true }} columns={COLUMNS} rowKey={(r) => r.id} empty="-" />);
    assert.equal((screen.getByRole('button', { name: 'Loading…' }) as HTMLButtonElement).disabled, true);
    rerender(<DataTable label="P" list={{ ...list, hasMore: false }} columns={COLUMNS} rowKey={(r) => r.id} empty="-" />);
    assert.equal(screen.queryByRole('button', { name: /Load more/ }), null);
  });

  test('when a sortable header is clicked, then the list is asked for that sort; the sorted column says which way', () => {
    const asked: string[] = [];
    const table = (sort: string) => (
      <DataTable label="P" list={listOf(ROWS)} columns={COLUMNS} rowKey={(r) => r.id} empty="-" sort={sort} onSort={(s) => asked.push(s)} />
    );
    const { rerender } = render(table(''));
    const [name, price, id] = screen.getAllByRole('columnheader');
    assert.equal(price?.getAttribute('aria-sort'), 'none');
    assert.equal(id?.getAttribute('aria-sort'), null, 'a column that cannot sort says nothing');
    assert.equal(within(id as HTMLElement).queryByRole('button'), null);
    fireEvent.click(within(price as HTMLElement).getByRole('button'));
    rerender(table('price_asc'));
    assert.equal(screen.getAllByRole('columnheader')[1]?.getAttribute('aria-sort'), 'ascending');
    fireEvent.click(within(screen.getAllByRole('columnheader')[1] as HTMLElement).getByRole('button'));
    rerender(table('price_desc'));
    assert.equal(screen.getAllByRole('columnheader')[1]?.getAttribute('aria-sort'), 'descending');
    fireEvent.click(within(screen.getAllByRole('columnheader')[1] as HTMLElement).getByRole('button'));
    fireEvent.click(within(name as HTMLElement).getByRole('button'));
    assert.deepEqual(asked, ['price_asc', 'price_desc', '', 'name']);
  });

  test('the order of sorts: ascending, descending, then the default order; one direction only toggles with the default', () => {
    assert.equal(nextSort({ asc: 'price_asc', desc: 'price_desc' }, ''), 'price_asc');
    assert.equal(nextSort({ asc: 'price_asc', desc: 'price_desc' }, 'price_asc'), 'price_desc');
    assert.equal(nextSort({ asc: 'price_asc', desc: 'price_desc' }, 'price_desc'), '', 'then back to the default order');
    assert.equal(nextSort({ asc: 'name' }, ''), 'name');
    assert.equal(nextSort({ asc: 'name' }, 'name'), '');
    assert.equal(nextSort({ desc: 'rating' }, 'price_asc'), 'rating');
    assert.equal(nextSort({ desc: 'rating' }, 'rating'), '');
  });
});

describe('admin kit: the filter bar', () => {
  test('when a select or date filter changes, then its new value is reported at once; "Any" is the empty value', () => {
    const changes: string[] = [];
    render(
      <FilterBar>
        <SelectFilter id="s" label="Status" value="" options={[['paid', 'Paid']]} onChange={(v) => changes.push(`status=${v}`)} />
        <DateFilter id="d" label="From" value="" onChange={(v) => changes.push(`from=${v}`)} />
      </FilterBar>,
    );
    const status = screen.getByLabelText('Status') as HTMLSelectElement;
    assert.deepEqual(
      [...status.options].map((o) => [o.value, o.textContent]),
      [
        ['', 'Any'],
        ['paid', 'Paid'],
      ],
    );
    fireEvent.change(status, { target: { value: 'paid' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-12-01' } });
    assert.deepEqual(changes, ['status=paid', 'from=2026-12-01']);
    // <search> is the search landmark (testing-library's role table predates the element).
    assert.ok(document.querySelector('search[aria-label="Filters"] select#s'));
  });

  test('a yes/no filter offers either, yes and no, as the API reads them', () => {
    const changes: string[] = [];
    render(
      <BooleanFilter id="b" label="Stock" value="" anyLabel="Any stock" yes="In stock" no="Sold out" onChange={(v) => changes.push(v)} />,
    );
    const select = screen.getByLabelText('Stock') as HTMLSelectElement;
    assert.deepEqual(
      [...select.options].map((o) => [o.value, o.textContent]),
      [
        ['', 'Any stock'],
        ['true', 'In stock'],
        ['false', 'Sold out'],
      ],
    );
    fireEvent.change(select, { target: { value: 'false' } });
    assert.deepEqual(changes, ['false']);
  });

  test('when a text filter is typed into, then nothing applies until the bar is submitted; Clear filters clears', () => {
    let draft = '';
    let applied = '';
    let cleared = 0;
    const bar = () => (
      <FilterBar onSubmit={() => (applied = draft)} submitLabel="Search" onClear={() => cleared++}>
        <TextFilter id="q" label="Search" value={draft} onChange={(v) => (draft = v)} suggestions={['order.placed']} />
      </FilterBar>
    );
    const { rerender } = render(bar());
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'mug' } });
    rerender(bar());
    assert.equal(applied, '');
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    assert.equal(applied, 'mug');
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    assert.equal(cleared, 1);
    assert.equal(document.querySelector('datalist#q-suggestions option')?.getAttribute('value'), 'order.placed');
  });

  test('the list header shows the total only when the API counted it', () => {
    const { rerender } = render(<ListHeader title="Orders" total={12} />);
    assert.equal(screen.getByRole('heading', { level: 1 }).textContent, 'Orders (12)');
    rerender(<ListHeader title="Orders" />);
    assert.equal(screen.getByRole('heading', { level: 1 }).textContent?.trim(), 'Orders');
  });
});

describe('admin kit: the confirm dialog', () => {
  test('when open, then a modal dialog with its title, text and two answers; each answer is reported', () => {
    const answers: string[] = [];
    const dialog = (open: boolean, busy = false) => (
      <Confirm
        open={open}
        title="Delete this review?"
        confirmLabel="Delete review"
        cancelLabel="Keep it"
        busy={busy}
        onConfirm={() => answers.push('confirm')}
        onCancel={() => answers.push('cancel')}
      >
        The rating is recalculated.
      </Confirm>
    );
    const { rerender } = render(dialog(false));
    assert.equal((document.querySelector('dialog') as HTMLDialogElement).open, false);
    rerender(dialog(true));
    const shown = screen.getByRole('dialog', { name: 'Delete this review?' });
    within(shown).getByText('The rating is recalculated.');
    fireEvent.click(within(shown).getByRole('button', { name: 'Keep it' }));
    fireEvent.click(within(shown).getByRole('button', { name: 'Delete review' }));
    assert.deepEqual(answers, ['cancel', 'confirm']);
    rerender(dialog(true, true));
    assert.equal((within(shown).getByRole('button', { name: 'Working…' }) as HTMLButtonElement).disabled, true);
    rerender(dialog(false));
    assert.equal((document.querySelector('dialog') as HTMLDialogElement).open, false);
  });
});
