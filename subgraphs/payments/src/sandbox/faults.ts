/**
 * Faults tests ask the sandbox to inject into its notifications (`POST /sandbox/faults`): each applies to the
 * notifications of one order, of one channel, or of all, for a number of sends (`times`, default 1; 0 = until
 * removed).
 *
 * (`reorder` counts each notification it holds, so its `times` defaults to its `batch`.)
 *
 * - `drop`: the send is lost (the channel's retries go on, later sends arrive unless dropped too);
 * - `duplicate`: the notification arrives `copies` extra times (default 1);
 * - `delay`: it arrives `delayMs` later;
 * - `reorder`: notifications are held until `batch` of them (default 2) are waiting, or `holdMs` passed
 *   (default 5000), then sent newest first;
 * - `badSignature`: the signature is broken (the receiver must refuse it; the next retry is signed properly);
 * - `alter`: `fields` replace the notification's own before it is signed — a validly signed notification naming
 *   another amount, order, app or merchant.
 */
import { newId, type SandboxChannel } from './store.ts';

export type FaultKind = 'drop' | 'duplicate' | 'delay' | 'reorder' | 'badSignature' | 'alter';
export const FAULT_KINDS: FaultKind[] = ['drop', 'duplicate', 'delay', 'reorder', 'badSignature', 'alter'];

export interface Fault {
  id: string;
  kind: FaultKind;
  channel?: SandboxChannel;
  orderId?: string;
  /** Sends left to affect; 0 means every send until the fault is removed. */
  times: number;
  copies?: number;
  delayMs?: number;
  batch?: number;
  holdMs?: number;
  fields?: Record<string, string>;
}

/** Reads a fault from a request body, or says what is wrong with it. */
export function readFault(body: unknown): Fault | string {
  if (!body || typeof body !== 'object') return 'the body must be a JSON object';
  const input = body as Record<string, unknown>;
  if (!FAULT_KINDS.includes(input.kind as FaultKind)) return `kind must be one of ${FAULT_KINDS.join(', ')}`;
  const count = (name: string, fallback: number | undefined, min: number) => {
    const value = input[name] ?? fallback;
    if (value === undefined) return undefined;
    if (!Number.isInteger(value) || (value as number) < min) throw new Error(`${name} must be a whole number of at least ${min}`);
    return value as number;
  };
  try {
    const batch = count('batch', input.kind === 'reorder' ? 2 : undefined, 2);
    const fault: Fault = {
      id: newId(),
      kind: input.kind as FaultKind,
      channel: input.channel === undefined ? undefined : (String(input.channel) as SandboxChannel),
      orderId: input.orderId === undefined ? undefined : String(input.orderId),
      times: count('times', batch ?? 1, 0)!,
      copies: count('copies', input.kind === 'duplicate' ? 1 : undefined, 1),
      delayMs: count('delayMs', input.kind === 'delay' ? 1000 : undefined, 0),
      batch,
      holdMs: count('holdMs', input.kind === 'reorder' ? 5000 : undefined, 0),
    };
    if (input.kind === 'alter') {
      const fields = input.fields;
      if (!fields || typeof fields !== 'object' || Object.values(fields).some((value) => typeof value !== 'string')) return 'alter needs fields: an object of strings';
      fault.fields = fields as Record<string, string>;
    }
    return fault;
  } catch (error) {
    return (error as Error).message;
  }
}

export class FaultBook {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  list(): Fault[] {
    return [...this.faults];
  }

  remove(id?: string): void {
    this.faults = id ? this.faults.filter((fault) => fault.id !== id) : [];
  }

  /** The faults that apply to one send of a notification, each spending one of its uses. */
  take(channel: SandboxChannel, orderId: string): Fault[] {
    const applied = this.faults.filter((fault) => (!fault.channel || fault.channel === channel) && (!fault.orderId || fault.orderId === orderId));
    for (const fault of applied) {
      if (fault.times > 0 && --fault.times === 0) this.remove(fault.id);
    }
    return applied;
  }
}
