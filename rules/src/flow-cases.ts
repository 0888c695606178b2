import { matchesExpectation, type DecisionEngine } from './engine.ts';
import { applyChange, applyReview, applyStep, flowEngine, markShown, planRegistration, type FlowError, type FlowResult, type RegistrationPlan, type RegistrationState } from './flow.ts';
import { canonicalJson } from './load.ts';
import type { FlowCase, FlowCaseAction, FlowCaseGiven, RuleSet, StepCode } from './types.ts';

export interface FlowCaseResult {
  name: string;
  passed: boolean;
  /** What did not go as the case says, one line each. */
  failures: string[];
}

/** A case's starting point over the flow's defaults: prefill, facts and values merged key by key (null removes a key). */
function merged(defaults: FlowCaseGiven | undefined, given: FlowCaseGiven | undefined): FlowCaseGiven {
  const merge = (a?: Record<string, unknown>, b?: Record<string, unknown>) => Object.fromEntries(Object.entries({ ...a, ...b }).filter(([, v]) => v !== null));
  return {
    at: given?.at ?? defaults?.at,
    prefill: merge(defaults?.prefill, given?.prefill) as Record<string, string>,
    facts: merge(defaults?.facts, given?.facts),
    values: merge(defaults?.values, given?.values),
    completed: given?.completed ?? defaults?.completed ?? [],
  };
}

function describe(errors: FlowError[]): string {
  return errors.map((e) => `${e.code}${e.field ? `(${e.field})` : ''}: ${e.message}`).join('; ');
}

/** Completes a step the way a candidate who did it properly would have, from the case's values. */
async function completeGiven(engine: DecisionEngine, state: RegistrationState, step: StepCode, values: Record<string, unknown>, at: Date): Promise<FlowResult> {
  const rules = engine.ruleSet;
  if (step === 'QUALIFICATION_REVIEW') {
    let current = state;
    for (const stage of rules.flow.review?.stages ?? []) {
      const result = await applyReview(engine, current, { outcome: 'APPROVE', role: stage.role }, at);
      if (!result.ok) return result;
      current = result.state;
    }
    return { ok: true, state: current, decisions: [] };
  }
  const text = rules.texts.texts.find((t) => t.code === step);
  if (text) state = markShown(state, step, new Date(at.getTime() - (text.countdownSeconds ?? 0) * 1000));
  const plan = await planRegistration(engine, state, at);
  const planned = plan.steps.find((s) => s.code === step)!;
  if (step === 'PAYMENT' && planned.payment?.required) state = { ...state, payment: { status: 'PAID', amountFen: planned.payment.totalFen, paidAt: at.toISOString() } };
  const input: Record<string, unknown> = {};
  for (const field of planned.asks) {
    if (field.code === 'acknowledged' || field.code === 'confirmed') input[field.code] = true;
    else if (!field.readOnly && field.code in values) input[field.code] = values[field.code];
  }
  return applyStep(engine, state, step, input, at);
}

/** Performs one action of a case; the loader has checked that each kind of action names what it needs (a step, an outcome and role, a field). */
async function perform(engine: DecisionEngine, state: RegistrationState, action: FlowCaseAction): Promise<FlowResult> {
  const at = new Date(action.at);
  switch (action.do) {
    case 'show':
      return { ok: true, state: markShown(state, action.step!, at), decisions: [] };
    case 'complete':
      return applyStep(engine, state, action.step!, action.input ?? {}, at);
    case 'pay': {
      const plan = await planRegistration(engine, state, at);
      const payment = plan.steps.find((s) => s.code === 'PAYMENT');
      if (payment?.status !== 'CURRENT') return { ok: false, errors: [payment?.blockedBy ?? { code: 'STEP_NOT_REACHED', message: `PAYMENT is ${payment?.status ?? 'not a step'}` }] };
      const paid: RegistrationState = payment.payment?.required ? { ...state, payment: { status: 'PAID', amountFen: payment.payment.totalFen, paidAt: at.toISOString() } } : state;
      return applyStep(engine, paid, 'PAYMENT', {}, at);
    }
    case 'review':
      return applyReview(engine, state, { outcome: action.outcome!, role: action.role!, reason: action.reason }, at);
    case 'change':
      return applyChange(engine, state, { field: action.field!, value: action.value, approvedBy: action.decidedBy }, at);
  }
}

