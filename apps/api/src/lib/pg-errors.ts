/** Walks an error and its causes (drivers and Drizzle wrap them) for PostgreSQL's fields. */
function findPgError(err: unknown): { code?: string; constraint?: string } | undefined {
  let current: unknown = err;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if ('code' in current && typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code)) {
      return current as { code: string; constraint?: string };
    }
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

/** The name of the unique constraint a statement violated, if that is why it failed. */
export function violatedUniqueConstraint(err: unknown): string | undefined {
  const pg = findPgError(err);
  return pg?.code === '23505' ? (pg.constraint ?? '') : undefined;
}

/** The name of the check constraint (or trigger check) a statement violated, if that is why it failed. */
export function violatedCheckConstraint(err: unknown): string | undefined {
  const pg = findPgError(err);
  return pg?.code === '23514' ? (pg.constraint ?? '') : undefined;
}

/** True when a delete failed because other rows still refer to the row. */
export function isStillReferenced(err: unknown): boolean {
  const code = findPgError(err)?.code;
  // foreign_key_violation, and restrict_violation (what PostgreSQL 18 reports for ON DELETE RESTRICT).
  return code === '23503' || code === '23001';
}

/**
 * True when PostgreSQL gave up on a statement: it ran past `statement_timeout` or waited past
 * `lock_timeout`, or was cancelled. Worth a retry later, so a 503 rather than a 500.
 */
export function isStatementTimeout(err: unknown): boolean {
  const code = findPgError(err)?.code;
  // query_canceled, lock_not_available
  return code === '57014' || code === '55P03';
}
