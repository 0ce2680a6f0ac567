import Link from 'next/link';

/** What the cart and the checkout show when there is nothing to buy. */
export function EmptyCart() {
  return (
    <div className="card text-center">
      <p className="font-medium">Your cart is empty.</p>
      <Link href="/products" className="btn-primary mt-4">
        Start shopping
      </Link>
    </div>
  );
}
