import type { TestPlatform } from '../support/platform.ts';
import { bearer } from './flows.ts';

/** What the registration tests read of a registration, as a client would ask for it. */
export const REGISTRATION = `id status version nextStep examSessionId ruleSetHash collegeCode examCity candidateType submittedAt
  next { code title number }
  steps { code title number status completedByUpload blockedBy { code message field }
    asks { code label type required readOnly prefilled locked value default options { code name } }
    text { code countdownSeconds shownAt unlocksAt } label window { window name open state message } completedAt }
  fields { code label step value display locked lockReason changeable { route phase decidedBy window { name open } } }
  decisions { decision outcome facts ruleSetHash step change }
  payment { required totalFen readyToPay notReadyBecause { code message } channel { code name } paid paidFen lines { code name amountFen } pledge { title acknowledgedAt } }
  review { status reason stage { index role title routeValue } history { stage role outcome reason } outcomes { outcome label reasonRequired } }`;

export const PAYLOAD = `ok error { code message field } errors { code message field } registration { ${REGISTRATION} }`;

export interface Step {
  code: string;
  title: string;
  number: string | null;
  status: string;
  completedByUpload: boolean;
  blockedBy: { code: string; message: string; field: string | null } | null;
  asks: { code: string; label: string; type: string; required: boolean; readOnly: boolean; prefilled: boolean; locked: boolean; value: unknown; default: unknown; options: { code: string; name: string }[] | null }[];
  text: { code: string; countdownSeconds: number; shownAt: string | null; unlocksAt: string | null } | null;
  label: string | null;
  window: { window: string; name: string; open: boolean; state: string; message: string } | null;
  completedAt: string | null;
}

export interface RegistrationView {
  id: string;
  status: string;
  version: number;
  nextStep: string | null;
  examSessionId: string;
  ruleSetHash: string;
  collegeCode: string | null;
  examCity: string | null;
  candidateType: string | null;
  submittedAt: string | null;
  next: { code: string; title: string; number: string | null } | null;
  steps: Step[];
  fields: { code: string; label: string; step: string; value: unknown; display: string | null; locked: boolean; lockReason: string | null; changeable: { route: string; phase: string; decidedBy: string | null; window: { name: string; open: boolean } } | null }[];
  decisions: { decision: string; outcome: Record<string, unknown>; facts: Record<string, unknown>; ruleSetHash: string; step: string | null; change: string | null }[];
  payment: {
    required: boolean;
    totalFen: number;
    readyToPay: boolean;
    notReadyBecause: { code: string; message: string } | null;
    channel: { code: string; name: string } | null;
    paid: boolean;
    paidFen: number | null;
    lines: { code: string; name: string; amountFen: number }[];
    pledge: { title: string; acknowledgedAt: string | null } | null;
  } | null;
  review: {
    status: string | null;
    reason: string | null;
    stage: { index: number; role: string; title: string; routeValue: string | null } | null;
    history: { stage: number; role: string | null; outcome: string; reason: string | null }[];
    outcomes: { outcome: string; label: string; reasonRequired: boolean }[];
  } | null;
}

export interface Outcome {
  ok: boolean;
  error: { code: string; message: string; field: string | null } | null;
  errors: { code: string; message: string; field: string | null }[];
  registration: RegistrationView | null;
}

async function mutate(p: TestPlatform, token: string, name: string, document: string, variables: Record<string, unknown>): Promise<Outcome> {
  const r = await p.graphql<Record<string, Outcome>>(document, variables, bearer(token));
  if (!r.data?.[name]) throw new Error(`${name}: ${JSON.stringify(r.errors)}`);
  return r.data[name];
}

export function startRegistration(p: TestPlatform, token: string, examSessionId?: string): Promise<Outcome> {
  return mutate(p, token, 'startRegistration', `mutation($s: ID) { startRegistration(examSessionId: $s) { ${PAYLOAD} } }`, { s: examSessionId });
}

export function showStep(p: TestPlatform, token: string, registrationId: string, step: string): Promise<Outcome> {
  return mutate(p, token, 'showRegistrationStep', `mutation($id: ID!, $step: String!) { showRegistrationStep(registrationId: $id, step: $step) { ${PAYLOAD} } }`, { id: registrationId, step });
}

