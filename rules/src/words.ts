/** How policy staff name the standard facts and where their codes are listed: shared by the checks and explain. */
import type { RuleSet } from './types.ts';

/** The standard facts (docs/rules.md) as policy staff name them. */
export const FACT_NAMES: Record<string, string> = {
  candidateType: '考生类型',
  exempt: '是否免试',
  track: '名单类别',
  exemptionClaimed: '是否申请免试',
  examCity: '报考城市',
  subjectGroup: '科目组',
  subjects: '考试科目',
  dualApplication: '是否兼报',
  appliedForRetiredSoldierExemption: '是否已申请退役大学生士兵免试',
};

type Coded = { code: string; name: string };

/** The list a fact's values are codes of, and where that list is (undefined where the rule set has none). */
export const FACT_LISTS: Record<string, { where: string; list: (set: Pick<RuleSet, 'parameters' | 'roster'>) => Coded[] | undefined }> = {
  examCity: { where: 'parameters.json 的 examCities', list: (s) => s.parameters.examCities?.items },
  candidateType: { where: 'parameters.json 的 candidateTypes', list: (s) => s.parameters.candidateTypes.items },
  subjectGroup: { where: 'parameters.json 的 subjectGroups', list: (s) => s.parameters.subjectGroups?.items },
  subjects: { where: 'parameters.json 的 subjects', list: (s) => s.parameters.subjects?.items },
  track: { where: 'roster.json 的 tracks', list: (s) => s.roster?.tracks },
};
