import fs from 'node:fs';
import type { MikroORM } from '@mikro-orm/core';
import type { Logger, StaffRole } from '@zsb/platform';
import { createServices, type Dependencies } from './context.ts';

/** The sample roster shipped for demonstration: 20 Shandong candidates across three colleges. */
export const SAMPLE_ROSTER_FILE = new URL('../seeds/CN-SD-2023-roster.csv', import.meta.url).pathname;

const DEMO_STAFF: { username: string; displayName: string; role: StaffRole; province?: string; collegeCode?: string }[] = [
  { username: 'admin', displayName: '系统管理员', role: 'ADMIN' },
  { username: 'sd.policy', displayName: '山东省政策管理员', role: 'POLICY_STAFF', province: 'CN-SD' },
  { username: 'sd.province', displayName: '山东省级审核员', role: 'PROVINCE_REVIEWER', province: 'CN-SD' },
  { username: 'sd.college.10427', displayName: '济南职业学院审核员', role: 'COLLEGE_REVIEWER', province: 'CN-SD', collegeCode: '10427' },
  { username: 'nm.policy', displayName: '内蒙古自治区政策管理员', role: 'POLICY_STAFF', province: 'CN-NM' },
  { username: 'nm.province', displayName: '内蒙古自治区审核员', role: 'PROVINCE_REVIEWER', province: 'CN-NM' },
];

export interface DemoCredentials {
  username: string;
  role: StaffRole;
  province?: string;
  password: string;
}

/**
 * Demonstration data for a new development installation: the sample Shandong roster and staff accounts of each
 * role for both sample provinces. Returns the generated staff passwords, which exist nowhere else.
 */
export async function seedDemo(orm: MikroORM, deps: Dependencies, log: Logger): Promise<DemoCredentials[]> {
  const services = createServices(orm.em.fork(), { caller: { principal: { kind: 'service', name: 'seed' }, clientIp: '', requestId: 'seed' }, log }, deps);
  await services.roster.import({ province: 'CN-SD', examYear: 2023, fileName: 'CN-SD-2023-roster.csv', content: fs.readFileSync(SAMPLE_ROSTER_FILE) }, { cli: 'seed' });
  const credentials: DemoCredentials[] = [];
  for (const member of DEMO_STAFF) {
    const { password } = await createServices(orm.em.fork(), { caller: { principal: { kind: 'service', name: 'seed' }, clientIp: '', requestId: 'seed' }, log }, deps).staff.create(member, { cli: 'seed' });
    credentials.push({ username: member.username, role: member.role, province: member.province, password });
  }
  return credentials;
}
