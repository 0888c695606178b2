import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property, type EntityManager } from '@mikro-orm/core';
import type { Caller } from './identity.ts';

/** One staff (or system) action, kept in the database of the subgraph where it happened. Never updated. */
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['subjectType', 'subjectId'] })
export class AuditEntry {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'datetime' })
  @Index()
  at: Date = new Date();

  /** `staff:<id>`, `partner:<id>`, `candidate:<id>`, `service:<name>` or `cli:<os user>`. */
  @Property({ type: 'string', length: 120 })
  actor: string;

  /** What was done, as `<area>.<verb>`, e.g. `roster.import`, `staff.create`. */
  @Property({ type: 'string', length: 80 })
  action: string;

  @Property({ type: 'string', length: 60 })
  subjectType: string;

  @Property({ type: 'string', length: 120, nullable: true })
  subjectId?: string;

  @Property({ type: 'json', nullable: true })
  details?: Record<string, unknown>;

  @Property({ type: 'string', length: 64, nullable: true })
  clientIp?: string;

  @Property({ type: 'string', length: 64, nullable: true })
  requestId?: string;
}

export function actorOf(caller: Caller | { cli: string }): string {
  if ('cli' in caller) return `cli:${caller.cli}`;
  const p = caller.principal;
  switch (p.kind) {
    case 'staff':
      return `staff:${p.staffId}`;
    case 'partner':
      return `partner:${p.keyId}`;
    case 'candidate':
      return `candidate:${p.accountId}`;
    case 'service':
      return `service:${p.name}`;
    default:
      return 'anonymous';
  }
}

/** The staff member an actor string (see `actorOf`) names, if it names one; `files`, `cli:…` and others name none. */
export function staffIdOfActor(actor: string): string | undefined {
  return /^staff:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(actor)?.[1];
}

/** Adds an audit entry to the unit of work; it is written in the same transaction as the action it records. */
export function recordAudit(
  em: EntityManager,
  by: Caller | { cli: string },
  action: string,
  subject: { type: string; id?: string },
  details?: Record<string, unknown>,
): AuditEntry {
  const entry = em.create(AuditEntry, {
    actor: actorOf(by),
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    details,
    clientIp: 'clientIp' in by ? by.clientIp : undefined,
    requestId: 'requestId' in by ? by.requestId : undefined,
    at: new Date(),
  });
  em.persist(entry);
  return entry;
}
