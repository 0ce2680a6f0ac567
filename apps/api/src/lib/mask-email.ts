import { createHash } from 'node:crypto';

/**
 * An e-mail address as logs may carry it: `a…@example.com#3f9c2a71`. The first letter and the
 * domain help a reader; the digest lets repeated attempts on one account be grouped (and an
 * address the reader already knows be confirmed) without the log spelling any address out.
 */
export function maskEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  const at = normalized.lastIndexOf('@');
  const local = at > 0 ? normalized.slice(0, at) : normalized;
  const domain = at > 0 ? normalized.slice(at + 1) : '';
  const digest = createHash('sha256').update(normalized).digest('hex').slice(0, 8);
  return `${local.slice(0, 1)}…@${domain}#${digest}`;
}
