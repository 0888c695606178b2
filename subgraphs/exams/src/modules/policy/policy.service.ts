import { GraphQLError } from 'graphql';
import { InvalidFactsError, PROVINCES, type Decision, type DecisionName, type RuleCatalog, type RuleSet } from '@zsb/rules';
import type { Caller } from '@zsb/platform';
import type { RegistrationRules } from './registration-rules.type.ts';

function badInput(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** Province rules for the API: the rule set in force for the caller's province, its screens and its decisions. */
export class PolicyService {
  constructor(
    private readonly rules: RuleCatalog,
    private readonly caller: Caller,
  ) {}

  /** The rule set in force for the province asked, or for the signed-in candidate's province. */
  ruleSet(province: string | undefined): RuleSet {
    const principal = this.caller.principal;
    const code = province ?? (principal.kind === 'candidate' ? principal.province : undefined);
    if (!code) throw badInput('PROVINCE_REQUIRED', '请指定省份（province）');
    const set = this.rules.current(code);
    if (!set) throw badInput('PROVINCE_UNKNOWN', '该省份暂未开放报名');
    return set;
  }

  async decide(province: string | undefined, decision: DecisionName, facts: Record<string, unknown>): Promise<Decision> {
    const set = this.ruleSet(province);
    try {
      return await this.rules.engine(set).decide(decision, facts);
    } catch (error) {
      if (error instanceof InvalidFactsError) throw badInput('FACTS_INVALID', `提交的信息不符合要求：${error.message}`);
      throw error;
    }
  }

  registrationRules(province: string | undefined): RegistrationRules {
    const set = this.ruleSet(province);
    const { parameters: p, materials, form, flow, texts, manifest } = set;
    const cite = (reference: { document: string; section?: string; choice?: string }) => ({ ...reference, title: manifest.references[reference.document]?.title });
    const subjectName = (code: string) => p.subjects?.items.find((s) => s.code === code)?.name ?? code;
    const optionsFrom: Record<string, { code: string; name: string }[]> = {
      examCities: p.examCities?.items ?? [],
      candidateTypes: p.candidateTypes.items,
      subjectGroups: (p.subjectGroups?.items ?? []).map((g) => ({ code: g.code, name: g.name })),
      colleges: (p.colleges?.items ?? []).map((c) => ({ code: c.code, name: c.name })),
      provinces: [...PROVINCES],
      idTypes: set.accounts.idTypes.map((t) => ({ code: t.code, name: t.name })),
      // Those of the province the candidate chooses: the registration's step gives them once it is chosen.
      prefectures: [],
    };
    const citeIf = (reference?: { document: string; section?: string; choice?: string }) => (reference ? cite(reference) : undefined);
    let number = 0;
    return {
      province: manifest.province,
      examYear: manifest.examYear,
      title: manifest.title,
      ruleSetHash: set.contentHash,
      steps: flow.steps.map((step, i) => ({
        position: i + 1,
        number: step.numbered === false ? undefined : ++number,
        code: step.code,
        title: step.title,
        description: step.description,
        locks: step.locks ?? [],
        reference: citeIf(step.reference),
      })),
      formFields: form.fields.map((f) => ({
        code: f.code,
        label: f.label,
        type: f.type,
        required: f.required,
        options: f.options ?? (f.optionsFrom ? optionsFrom[f.optionsFrom] : []),
        pattern: f.validation?.pattern,
        minLength: f.validation?.minLength,
        maxLength: f.validation?.maxLength,
        validationMessage: f.validation?.message,
        readOnly: f.readOnly ?? false,
        prefill: f.prefill,
        locksAt: f.locksAt,
        changeableAfterCompletion: (flow.changes ?? []).some((c) => c.phase === 'AFTER_COMPLETION' && c.fields.includes(f.code)),
        hint: f.hint,
        reference: citeIf(f.reference),
      })),
      materials: materials.materials.map((m) => ({ ...m, unedited: m.unedited ?? false, reference: citeIf(m.reference) })),
      photo: { ...materials.photo, idCardFront: materials.photo.idCardFront ?? false, identityComparison: materials.photo.identityComparison ?? false, formats: materials.photo.formats ?? [], reference: citeIf(materials.photo.reference) },
      texts: texts.texts.map((t) => ({ ...t, countdownSeconds: t.countdownSeconds ?? 0, downloadable: t.downloadable ?? false, reference: cite(t.reference) })),
      candidateTypes: p.candidateTypes.items,
      examCities: p.examCities?.items ?? [],
      colleges: optionsFrom.colleges,
      subjectGroups: (p.subjectGroups?.items ?? []).map((g) => ({ code: g.code, name: g.name, subjects: g.subjects.map((code) => ({ code, name: subjectName(code) })), majorScope: g.majorScope })),
      feeItems: p.feeItems.items,
      paymentChannels: p.paymentChannels.items,
      // Unset means the policy does not say: never presented as a promise of a refund.
      refundAfterPayment: p.paymentChannels.refundAfterPayment,
      paymentNotices: p.paymentChannels.notices ?? [],
      windows: Object.entries(p.windows).map(([name, w]) => ({ name, from: w.from, until: w.until, dailyFrom: w.dailyHours?.from, dailyUntil: w.dailyHours?.until, reference: cite(w.reference) })),
    };
  }
}
