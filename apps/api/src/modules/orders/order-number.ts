import { randomInt } from 'node:crypto';

// Crockford's base32 without I, L, O, U: easy to read aloud and type.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `EM-7K3Q-9ZXD`: 40 random bits, so a neighbour's number says nothing about yours. */
export function newOrderNumber(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `EM-${s.slice(0, 4)}-${s.slice(4)}`;
}
