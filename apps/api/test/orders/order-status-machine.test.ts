import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { movesFor, ORDER_STATUS_MACHINE, type OrderStatus, OrderStatusSchema } from '@emporium/contracts';

const statuses = OrderStatusSchema.options;

describe('the order status machine', () => {
  it('then every status can be reached from pending, and cancelled and refunded are final', () => {
    const reached: OrderStatus[] = ['pending'];
    for (const from of reached) {
      for (const to of movesFor(from, 'admin')) if (!reached.includes(to)) reached.push(to);
    }
    assert.deepEqual([...reached].sort(), [...statuses].sort());
    assert.deepEqual(movesFor('cancelled', 'admin'), []);
    assert.deepEqual(movesFor('refunded', 'admin'), []);
  });

  it('then a customer may only cancel, only before processing, and never what an admin could not', () => {
    for (const from of statuses) {
      const owner = movesFor(from, 'owner');
      for (const to of owner) assert.ok(movesFor(from, 'admin').includes(to), `${from} → ${to}`);
      assert.deepEqual(owner, from === 'pending' || from === 'paid' ? ['cancelled'] : []);
    }
  });

  it('then no status leads back to itself, and only a cancellation puts stock back', () => {
    for (const from of statuses) assert.ok(!movesFor(from, 'admin').includes(from), from);
    assert.deepEqual(
      statuses.filter((s) => ORDER_STATUS_MACHINE[s].onEnter.restocks),
      ['cancelled'],
    );
  });
});
