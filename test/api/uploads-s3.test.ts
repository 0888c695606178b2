import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, S3FileStorage } from '@zsb/platform';
import { Upload } from '../../subgraphs/candidates/src/modules/upload/upload.entity.ts';
import type { UploadDependencies } from '../../subgraphs/candidates/src/modules/upload/upload.service.ts';
import { sweepUploads } from '../../subgraphs/candidates/src/modules/upload/upload.sweep.ts';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { photoJpeg } from '../support/images.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { startS3Peer, type S3Peer } from '../support/s3.ts';
import { registerInnerMongolia } from './flows.ts';
import { completeStep, must, startRegistration } from './registration-flows.ts';
import { uploadAndSettle } from './upload-flows.ts';

/** The upload path with `ZSB_STORAGE=s3`, against an S3 protocol peer (s3rver) over HTTP through AWS's SDK. */
describe.each(DATABASES)('uploads kept in an S3-compatible store (%s)', (dialect) => {
  let peer: S3Peer;
  let p: TestPlatform;
  beforeAll(async () => {
    peer = await startS3Peer('zsb-files', 'nm/');
    p = await startPlatform(dialect, { ZSB_JOB_POLL_MS: '100', ...peer.env });
  }, 120_000);
  afterAll(async () => {
    await p?.stop();
    await peer?.stop();
  });

  it('a material is stored in the bucket, handed over and served from it; the sweep removes an unrecorded object there and keeps the recorded one', async () => {
    const deps = (p.subgraphs.candidates.dependencies as { uploads: UploadDependencies }).uploads;
    expect(deps.storage).toBeInstanceOf(S3FileStorage);
    const phone = phoneNumber();
    const token = (await registerInnerMongolia(p, residentId('150102'), phone)).tokens!.accessToken;
    p.clock.set('2026-03-03T10:00:00+08:00', 'CN-NM');
    const id = must(await startRegistration(p, token)).id;
    must(await completeStep(p, token, id, 'NOTICE', { acknowledged: true }));
    must(await completeStep(p, token, id, 'CANDIDATE_TYPE', { exemptionClaimed: false, candidateType: 'FRESH_GRADUATE' }));
    must(await completeStep(p, token, id, 'PERSONAL_INFORMATION', { name: '张三', gender: '1', birthDate: '1995-01-01', ethnicity: '02', politicalStatus: '03', phone, collegeName: '内蒙古建筑职业技术学院', majorName: '建筑工程技术', graduationYear: '2026', mailingAddress: '内蒙古自治区呼和浩特市新城区新华大街1号', postcode: '010000', email: 'zhangsan@example.com' }));

    const done = await uploadAndSettle(p, token, id, 'STUDENT_CARD', await photoJpeg(800, 600));
    expect(done).toMatchObject({ status: 'DONE', format: 'jpg', width: 800 });
    const row = await p.subgraphs.candidates.orm.em.fork().findOneOrFail(Upload, { id: done.id });
    const listed = [];
    for await (const file of deps.storage.list('materials')) listed.push(file.name);
    expect(listed).toEqual([row.storageName]);
    const served = await fetch(`${p.url}${done.downloadUrl}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    const orphan = await deps.storage.put('materials', Buffer.from('stored, never recorded'), 'image/jpeg');
    const swept = await sweepUploads(p.subgraphs.candidates.orm, deps, createLogger({}, true), new Date(Date.now() + 2 * 3_600_000));
    expect(swept.orphans).toEqual([orphan]);
    expect(await deps.storage.get(orphan)).toBeUndefined();
    expect((await fetch(`${p.url}${done.downloadUrl}`)).status).toBe(200);
  }, 120_000);
});
