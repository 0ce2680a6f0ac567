import type { Order, OrderStatus } from '@emporium/contracts';
import Link from 'next/link';
import { formatDateTime, formatMoney, ORDER_STATUS_LABELS } from '@/lib/format';

/** The order's status as a badge. */
export function OrderStatusBadge({ status, testId }: { status: OrderStatus; testId?: string }) {
  return (
    <span className="rounded-full bg-slate-100 px-3 py-1 text-sm font-semibold" data-testid={testId}>
      {ORDER_STATUS_LABELS[status] ?? status}
    </span>
  );
}

/** The order's lines at the prices it was placed at, and its total. `productHref` links each line. */
export function OrderLines({ order, productHref }: { order: Order; productHref?: (productId: string) => string }) {
  return (
    <section className="card" aria-labelledby="items-heading">
      <h2 id="items-heading" className="text-lg font-semibold">
        Items
      </h2>
      <table className="mt-3 w-full text-sm">
        <thead>
          <tr className="text-left text-slate-700">
            <th className="py-1">Product</th>
            <th className="py-1 text-right">Qty</th>
            <th className="py-1 text-right">Price</th>
            <th className="py-1 text-right">Total</th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((i) => (
            <tr key={i.productId} className="border-t border-slate-200">
              <td className="py-2">
                {productHref ? (
                  <Link href={productHref(i.productId)} className="underline">
                    {i.name}
                  </Link>
                ) : (
                  i.name
                )}
                <span className="block font-mono text-xs text-slate-600">SKU {i.sku}</span>
              </td>
              <td className="py-2 text-right">{i.quantity}</td>
              <td className="py-2 text-right">{formatMoney(i.unitPriceCents, order.currency)}</td>
              <td className="py-2 text-right">{formatMoney(i.lineTotalCents, order.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t border-slate-300 font-semibold">
            <td className="py-2" colSpan={3}>
              Total
            </td>
            <td className="py-2 text-right">{formatMoney(order.totalCents, order.currency)}</td>
          </tr>
        </tfoot>
      </table>
      {order.note && <p className="mt-3 text-sm">Note: {order.note}</p>}
    </section>
  );
}

/** Every status the order has had, oldest first, with when. */
export function StatusHistory({ order }: { order: Order }) {
  return (
    <section className="card text-sm" aria-labelledby="history-heading">
      <h2 id="history-heading" className="font-semibold">
        Status history
      </h2>
      <ol className="mt-1 flex flex-col gap-1">
        {order.statusHistory.map((h) => (
          <li key={`${h.to}-${h.at}`}>
            <span className="font-medium">{ORDER_STATUS_LABELS[h.to] ?? h.to}</span> · {formatDateTime(h.at)}
          </li>
        ))}
      </ol>
    </section>
  );
}
