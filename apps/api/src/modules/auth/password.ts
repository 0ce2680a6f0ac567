import { availableParallelism } from 'node:os';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { compare as bcryptCompare } from '@node-rs/bcrypt';
import pLimit from 'p-limit';

/**
 * Hashes run one per core at most. Each argon2id hash holds 19 MiB while it runs, and libuv's
 * four threads would run four at once on a two-core machine: no faster, but twice the memory
 * (which the allocator then keeps).
 */
const hashing = pLimit(availableParallelism());

let commonPasswords: Promise<Set<string>> | undefined;

/** The 10,000 most common passwords, loaded on the first check (the dictionary is large). */
export async function isCommonPassword(password: string): Promise<boolean> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    // The zxcvbn list is ranked by frequency: its head is the most common passwords.
    ({ dictionary }) => new Set(dictionary['passwords-common'].slice(0, 10_000).map((p) => p.toLowerCase())),
  );
  return (await commonPasswords).has(password.toLowerCase());
}

/** @node-rs/argon2's defaults are argon2id with OWASP's recommended parameters. */
export function hashPassword(password: string): Promise<string> {
  return hashing(() => argon2Hash(password));
}

const BCRYPT_PREFIX = /^\$2[aby]\$/;

/** True when the stored hash should be replaced by a fresh argon2id hash after a successful login. */
export function isLegacyHash(storedHash: string): boolean {
  return BCRYPT_PREFIX.test(storedHash);
}

/** Verifies argon2id hashes and imported legacy bcrypt (`$2a$`/`$2b$`) hashes. Never throws. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    if (isLegacyHash(storedHash)) return await hashing(() => bcryptCompare(password, storedHash));
    return await hashing(() => argon2Verify(storedHash, password));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real verification, so an unknown e-mail can't be told apart by timing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('emporium-timing-equaliser');
  await verifyPassword(await dummyHash, password);
  return false;
}