export function completeStep(p: TestPlatform, token: string, registrationId: string, step: string, values: Record<string, unknown>, version?: number): Promise<Outcome> {
  return mutate(p, token, 'completeRegistrationStep', `mutation($input: CompleteRegistrationStepInput!) { completeRegistrationStep(input: $input) { ${PAYLOAD} } }`, { input: { registrationId, step, values, version } });
}

export function acknowledgePledge(p: TestPlatform, token: string, registrationId: string): Promise<Outcome> {
  return mutate(p, token, 'acknowledgeIntegrityPledge', `mutation($id: ID!) { acknowledgeIntegrityPledge(registrationId: $id) { ${PAYLOAD} } }`, { id: registrationId });
}

export async function requestChanges(p: TestPlatform, token: string, registrationId: string, changes: { field: string; value: unknown }[], version?: number) {
  const r = await p.graphql<{ requestRegistrationChanges: Outcome & { changeRequests: { id: string; field: string; status: string; route: string; decidedBy: string | null; oldValue: unknown; newValue: unknown }[] } }>(
    `mutation($input: RequestRegistrationChangesInput!) { requestRegistrationChanges(input: $input) { ${PAYLOAD} changeRequests { id field status route decidedBy oldValue newValue } } }`,
    { input: { registrationId, changes, version } },
    bearer(token),
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.requestRegistrationChanges;
}

export function reviewRegistration(p: TestPlatform, token: string, registrationId: string, outcome: string, reason?: string, version?: number): Promise<Outcome> {
  return mutate(p, token, 'reviewRegistration', `mutation($input: ReviewRegistrationInput!) { reviewRegistration(input: $input) { ${PAYLOAD} } }`, { input: { registrationId, outcome, reason, version } });
}

export async function decideChangeRequest(p: TestPlatform, token: string, changeRequestId: string, approve: boolean, reason?: string) {
  const r = await p.graphql<{ decideChangeRequest: Outcome & { changeRequest: { id: string; status: string; reason: string | null } | null } }>(
    `mutation($input: DecideChangeRequestInput!) { decideChangeRequest(input: $input) { ${PAYLOAD} changeRequest { id status reason } } }`,
    { input: { changeRequestId, approve, reason } },
    bearer(token),
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.decideChangeRequest;
}

export async function myRegistration(p: TestPlatform, token: string): Promise<RegistrationView | null> {
  const r = await p.graphql<{ myRegistration: RegistrationView | null }>(`{ myRegistration { ${REGISTRATION} } }`, {}, bearer(token));
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.myRegistration;
}

/** The upload service's hand-over: files accepted for a step. */
export function handOverFiles(p: TestPlatform, registrationId: string, step: string, files: Record<string, unknown>) {
  return p.internal<{ completed?: boolean; missing?: string[]; status?: string; error?: { code: string; message: string; field?: string } }>('exams', `/internal/registrations/${registrationId}/files`, { step, files }, 'uploads');
}

/** The payments subgraph's hand-over: the registration is marked paid. */
export function markPaid(p: TestPlatform, registrationId: string, amountFen: number) {
  return p.internal<{ completed?: boolean; status?: string; error?: { code: string; message: string } }>('exams', `/internal/registrations/${registrationId}/payment`, { amountFen }, 'payments');
}

export function step(registration: RegistrationView | null, code: string): Step {
  const found = registration?.steps.find((s) => s.code === code);
  if (!found) throw new Error(`no step ${code} in ${JSON.stringify(registration?.steps.map((s) => s.code))}`);
  return found;
}

export function decision(registration: RegistrationView | null, name: string): Record<string, unknown> | undefined {
  return registration?.decisions.find((d) => d.decision === name)?.outcome;
}

export function must(outcome: Outcome): RegistrationView {
  if (!outcome.ok || !outcome.registration) throw new Error(`refused: ${JSON.stringify(outcome.errors.length ? outcome.errors : outcome.error)}`);
  return outcome.registration;
}

export const photo = (check = 'PASSED') => ({ fileId: `photo-${Math.random().toString(36).slice(2)}`, format: 'jpg', bytes: 300_000, check });
export const file = (format = 'jpg') => ({ fileId: `file-${Math.random().toString(36).slice(2)}`, format, bytes: 500_000 });

/** Waits until `probe` answers something truthy (an SMS delivered through the outbox), for at most `ms`. */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('not within the time allowed');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