/** Compares a plan with what a case expects; returns each difference. */
function compare(plan: RegistrationPlan, expect: FlowCase['expect']): string[] {
  const failures: string[] = [];
  const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
  if (expect.status !== undefined && plan.status !== expect.status) failures.push(`status is ${plan.status}, expected ${expect.status}`);
  if (expect.next !== undefined && (plan.next?.code ?? null) !== expect.next) failures.push(`next step is ${plan.next?.code ?? 'none'}, expected ${expect.next ?? 'none'}`);
  for (const [code, wanted] of Object.entries(expect.steps ?? {})) {
    const step = plan.steps.find((s) => s.code === code);
    if (!step) {
      failures.push(`${code} is not a step of the flow`);
      continue;
    }
    if (wanted.status !== undefined && step.status !== wanted.status) failures.push(`${code} is ${step.status}${step.blockedBy ? ` (${step.blockedBy.code}: ${step.blockedBy.message})` : ''}, expected ${wanted.status}`);
    if (wanted.number !== undefined && step.number !== wanted.number) failures.push(`${code} is numbered ${step.number ?? 'none'}, expected ${wanted.number}`);
    const asks = step.asks.map((f) => f.code);
    if (wanted.asks !== undefined && !same(asks, wanted.asks)) failures.push(`${code} asks ${JSON.stringify(asks)}, expected ${JSON.stringify(wanted.asks)}`);
    if (wanted.label !== undefined && step.label !== wanted.label) failures.push(`${code} shows ${JSON.stringify(step.label ?? null)}, expected ${JSON.stringify(wanted.label)}`);
    if (wanted.blockedBy !== undefined && step.blockedBy?.code !== wanted.blockedBy) failures.push(`${code} is blocked by ${step.blockedBy?.code ?? 'nothing'}, expected ${wanted.blockedBy}`);
  }
  for (const [name, wanted] of Object.entries(expect.decisions ?? {})) {
    const taken = plan.decisions[name as keyof typeof plan.decisions];
    if (!taken) failures.push(`${name} was not taken`);
    else if (!matchesExpectation(taken.outcome, wanted)) failures.push(`${name} decided ${JSON.stringify(taken.outcome)}, expected ${JSON.stringify(wanted)}`);
  }
  const field = (code: string) => plan.fields.find((f) => f.code === code);
  for (const [code, wanted] of Object.entries(expect.options ?? {})) {
    const asked = plan.steps.flatMap((s) => s.asks).find((f) => f.code === code);
    const offered = asked?.options?.map((o) => o.code);
    if (!same(offered ?? null, wanted)) failures.push(`${code} offers ${JSON.stringify(offered ?? null)}, expected ${JSON.stringify(wanted)}`);
  }
  for (const code of expect.locked ?? []) if (!field(code)?.locked) failures.push(`${code} is ${field(code) ? 'not locked' : 'not a field asked'}, expected locked`);
  for (const code of expect.editable ?? []) if (!field(code) || field(code)!.locked) failures.push(`${code} is ${field(code) ? `locked (${field(code)!.lock!.message})` : 'not a field asked'}, expected editable`);
  for (const [code, wanted] of Object.entries(expect.changeable ?? {})) {
    if (!field(code)) {
      failures.push(`${code} is not a field asked`);
      continue;
    }
    const open = field(code)!.changeable;
    const actual = open ? { route: open.route, ...(open.decidedBy ? { decidedBy: open.decidedBy } : {}) } : null;
    if (!same(actual, wanted)) failures.push(`${code} changes by ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
  }
  for (const [code, wanted] of Object.entries(expect.display ?? {})) {
    if (field(code)?.display !== wanted) failures.push(`${code} shows ${JSON.stringify(field(code)?.display ?? null)}, expected ${JSON.stringify(wanted)}`);
  }
  return failures;
}

/** Runs one flow case: its given steps, then its actions (each refused where the case says so), then the plan. */
export async function runFlowCase(rules: RuleSet | DecisionEngine, example: FlowCase): Promise<FlowCaseResult> {
  const engine = flowEngine(rules);
  const given = merged(engine.ruleSet.flow.caseDefaults, example.given);
  const failures: string[] = [];
  let state: RegistrationState = { prefill: given.prefill, facts: given.facts };
  const givenAt = new Date(given.at ?? example.at);
  for (const step of given.completed ?? []) {
    const result = await completeGiven(engine, state, step, given.values ?? {}, givenAt);
    if (!result.ok) return { name: example.name, passed: false, failures: [`given step ${step} was refused: ${describe(result.errors)}`] };
    state = result.state;
  }
  for (const [i, action] of (example.actions ?? []).entries()) {
    const result = await perform(engine, state, action);
    const label = `action ${i + 1} (${action.do}${'step' in action ? ` ${action.step}` : ''}${'field' in action ? ` ${action.field}` : ''})`;
    if (action.refused) {
      if (result.ok) failures.push(`${label} was accepted, expected refused with ${action.refused.code}`);
      else if (!result.errors.some((e) => e.code === action.refused!.code && (action.refused!.field === undefined || e.field === action.refused!.field))) {
        failures.push(`${label} was refused with ${describe(result.errors)}, expected ${action.refused.code}${action.refused.field ? `(${action.refused.field})` : ''}`);
      }
    } else if (!result.ok) {
      failures.push(`${label} was refused: ${describe(result.errors)}`);
      break;
    } else state = result.state;
  }
  if (!failures.length) failures.push(...compare(await planRegistration(engine, state, new Date(example.at)), example.expect));
  return { name: example.name, passed: failures.length === 0, failures };
}

/** Runs every flow case of a rule set. */
export async function runFlowCases(rules: RuleSet | DecisionEngine): Promise<FlowCaseResult[]> {
  const engine = flowEngine(rules);
  const results: FlowCaseResult[] = [];
  for (const example of engine.ruleSet.flow.cases) results.push(await runFlowCase(engine, example));
  return results;
}
