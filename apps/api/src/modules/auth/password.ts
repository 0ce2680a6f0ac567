import { availableParallelism } from 'node:os';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { compare as bcryptCompare } from '@node-rs/bcrypt';
import pLimit from 'p-limit';

/**
 * argon2id with the lowest-memory of OWASP's five equivalent profiles (7 MiB, 5 passes,
 * parallelism 1; OWASP rates all five "an equal level of defense", trading memory for CPU).
 * The default profile (19 MiB, 2 passes) did not fit the CPU cache of a small server: with two
 * hashes running on two cores, 7 MiB verified 120–149 passwords/s against 90–95 for 19 MiB,
 * and a login load peaked 25 MB lower (measured in the benchmark data set). The algorithm is
 * the library's default, argon2id (its const enum cannot be imported under isolated modules).
 */
export const ARGON2_PARAMETERS = { memoryCost: 7168, timeCost: 5, parallelism: 1 } as const;
const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2_PARAMETERS.memoryCost},t=${ARGON2_PARAMETERS.timeCost},p=${ARGON2_PARAMETERS.parallelism}$`;

/**
 * Hashes run one per core at most: libuv's four threads would run four at once on a two-core
 * machine, no faster, but with twice the memory in use.
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

export function hashPassword(password: string): Promise<string> {
  return hashing(() => argon2Hash(password, ARGON2_PARAMETERS));
}

const BCRYPT_PREFIX = /^\$2[aby]\$/;

function isBcrypt(storedHash: string): boolean {
  return BCRYPT_PREFIX.test(storedHash);
}

/**
 * True when the stored hash should be replaced after a successful login: an imported bcrypt
 * hash, or argon2 with other parameters than today's (stronger or weaker), so a change of
 * parameters reaches every account that signs in.
 */
export function needsRehash(storedHash: string): boolean {
  return !storedHash.startsWith(CURRENT_PREFIX);
}

/** Verifies argon2id hashes and imported legacy bcrypt (`$2a$`/`$2b$`) hashes. Never throws. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    if (isBcrypt(storedHash)) return await hashing(() => bcryptCompare(password, storedHash));
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
