import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientKey } from '../../src/lib/client-address.js';

describe('the key a client is counted under', () => {
  it('then an IPv4 address is itself, however it arrives, and an IPv6 address is its /64', () => {
    assert.equal(clientKey('203.0.113.9'), '203.0.113.9');
    assert.equal(clientKey('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(clientKey('2001:db8:1:2::5'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
    assert.equal(clientKey('not an address'), 'not an address');
  });
});
