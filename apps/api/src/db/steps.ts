import { type SQL, sql } from 'drizzle-orm';

/**
 * One step of a statement built from named parts: `name as (body)`. Later steps and the final
 * select read a step by its name (`step.ref`), as a table.
 */
export interface Step {
  name: string;
  body: SQL;
  /** Computed once, before the steps that read it: needed when its rows are locked. */
  materialized?: boolean;
}

/** How a step is read from another: its name, quoted. */
export function ref(name: string): SQL {
  return sql`${sql.identifier(name)}`;
}

/**
 * `with <step>, <step>, … <result>`: several modules' parts of one statement, in the order they
 * read. PostgreSQL runs data-modifying steps even when nothing reads them, all on one snapshot,
 * and the whole statement is one transaction: it is written entirely or not at all.
 */
export function withSteps(steps: Step[], result: SQL): SQL {
  const parts = steps.map(
    ({ name, body, materialized }) => sql`${ref(name)} as ${materialized ? sql.raw('materialized ') : sql.empty()}(${body})`,
  );
  return sql`with ${sql.join(parts, sql`, `)} ${result}`;
}
