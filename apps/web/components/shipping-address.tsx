import type { Order } from '@emporium/contracts';

export function ShippingAddress({ address: a }: { address: Order['shippingAddress'] }) {
  return (
    <address className="mt-1 not-italic">
      {a.fullName}
      <br />
      {a.line1}
      {a.line2 && (
        <>
          <br />
          {a.line2}
        </>
      )}
      <br />
      {a.postalCode} {a.city}, {a.country}
      <br />
      {a.phone}
    </address>
  );
}
