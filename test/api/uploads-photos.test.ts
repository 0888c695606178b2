import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLabelledSet, type LabelledSet } from '../../subgraphs/candidates/src/modules/photo-check/labelled-set.ts';
import { Upload } from '../../subgraphs/candidates/src/modules/upload/upload.entity.ts';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { photoJpeg, photoPng } from '../support/images.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { registerInnerMongolia, registerShandong } from './flows.ts';
import { completeStep, must, myRegistration, showStep, startRegistration, step } from './registration-flows.ts';
import { uploadAndSettle } from './upload-flows.ts';

/**
 * Each province's photo and identity steps through the API with real face images (the photo-check tests' labelled
 * set, made from face-api's demo photos and Debian's scikit-image samples): compliance checks and the comparison
 * with the ID card run as background jobs, and a step completes only when they pass.
 */
let set: LabelledSet;
let dir: string;
const image = (name: string) => readFile(set.heads.find((h) => h.name === name)?.file ?? set.cards.find((c) => c.name === name)!.file);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'upload-photos-'));
  set = await buildLabelledSet(dir);
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(DATABASES)('photos and identity through the API (%s)', (dialect) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startPlatform(dialect, { ZSB_JOB_POLL_MS: '100' });
    await p.importRoster('CN-SD-2023', ['证件号码,姓名,院校代码,院校名称,专业代码,专业名称,考生类型', `${(sdPerson.id = residentId('370102'))},考生甲,10427,济南职业学院,620403,医学影像技术,普通`].join('\n'));
  }, 120_000);
  afterAll(async () => {
    await p?.stop();
  });
  const sdPerson = { id: '' };

  /**
   * Face descriptors are biometric data: once compared (or where nothing is compared) none is left on an upload row,
   * the stored analysis is ciphertext, and no job carries more than the upload's id (never a descriptor or bytes).
   */
  async function expectNoBiometricsKept(registrationId: string): Promise<void> {
    const orm = p.subgraphs.candidates.orm;
    const uploads = await orm.em.fork().find(Upload, { registrationId, field: { $in: ['photo', 'idCardFront'] } });
    expect(uploads.length).toBeGreaterThan(0);
    for (const upload of uploads) if (upload.status !== 'ANALYSING') expect(upload.analysis?.descriptor, `${upload.field} ${upload.status}`).toBeUndefined();
    const raw = await orm.em.getConnection().execute<{ analysis: string | null }[]>('select analysis from upload where registration_id = ?', [registrationId]);
    for (const row of raw) if (row.analysis !== null) expect(row.analysis).toMatch(/^v1\.[^{[]+$/);
    const jobs = await orm.em.getConnection().execute<{ data: unknown }[]>(dialect === 'postgresql' ? 'select data from pgboss.job' : 'select data from job');
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) expect(Object.keys(typeof job.data === 'string' ? (JSON.parse(job.data) as object) : (job.data as object))).toEqual(['uploadId']);
  }

  it('Inner Mongolia: materials, then an ID card and a compliant head photo complete identity capture (4/7); a dark, a tilted, a two-face photo are flagged by name', async () => {
    const phone = phoneNumber();
    const token = (await registerInnerMongolia(p, residentId('150102'), phone)).tokens!.accessToken;
    p.clock.set('2026-03-03T10:00:00+08:00', 'CN-NM');
    const id = must(await startRegistration(p, token)).id;
    must(await completeStep(p, token, id, 'NOTICE', { acknowledged: true }));
    must(await completeStep(p, token, id, 'CANDIDATE_TYPE', { exemptionClaimed: false, candidateType: 'FRESH_GRADUATE' }));
    must(await completeStep(p, token, id, 'PERSONAL_INFORMATION', { name: '张三', gender: '1', birthDate: '1995-01-01', ethnicity: '02', politicalStatus: '03', phone, collegeName: '内蒙古建筑职业技术学院', majorName: '建筑工程技术', graduationYear: '2026', mailingAddress: '内蒙古自治区呼和浩特市新城区新华大街1号', postcode: '010000', email: 'zhangsan@example.com' }));
    expect((await uploadAndSettle(p, token, id, 'STUDENT_CARD', await photoJpeg())).status).toBe('DONE');
    expect((await uploadAndSettle(p, token, id, 'STUDENT_STATUS_REPORT', await photoPng())).stepCompleted).toBe(true);

    for (const [name, code] of [['A-dark', 'TOO_DARK'], ['A-tilted', 'HEAD_TILTED'], ['A-two-faces', 'FACE_COUNT'], ['no-face-plain', 'FACE_COUNT']] as const) {
      const flagged = await uploadAndSettle(p, token, id, 'photo', await image(name));
      expect(flagged, name).toMatchObject({ status: 'FLAGGED', statusText: '未通过', complianceText: '不符合要求' });
      expect(flagged.checks.find((c) => c.code === code), name).toMatchObject({ passed: false, message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
    }
    expect(step(await myRegistration(p, token), 'IDENTITY_CAPTURE').status).toBe('CURRENT');

    const card = await uploadAndSettle(p, token, id, 'idCardFront', await image('A-card'));
    expect(card).toMatchObject({ status: 'DONE', stepCompleted: false });
    const photo = await uploadAndSettle(p, token, id, 'photo', await image('A-ok'));
    expect(photo).toMatchObject({ status: 'DONE', statusText: '成功', complianceText: '符合要求', stepCompleted: true, comparison: null });
    expect(photo.checks.every((c) => c.passed)).toBe(true);
    expect(step(await myRegistration(p, token), 'IDENTITY_CAPTURE').status).not.toBe('CURRENT');
    expect(step(await myRegistration(p, token), 'PAYMENT').status).toBe('CURRENT');
    // Inner Mongolia compares nothing: no descriptor was ever written down.
    await expectNoBiometricsKept(id);
  }, 240_000);

  it('Shandong: a photo whose face differs from the ID card is flagged (比对未通过); the right card and a new photo pass (比对通过) and complete the photo step (2/7)', async () => {
    const token = (await registerShandong(p, sdPerson.id, phoneNumber())).tokens!.accessToken;
    p.clock.set('2023-04-01T10:00:00+08:00', 'CN-SD');
    const id = must(await startRegistration(p, token)).id;
    must(await showStep(p, token, id, 'PLEDGE'));
    p.clock.set('2023-04-01T10:00:03+08:00', 'CN-SD');
    must(await completeStep(p, token, id, 'PLEDGE', { acknowledged: true }));

    const wrongCard = await uploadAndSettle(p, token, id, 'idCardFront', await image('C-card'), { waitsForPair: true });
    expect(wrongCard.status).toBe('ANALYSING'); // analysed; waits for the photo to be compared with
    const photo = await uploadAndSettle(p, token, id, 'photo', await image('A-ok'));
    expect(photo).toMatchObject({ status: 'FLAGGED', complianceText: '不符合要求', comparison: { matched: false, threshold: 0.5, text: '比对未通过' } });
    expect(photo.comparison!.distance).toBeGreaterThan(0.5);
    expect(photo.checks.find((c) => c.code === 'IDENTITY_MISMATCH')).toMatchObject({ passed: false, message: expect.stringContaining('比对不一致') });
    expect(step(await myRegistration(p, token), 'PHOTO').status).toBe('CURRENT');
    await expectNoBiometricsKept(id);
    // A new photo against the same card: the card's descriptor was dropped at the first comparison and is read again
    // from its stored image, in memory; the outcome is the same.
    const retaken = await uploadAndSettle(p, token, id, 'photo', await image('A-ok'));
    expect(retaken).toMatchObject({ status: 'FLAGGED', comparison: { matched: false, distance: photo.comparison!.distance } });
    await expectNoBiometricsKept(id);

    const rightCard = await uploadAndSettle(p, token, id, 'idCardFront', await image('A-card'), { waitsForPair: true });
    expect(rightCard.status).toBe('ANALYSING');
    const again = await uploadAndSettle(p, token, id, 'photo', await image('A-ok'));
    expect(again).toMatchObject({ status: 'DONE', complianceText: '符合要求', comparison: { matched: true, text: '比对通过' }, stepCompleted: true });
    expect(again.comparison!.distance).toBeLessThan(0.5);
    // Shandong keeps a done step editable until confirmation (AVAILABLE); the flow has moved on to 3/7.
    expect(step(await myRegistration(p, token), 'PHOTO').status).toBe('AVAILABLE');
    expect(step(await myRegistration(p, token), 'PERSONAL_INFORMATION').status).toBe('CURRENT');
    await expectNoBiometricsKept(id);
  }, 240_000);
});
