'use client';

import { type Cart, type CheckoutInput, CheckoutSchema, ErrorCode, type Order, type ShortItem, ShortItemSchema } from '@emporium/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { EmptyCart } from '@/components/cart/empty-cart';
import { Field } from '@/components/forms/field';
import { RequireSession } from '@/components/require-session';
import { api, newIdempotencyKey } from '@/lib/api/client';
import { ApiError, applyFieldErrors } from '@/lib/api/errors';
import { formatMoney } from '@/lib/format';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';

type Problem = { kind: 'stock'; items: ShortItem[] } | { kind: 'unverified' } | { kind: 'other'; message: string };

/** What an OUT_OF_STOCK answer lists (nothing, if it lists something else). */
const SHORT_ITEMS = z.array(ShortItemSchema).catch([]);

/** The address form, in order: `wide` inputs take the whole row. */
const ADDRESS_INPUTS: {
  name: keyof CheckoutInput['shippingAddress'];
  label: string;
  autoComplete: string;
  type?: string;
  hint?: string;
  wide?: boolean;
}[] = [
  { name: 'fullName', label: 'Full name', autoComplete: 'name', wide: true },
  { name: 'line1', label: 'Address', autoComplete: 'address-line1', wide: true },
  { name: 'line2', label: 'Apartment, suite (optional)', autoComplete: 'address-line2', wide: true },
  { name: 'city', label: 'City', autoComplete: 'address-level2' },
  { name: 'postalCode', label: 'Postal code', autoComplete: 'postal-code' },
  { name: 'country', label: 'Country code', autoComplete: 'country', hint: 'Two letters, e.g. US, GB, DE' },
  { name: 'phone', label: 'Phone', autoComplete: 'tel', type: 'tel' },
];
/** The names an API refusal may give the address's fields. */
const ADDRESS_FIELDS = ADDRESS_INPUTS.map((input) => `shippingAddress.${input.name}`);

function CheckoutForm() {
  const router = useRouter();
  const user = useSession((s) => s.user);
  const [cart, setCart] = useState<Cart | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  // One key per attempt: a double click or a retry after a dropped connection re-sends the same key.
  const key = useRef(newIdempotencyKey());
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CheckoutInput>({
    resolver: zodResolver(CheckoutSchema) as never,
    defaultValues: {
      shippingAddress: { fullName: user?.fullName ?? '', line1: '', line2: '', city: '', postalCode: '', country: 'US', phone: '' },
      note: '',
    },
  });

  useEffect(() => {
    api<Cart>('/cart')
      .then(setCart)
      .catch((err) => setProblem({ kind: 'other', message: (err as Error).message }));
  }, []);

  async function placeOrder(input: CheckoutInput) {
    setProblem(null);
    try {
      const { order } = await api<{ order: Order }>('/orders', {
        method: 'POST',
        body: input,
        headers: { 'idempotency-key': key.current },
      });
      useSession.getState().setCartCount(0);
      router.push(`/account/orders/${order.id}?placed=1`);
    } catch (err) {
      if (err instanceof ApiError && err.code === ErrorCode.IdempotencyKeyInProgress) return;
      key.current = newIdempotencyKey();
      if (err instanceof ApiError && err.code === ErrorCode.OutOfStock) {
        setProblem({ kind: 'stock', items: SHORT_ITEMS.parse((err.body as { items?: unknown } | null)?.items) });
      } else if (err instanceof ApiError && err.code === ErrorCode.EmailNotVerified) {
        setProblem({ kind: 'unverified' });
      } else if (!applyFieldErrors(err, setError, ADDRESS_FIELDS)) {
        setProblem({ kind: 'other', message: (err as Error).message });
      }
    }
  }

  async function resend() {
    if (!user) return;
    try {
      await api('/auth/resend-verification', { method: 'POST', body: { email: user.email } });
      toast.success(`We sent a new verification link to ${user.email}`);
    } catch (err) {
      toast.error((err as Error).message);
    }
  }

  if (cart && cart.items.length === 0) {
    return <EmptyCart />;
  }

  const a = errors.shippingAddress;
  return (
    <form onSubmit={handleSubmit(placeOrder)} noValidate className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <fieldset className="card grid gap-4 sm:grid-cols-2">
        <legend className="px-1 text-lg font-semibold">Shipping address</legend>
        {ADDRESS_INPUTS.map(({ name, label, autoComplete, type, hint, wide }) => {
          const field = (
            <Field
              key={name}
              id={name}
              label={label}
              type={type}
              autoComplete={autoComplete}
              hint={hint}
              error={a?.[name]}
              registration={register(`shippingAddress.${name}`)}
            />
          );
          return wide ? (
            <div key={name} className="sm:col-span-2">
              {field}
            </div>
          ) : (
            field
          );
        })}
        <div className="sm:col-span-2">
          <label htmlFor="note" className="label">
            Note for the order (optional)
          </label>
          <textarea id="note" rows={2} className="input" {...register('note')} />
        </div>
      </fieldset>
      <aside className="card h-fit" aria-label="Order review">
        <h2 className="text-lg font-semibold">Your order</h2>
        {!cart ? (
          <div className="skeleton mt-3 h-24 w-full" />
        ) : (
          <>
            <ul className="mt-3 flex flex-col gap-2 text-sm">
              {cart.items.map((line) => (
                <li key={line.product.id} className="flex justify-between gap-2">
                  <span>
                    {line.quantity} × {line.product.name}
                  </span>
                  <span>{formatMoney(line.lineTotalCents, cart.currency)}</span>
                </li>
              ))}
            </ul>
            <p className="mt-3 flex justify-between border-t border-slate-200 pt-3 font-semibold">
              <span>Total</span>
              <span>{formatMoney(cart.subtotalCents, cart.currency)}</span>
            </p>
          </>
        )}
        {problem && (
          <div role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
            {problem.kind === 'stock' && (
              <>
                <p className="font-semibold">Some items are no longer available in that quantity:</p>
                <ul className="mt-1 list-disc pl-5">
                  {problem.items.map((i) => (
                    <li key={i.productId}>
                      {i.available > 0 ? `${i.name}: only ${i.available} left (you asked for ${i.requested})` : `${i.name}: sold out`}
                    </li>
                  ))}
                </ul>
                <Link href="/cart" className="mt-2 inline-block underline">
                  Update your cart
                </Link>
              </>
            )}
            {problem.kind === 'unverified' && (
              <>
                <p className="font-semibold">Please verify your e-mail address before ordering.</p>
                <p className="mt-1">Open the link we e-mailed you, then place the order again.</p>
                <button type="button" className="mt-2 underline" onClick={resend}>
                  Send the link again
                </button>
              </>
            )}
            {problem.kind === 'other' && <p>{problem.message}</p>}
          </div>
        )}
        <button type="submit" className="btn-primary mt-4 w-full" disabled={isSubmitting || !cart}>
          {isSubmitting ? 'Placing order…' : 'Place order'}
        </button>
      </aside>
    </form>
  );
}

export default function CheckoutPage() {
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">Checkout</h1>
      <RequireSession>
        <CheckoutForm />
      </RequireSession>
    </>
  );
}
