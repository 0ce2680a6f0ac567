/** A valid shipping address for a checkout whose address is not what the test is about. */
export const SHIPPING_ADDRESS = { fullName: 'Buyer', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
