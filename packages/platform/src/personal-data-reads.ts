import type { ApolloServerPlugin } from '@apollo/server';
import type { MiddlewareFn } from 'type-graphql';
import { recordAudit } from './audit.ts';
import type { BaseContext } from './context.ts';
import { INTERNAL_ERROR_MESSAGE } from './errors.ts';
import type { Principal } from './identity.ts';
import type { Logger } from './logger.ts';

/** The personal data a GraphQL field may return. */
export type PersonalDataKind = 'idNumber' | 'phone' | 'name';

/** `3701**********1015`: the area and the last digits, enough to tell records apart, not to reuse the number. */
export function maskIdNumber(value: string): string {
  const shown = value.length >= 15 ? 4 : value.length >= 8 ? 2 : 1;
  if (value.length <= shown * 2) return '*'.repeat(value.length);
  return `${value.slice(0, shown)}${'*'.repeat(value.length - shown * 2)}${value.slice(-shown)}`;
}

/** `131****5678`: enough for the owner to recognise, not enough to reuse. */
export function maskPhone(value: string): string {
  if (value.length < 8) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** `张*`, `王*明`, `欧**娜`: the first and last characters stay, as Chinese forms mask names. */
export function maskName(value: string): string {
  const chars = [...value];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

const MASKS: Record<PersonalDataKind, (value: string) => string> = { idNumber: maskIdNumber, phone: maskPhone, name: maskName };

/** The partner scope that reveals whole ID numbers, phones and names of an area (`roster`, `accounts`). */
export const identityScope = (area: string) => `${area}.read.identity`;

/** Whether a caller sees whole values of an area: everyone except partners without the area's identity scope. */
export function seesWholeIdentity(principal: Principal, area: string): boolean {
  return principal.kind !== 'partner' || principal.scopes.includes(identityScope(area));
}

/** What personal data one request returned, gathered field by field for one audit entry per request. */
export class PersonalDataReads {
  private readonly byType = new Map<string, { records: Set<string>; fields: Set<PersonalDataKind> }>();
  private masked = false;
  private whole = false;

  note(typeName: string, recordId: string, field: PersonalDataKind, masked: boolean): void {
    let seen = this.byType.get(typeName);
    if (!seen) this.byType.set(typeName, (seen = { records: new Set(), fields: new Set() }));
    seen.records.add(recordId);
    seen.fields.add(field);
    if (masked) this.masked = true;
    else this.whole = true;
  }

  get empty(): boolean {
    return this.byType.size === 0;
  }

  /** The audit entry's subject (the types read) and details: records and fields per type, and whether masked. */
  summary(): { subjectType: string; details: Record<string, unknown> } {
    const types = [...this.byType.keys()].sort();
    return {
      subjectType: types.join(',').slice(0, 60),
      details: {
        records: Object.fromEntries(types.map((t) => [t, this.byType.get(t)!.records.size])),
        fields: Object.fromEntries(types.map((t) => [t, [...this.byType.get(t)!.fields].sort()])),
        shown: this.masked && this.whole ? 'masked and whole' : this.masked ? 'masked' : 'whole',
      },
    };
  }
}

/**
 * Field middleware of a personal-data field: a partner without `<area>.read.identity` receives the value masked,
 * and a read by staff or a partner is noted for the request's audit entry. Candidates see their own data whole.
 */
export function PersonalField(kind: PersonalDataKind, area: string): MiddlewareFn<BaseContext> {
  return async ({ root, context, info }, next) => {
    const value: unknown = await next();
    const { principal } = context.caller;
    if (typeof value !== 'string' || (principal.kind !== 'staff' && principal.kind !== 'partner')) return value;
    const whole = seesWholeIdentity(principal, area);
    context.personalDataReads.note(info.parentType.name, String((root as { id?: unknown }).id ?? ''), kind, !whole);
    return whole ? value : MASKS[kind](value);
  };
}

/**
 * Writes one `personal-data.read` audit entry for each request whose answer carries personal data, before the answer
 * leaves. If the entry cannot be written the data is withheld: no unaudited read.
 */
export function personalDataAuditPlugin<C extends BaseContext>(log: Logger): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, operationName }) {
          const reads = contextValue.personalDataReads;
          if (!reads || reads.empty) return;
          const { subjectType, details } = reads.summary();
          try {
            const em = contextValue.em.fork();
            recordAudit(em, contextValue.caller, 'personal-data.read', { type: subjectType }, { ...details, operation: operationName ?? undefined });
            await em.flush();
          } catch (error) {
            log.error('a read of personal data could not be audited; the answer was withheld', { error, requestId: contextValue.caller.requestId });
            if (response.body.kind === 'single') {
              response.body.singleResult = { errors: [{ message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
            }
          }
        },
      };
    },
  };
}
