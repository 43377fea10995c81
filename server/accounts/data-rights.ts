/**
 * The worker's data rights across capabilities, without accounts reading other capabilities' tables:
 * - erasure: each capability registers what it removes when consent is withdrawn or the account deleted;
 *   the hooks run inside the account change's transaction (stored objects after commit);
 * - export: each capability registers the part of 「下载我的数据」 it owns;
 * - identity change: what each capability must redo when the real name or ID number changes.
 * Registries are per database (several apps in one test process must not share hooks).
 */
import type { DataExport } from '../../src/contract'
import type { ErasureReason } from '../../src/domain/personal-data'
import type { Queryable } from '../db'
import type { AuthUser } from './auth'
import { audit } from '../platform'

export type { ErasureReason }

export interface ErasureResult {
  /** plain summary for the audit trail, never personal data: "3 certificates, 4 files" */
  summary: string
  /** work that must wait for the commit (deleting stored objects) */
  afterCommit?: () => Promise<void>
}
export type ErasureHook = (tx: Queryable, userId: string, reason: ErasureReason) => Promise<ErasureResult>

export type ExportSection = (tx: Queryable, user: AuthUser) => Promise<Partial<DataExport>>

export type IdentityChangeHook = (tx: Queryable, userId: string) => Promise<string | null>

interface Registry {
  erasure: Array<{ name: string; fn: ErasureHook }>
  exports: Array<{ name: string; fn: ExportSection }>
  identity: Array<{ name: string; fn: IdentityChangeHook }>
}
const registries = new WeakMap<Queryable, Registry>()

function registryOf(db: Queryable): Registry {
  let r = registries.get(db)
  if (!r) registries.set(db, (r = { erasure: [], exports: [], identity: [] }))
  return r
}

function put<T extends { name: string }>(list: T[], entry: T): void {
  // registering twice (a second buildApp on the same db) replaces, never doubles
  const i = list.findIndex((e) => e.name === entry.name)
  if (i >= 0) list[i] = entry
  else list.push(entry)
}

export function registerErasure(db: Queryable, name: string, fn: ErasureHook): void {
  put(registryOf(db).erasure, { name, fn })
}
export function registerExport(db: Queryable, name: string, fn: ExportSection): void {
  put(registryOf(db).exports, { name, fn })
}
export function registerIdentityChange(db: Queryable, name: string, fn: IdentityChangeHook): void {
  put(registryOf(db).identity, { name, fn })
}

/** Runs every capability's erasure in `tx`, audits each, and returns the after-commit work. */
export async function runErasure(db: Queryable, tx: Queryable, userId: string, reason: ErasureReason): Promise<() => Promise<void>> {
  const after: Array<() => Promise<void>> = []
  for (const { name, fn } of registryOf(db).erasure) {
    const res = await fn(tx, userId, reason)
    await audit(tx, { actor: userId, action: 'user.erase', objectType: 'user', objectId: userId, reason: `${reason} · ${name}: ${res.summary}` })
    if (res.afterCommit) after.push(res.afterCommit)
  }
  return async () => {
    // a failed object delete must not undo the committed erasure; the rows are gone, the object is unreachable
    for (const fn of after) await fn().catch(() => undefined)
  }
}

export async function collectExport(db: Queryable, tx: Queryable, user: AuthUser): Promise<Partial<DataExport>> {
  let out: Partial<DataExport> = {}
  for (const { fn } of registryOf(db).exports) out = { ...out, ...(await fn(tx, user)) }
  return out
}

export async function runIdentityChange(db: Queryable, tx: Queryable, userId: string): Promise<string[]> {
  const notes: string[] = []
  for (const { name, fn } of registryOf(db).identity) {
    const note = await fn(tx, userId)
    if (note) notes.push(`${name}: ${note}`)
  }
  return notes
}
