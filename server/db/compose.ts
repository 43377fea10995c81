/**
 * One statement written by several capabilities: a write that must happen together (a claim, its inbox entry,
 * its queued message, its audit rows) goes to the database as one data-modifying WITH, one round trip and one
 * implicit transaction, while each capability still writes the SQL for its own tables. Each part adds its
 * values here and gets back the placeholder ($n) to put in its text.
 */
export class SqlParams {
  readonly values: unknown[] = []

  /** The placeholder for `value`, with an optional cast (e.g. `text[]`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value === undefined ? null : value)
    return `$${this.values.length}${cast ? `::${cast}` : ''}`
  }
}

/** A named part of a composed statement: `name AS (sql)`. */
export interface StatementPart {
  name: string
  sql: string
  materialized?: boolean
}

export const withParts = (parts: StatementPart[]) => `WITH ${parts.map((p) => `${p.name} AS ${p.materialized ? 'MATERIALIZED ' : ''}(${p.sql})`).join(',\n  ')}`
