import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry, createLogger, sealedCallerHeader, loadCallerSecret } from '@zsb/platform';
import type { ExamsClient } from '../../subgraphs/candidates/src/modules/upload/exams.client.ts';
import { Upload } from '../../subgraphs/candidates/src/modules/upload/upload.entity.ts';
import type { UploadDependencies } from '../../subgraphs/candidates/src/modules/upload/upload.service.ts';
import { sweepUploads } from '../../subgraphs/candidates/src/modules/upload/upload.sweep.ts';
import { DATABASES } from '../support/databases.ts';
import { phoneNumber, residentId } from '../support/identities.ts';
import { animatedPng, decompressionBombPng, jpegZipPolyglot, photoJpeg, photoPng, renamedPdf } from '../support/images.ts';
import { startPlatform, type TestPlatform } from '../support/platform.ts';
import { bearer, registerInnerMongolia } from './flows.ts';
import { completeStep, eventually, must, myRegistration, startRegistration, step } from './registration-flows.ts';
import { oggOpus, wav } from '../../subgraphs/exams/src/modules/voice-fill/testing/audio.ts';
import { requestUpload, TUS, UPLOAD_FIELDS, uploadView, type Ticket, type UploadView } from './upload-flows.ts';

/** Uploads through the gateway with the tus protocol, as a phone on a weak network sends them. */
const OPEN = '2026-03-03T10:00:00+08:00';

const personal = (phone: string) => ({
  name: '张三',
  gender: '1',
  birthDate: '1995-01-01',
  ethnicity: '02',
  politicalStatus: '03',
  phone,
  collegeName: '内蒙古建筑职业技术学院',
  majorName: '建筑工程技术',
  graduationYear: '2026',
  mailingAddress: '内蒙古自治区呼和浩特市新城区新华大街1号',
  postcode: '010000',
  email: 'zhangsan@example.com',
});

describe.each(DATABASES)('uploads through the gateway (%s)', (dialect) => {
  let p: TestPlatform;
  let candidate: { token: string; registrationId: string };
  let other: { token: string; registrationId: string };

  /** An Inner Mongolia fresh graduate at the materials step (3/7). */
  async function atMaterials(): Promise<{ token: string; registrationId: string }> {
    const phone = phoneNumber();
    const token = (await registerInnerMongolia(p, residentId('150102'), phone)).tokens!.accessToken;
    p.clock.set(OPEN, 'CN-NM');
    const started = must(await startRegistration(p, token));
    must(await completeStep(p, token, started.id, 'NOTICE', { acknowledged: true }));
    must(await completeStep(p, token, started.id, 'CANDIDATE_TYPE', { exemptionClaimed: false, candidateType: 'FRESH_GRADUATE' }));
    must(await completeStep(p, token, started.id, 'PERSONAL_INFORMATION', personal(phone)));
    return { token, registrationId: started.id };
  }

  beforeAll(async () => {
    p = await startPlatform(dialect, { ZSB_JOB_POLL_MS: '100' });
    candidate = await atMaterials();
    other = await atMaterials();
  }, 120_000);
  afterAll(async () => {
    await p?.stop();
  });

  const ticket = (who: { token: string; registrationId: string }, field: string, registrationId = who.registrationId) => requestUpload(p, who.token, registrationId, field);

  async function create(t: Ticket, length: number, token = t.token): Promise<Response> {
    return fetch(`${p.url}${t.endpoint}`, { method: 'POST', headers: { ...TUS, 'upload-length': String(length), 'upload-token': token, 'upload-metadata': `filename ${Buffer.from('证件.jpg').toString('base64')}` } });
  }

  async function patch(location: string, token: string, offset: number, body: Buffer): Promise<Response> {
    return fetch(`${p.url}${location}`, { method: 'PATCH', headers: { ...TUS, 'upload-token': token, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, body });
  }

  /** The whole tus flow for one file: create, then send every byte. */
  async function send(t: Ticket, data: Buffer): Promise<Response> {
    const created = await create(t, data.length);
    if (created.status !== 201) return created;
    return patch(created.headers.get('location')!, t.token, 0, data);
  }

  const view = (token: string, id: string) => uploadView(p, token, id);

  const storedFiles = () => {
    const root = path.join(p.config.dataDir, 'files');
    return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).filter((f) => /[0-9a-f]{32}$/.test(String(f))) : [];
  };
  const incoming = (id: string) => fs.existsSync(path.join(p.config.dataDir, 'uploads-incoming', id));

  async function refusedWithNothingKept(field: string, data: Buffer, code: string, status = 422) {
    const before = storedFiles().length;
    const t = (await ticket(candidate, field)).ticket!;
    const answer = await send(t, data);
    expect(answer.status).toBe(status);
    const body = (await answer.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    const seen = (await view(candidate.token, t.uploadId))!;
    expect(seen).toMatchObject({ status: 'REFUSED', statusText: '未通过', problem: { code }, downloadUrl: null, bytes: null });
    expect(storedFiles().length).toBe(before);
    expect(incoming(t.uploadId)).toBe(false);
    return body.error;
  }

  it('a material upload completes the MATERIALS step of an Inner Mongolia registration, stored re-encoded without its EXIF', async () => {
    const card = (await ticket(candidate, 'STUDENT_CARD')).ticket!;
    expect(card).toMatchObject({ endpoint: '/uploads/', formats: ['jpg', 'png'], maxBytes: 10485760, step: 'MATERIALS' });
    const jpeg = await photoJpeg(800, 600);
    const sent = await send(card, jpeg);
    expect(sent.status).toBe(204);
    expect(sent.headers.get('upload-offset')).toBe(String(jpeg.length));
    const handed = await eventually(async () => {
      const seen = await view(candidate.token, card.uploadId);
      return seen?.status === 'DONE' ? seen : undefined;
    });
    expect(handed).toMatchObject({ field: 'STUDENT_CARD', statusText: '成功', complianceText: null, format: 'jpg', width: 800, stepCompleted: false });
    expect(step(await myRegistration(p, candidate.token), 'MATERIALS').status).toBe('CURRENT');
    expect(step(await myRegistration(p, candidate.token), 'IDENTITY_CAPTURE').status).toBe('LOCKED');

    const report = (await ticket(candidate, 'STUDENT_STATUS_REPORT')).ticket!;
    expect((await send(report, await photoPng(600, 800))).status).toBe(204);
    const done = await eventually(async () => {
      const seen = await view(candidate.token, report.uploadId);
      return seen?.status === 'DONE' ? seen : undefined;
    });
    expect(done).toMatchObject({ format: 'png', stepCompleted: true });
    // Inner Mongolia keeps a done step open for edits (AVAILABLE); the flow has moved on to identity capture (4/7).
    const after = await myRegistration(p, candidate.token);
    expect(step(after, 'MATERIALS').status).toBe('AVAILABLE');
    expect(step(after, 'IDENTITY_CAPTURE').status).toBe('CURRENT');

    // The owner reads the stored file through a short-lived address; it has no EXIF (the camera and GPS are gone).
    const download = await fetch(`${p.url}${handed.downloadUrl}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    const stored = Buffer.from(await download.arrayBuffer());
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    expect(stored.includes(Buffer.from('TestCam'))).toBe(false);
    const reads = await p.subgraphs.candidates.orm.em.fork().find(AuditEntry, { action: 'upload.read', subjectId: card.uploadId });
    expect(reads).toHaveLength(1);
    expect(reads[0].actor).toMatch(/^candidate:/);
    // The address is the reader's and short-lived: altered, it opens nothing.
    expect((await fetch(`${p.url}${handed.downloadUrl!.replace(/signature=./, 'signature=A')}`)).status).toBe(403);
    expect((await fetch(`${p.url}${handed.downloadUrl!.replace(/expires=\d+/, `expires=${Date.now() + 3_600_000}`)}`)).status).toBe(403);
  }, 60_000);

  it('the province reviewer sees the registration’s files and opens them, each opening audited; another candidate sees nothing', async () => {
    const { password } = await p.createStaff({ username: `nm.review.${dialect}`, role: 'PROVINCE_REVIEWER', province: 'CN-NM' });
    const reviewer = (await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>(`mutation { logInStaff(username: "nm.review.${dialect}", password: "${password}") { tokens { accessToken } } }`)).data!.logInStaff.tokens.accessToken;
    const r = await p.graphql<{ registration: { id: string; uploads: UploadView[] } }>(`query($id: ID!) { registration(id: $id) { id uploads { ${UPLOAD_FIELDS} } } }`, { id: candidate.registrationId }, bearer(reviewer));
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    const uploads = r.data!.registration.uploads;
    expect(uploads.map((u) => u.field).sort()).toEqual(['STUDENT_CARD', 'STUDENT_STATUS_REPORT']);
    const opened = await fetch(`${p.url}${uploads[0].downloadUrl}`);
    expect(opened.status).toBe(200);
    const reads = await p.subgraphs.candidates.orm.em.fork().find(AuditEntry, { action: 'upload.read', actor: { $like: 'staff:%' } });
    expect(reads.length).toBeGreaterThanOrEqual(1);

    const { password: sdPassword } = await p.createStaff({ username: `sd.review.${dialect}`, role: 'PROVINCE_REVIEWER', province: 'CN-SD' });
    const stranger = (await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>(`mutation { logInStaff(username: "sd.review.${dialect}", password: "${sdPassword}") { tokens { accessToken } } }`)).data!.logInStaff.tokens.accessToken;
    expect(await view(stranger, uploads[0].id)).toBeNull();
    expect(await view(other.token, uploads[0].id)).toBeNull();
    const theirs = await p.graphql<{ registration: null | { uploads: UploadView[] } }>(`query($id: ID!) { registration(id: $id) { id uploads { id } } }`, { id: candidate.registrationId }, bearer(other.token));
    expect(theirs.data?.registration ?? null).toBeNull();
  }, 60_000);

  it('a reviewer’s list of registrations reads every registration’s uploads with one exams call', async () => {
    // The other registration gets a file too, so both in the list have uploads whose reach must be decided.
    const card = (await ticket(other, 'STUDENT_CARD')).ticket!;
    expect((await send(card, await photoJpeg(640, 480))).status).toBe(204);
    await eventually(async () => ((await view(other.token, card.uploadId))?.status === 'DONE' ? true : undefined));
    const { password } = await p.createStaff({ username: `nm.list.${dialect}`, role: 'PROVINCE_REVIEWER', province: 'CN-NM' });
    const reviewer = (await p.graphql<{ logInStaff: { tokens: { accessToken: string } } }>(`mutation { logInStaff(username: "nm.list.${dialect}", password: "${password}") { tokens { accessToken } } }`)).data!.logInStaff.tokens.accessToken;
    const session = (await p.graphql<{ registration: { examSessionId: string } }>('query($id: ID!) { registration(id: $id) { examSessionId } }', { id: candidate.registrationId }, bearer(reviewer))).data!.registration.examSessionId;

    // Count the calls the upload service makes to exams while the list resolves (the real calls still go through).
    const exams = (p.subgraphs.candidates.dependencies as { uploads: { exams: ExamsClient } }).uploads.exams;
    const calls = { target: 0, readers: 0, ids: 0 };
    const [target, readers] = [exams.target.bind(exams), exams.readers.bind(exams)];
    exams.target = (id) => (calls.target++, target(id));
    exams.readers = (ids) => ((calls.readers++, (calls.ids += ids.length)), readers(ids));
    let list;
    try {
      list = await p.graphql<{ registrations: { nodes: { id: string; uploads: UploadView[] }[] } }>(`query($s: ID!) { registrations(filter: { examSessionId: $s }, first: 50) { nodes { id uploads { id field } } } }`, { s: session }, bearer(reviewer));
    } finally {
      delete (exams as Partial<ExamsClient>).target;
      delete (exams as Partial<ExamsClient>).readers;
    }
    const nodes = list.data!.registrations.nodes;
    expect(nodes.map((n) => n.id)).toEqual(expect.arrayContaining([candidate.registrationId, other.registrationId]));
    expect(nodes.find((n) => n.id === other.registrationId)!.uploads.map((u) => u.id)).toContain(card.uploadId);
    expect(nodes.find((n) => n.id === candidate.registrationId)!.uploads.length).toBeGreaterThanOrEqual(1);
    expect(calls).toEqual({ target: 0, readers: 1, ids: nodes.filter((n) => n.uploads.length).length });

    // The batched route refuses what is not a short list of registration ids, and answers nothing for an unknown one.
    expect((await p.internal('exams', '/internal/registrations/readers', { ids: ['../x'] }, 'uploads')).status).toBe(409);
    expect((await p.internal('exams', '/internal/registrations/readers', { ids: Array.from({ length: 201 }, () => candidate.registrationId) }, 'uploads')).status).toBe(409);
    expect((await p.internal<{ registrations: unknown[] }>('exams', '/internal/registrations/readers', { ids: ['00000000-0000-4000-8000-000000000000'] }, 'uploads')).body.registrations).toEqual([]);
  }, 60_000);

  it('the sweep removes a stored file no upload records (a process killed in between) and abandoned tus bytes, never a referenced file', async () => {
    const deps = (p.subgraphs.candidates.dependencies as { uploads: UploadDependencies }).uploads;
    const quiet = createLogger({}, true);
    // A file the candidate uploads is stored and recorded; its name must survive any sweep, however late.
    const card = (await ticket(candidate, 'STUDENT_CARD')).ticket!;
    expect((await send(card, await photoJpeg(320, 240))).status).toBe(204);
    await eventually(async () => ((await view(candidate.token, card.uploadId))?.status === 'DONE' ? true : undefined));
    // The kill: bytes stored, the process gone before the row was written.
    const orphan = await deps.storage.put('photos', await photoJpeg(64, 64), 'image/jpeg');
    // An upload begun and abandoned (half its bytes), and one whose process died after the check, before the
    // temporary bytes were deleted (a leftover next to a row that is past receiving).
    const half = (await ticket(candidate, 'STUDENT_CARD')).ticket!;
    const partial = await photoJpeg(320, 240);
    const created = await create(half, partial.length);
    expect((await patch(created.headers.get('location')!, half.token, 0, partial.subarray(0, 100))).status).toBe(204);
    expect(incoming(half.uploadId)).toBe(true);
    fs.writeFileSync(path.join(p.config.dataDir, 'uploads-incoming', card.uploadId), partial);
    const referenced = (await p.subgraphs.candidates.orm.em.fork().find(Upload, { storageName: { $ne: null } })).map((u) => u.storageName!);
    expect(referenced.length).toBeGreaterThan(0);

    // Right now nothing is old enough: the orphan could still be about to be recorded, the upload resumed.
    expect(await sweepUploads(p.subgraphs.candidates.orm, deps, quiet)).toEqual({ orphans: [], incoming: [] });
    expect(await deps.storage.get(orphan)).toBeDefined();
    // Two hours on (the grace is one, the token lives half an hour and its bytes one more lifetime).
    const later = await sweepUploads(p.subgraphs.candidates.orm, deps, quiet, new Date(Date.now() + 2 * 3_600_000 + 60_000));
    expect(later.orphans).toEqual([orphan]);
    expect(later.incoming.sort()).toEqual([card.uploadId, half.uploadId].sort());
    expect(await deps.storage.get(orphan)).toBeUndefined();
    expect(incoming(half.uploadId)).toBe(false);
    expect(incoming(card.uploadId)).toBe(false);
    for (const name of referenced) {
      const stream = await deps.storage.get(name);
      expect(stream, name).toBeDefined();
      stream!.destroy();
    }
    // And the owner still opens the recorded file.
    expect((await fetch(`${p.url}${(await view(candidate.token, card.uploadId))!.downloadUrl}`)).status).toBe(200);
  }, 60_000);

  it('refuses a renamed non-image by its content, and keeps nothing of it', async () => {
    const error = await refusedWithNothingKept('STUDENT_CARD', renamedPdf, 'FILE_NOT_IMAGE');
    expect(error.message).toContain('不是图片文件');
  });

  it('refuses a file over the rules’ limit when it is announced, before a byte is sent', async () => {
    const t = (await ticket(candidate, 'STUDENT_CARD')).ticket!;
    const created = await create(t, 10485761);
    expect(created.status).toBe(413);
    expect(((await created.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('不能超过10 MB') });
    expect(await view(candidate.token, t.uploadId)).toMatchObject({ status: 'REFUSED', problem: { code: 'FILE_TOO_LARGE' } });
    // A client that announces less and sends more is cut off by the protocol at the length it announced.
    const liar = (await ticket(candidate, 'STUDENT_CARD')).ticket!;
    const small = await create(liar, 100);
    expect((await patch(small.headers.get('location')!, liar.token, 0, Buffer.alloc(5000))).status).toBeGreaterThanOrEqual(400);
    expect(incoming(liar.uploadId) && fs.statSync(path.join(p.config.dataDir, 'uploads-incoming', liar.uploadId)).size > 100).toBe(false);
  });

  it('refuses a decompression bomb from its header, in milliseconds', async () => {
    const started = performance.now();
    await refusedWithNothingKept('STUDENT_CARD', decompressionBombPng(), 'IMAGE_TOO_MANY_PIXELS');
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('refuses a polyglot (a JPEG with a ZIP archive appended)', async () => {
    await refusedWithNothingKept('STUDENT_CARD', await jpegZipPolyglot(), 'FILE_HIDDEN_CONTENT');
  });

  it('refuses an animated image', async () => {
    await refusedWithNothingKept('STUDENT_CARD', await animatedPng(), 'IMAGE_ANIMATED');
  });

  it('refuses a token for another candidate’s registration, a field the flow does not ask, and an upload opened with another’s token', async () => {
    expect((await ticket(candidate, 'STUDENT_CARD', other.registrationId)).error?.code).toBe('REGISTRATION_NOT_FOUND');
    expect((await ticket(candidate, 'STUDENT_CARD', '00000000-0000-4000-8000-000000000000')).error?.code).toBe('REGISTRATION_NOT_FOUND');
    expect((await ticket(candidate, 'AWARD_CERTIFICATE')).error?.code).toBe('UPLOAD_FIELD_UNKNOWN');
    const mine = (await ticket(other, 'STUDENT_CARD')).ticket!;
    const created = await create(mine, 1000);
    const location = created.headers.get('location')!;
    const theirs = (await ticket(candidate, 'STUDENT_CARD')).ticket!;
    const intruder = await patch(location, theirs.token, 0, Buffer.alloc(1000));
    expect(intruder.status).toBe(403);
    expect(((await intruder.json()) as { error: { code: string } }).error.code).toBe('UPLOAD_TOKEN_MISMATCH');
    const forged = await patch(location, `${mine.uploadId}.${'A'.repeat(43)}`, 0, Buffer.alloc(1000));
    expect(forged.status).toBe(401);
    expect((await create(theirs, 1000, 'not-a-token')).status).toBe(401);
    // Without a token nothing is created, and a GET never serves the unchecked bytes.
    expect((await fetch(`${p.url}/uploads/`, { method: 'POST', headers: { ...TUS, 'upload-length': '10' } })).status).toBe(401);
    expect((await fetch(`${p.url}${location}`, { headers: { 'upload-token': mine.token } })).status).toBe(405);
    // Staff and anonymous callers get no token.
    const anonymous = await p.graphql('mutation { requestUpload(input: { registrationId: "x", field: "photo" }) { ok } }');
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token used twice, an absurd length, a path that tries to leave the upload folder, and a forged seal from the outside', async () => {
    const t = (await ticket(candidate, 'STUDENT_CARD')).ticket!;
    expect((await send(t, renamedPdf)).status).toBe(422);
    const again = await create(t, 1000);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('UPLOAD_ALREADY_RECEIVED');
    const huge = (await ticket(candidate, 'STUDENT_CARD')).ticket!;
    expect((await create(huge, 10 ** 15)).status).toBe(413);
    const mine = (await ticket(candidate, 'STUDENT_CARD')).ticket!;
    for (const sneaky of ['/uploads/..%2F..%2Fcandidates.sqlite', '/uploads/%2e%2e%2fkeys', `/uploads/${mine.uploadId}%00.json`]) {
      const answer = await fetch(`${p.url}${sneaky}`, { method: 'PATCH', headers: { ...TUS, 'upload-token': mine.token, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: Buffer.from('x') });
      expect(answer.status, sneaky).toBeGreaterThanOrEqual(400);
      expect(answer.status, sneaky).toBeLessThan(500);
    }
    // A seal sent by a client is not passed on: the gateway seals every forwarded request itself.
    const forged = await fetch(`${p.url}/uploads/`, { method: 'POST', headers: { ...TUS, 'upload-length': '10', 'x-zsb-caller': 'forged.seal' } });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('UPLOAD_TOKEN_INVALID');
  });

  it('bounds the upload tokens one registration gets in an hour', async () => {
    const { Upload: UploadRow } = await import('../../subgraphs/candidates/src/modules/upload/upload.entity.ts');
    const em = p.subgraphs.candidates.orm.em.fork();
    const made = await em.count(UploadRow, { registrationId: other.registrationId });
    // Rows as a flood of requests would leave them, written directly to keep the test short.
    const template = await em.findOneOrFail(UploadRow, { registrationId: other.registrationId }, { orderBy: { createdAt: 'desc' } });
    const { accountId, registrationId, province, field, step: uploadStep, label, kind, formats, maxBytes, tokenDigest } = template;
    for (let i = made; i < 100; i++) em.persist(em.create(UploadRow, { accountId, registrationId, province, field, step: uploadStep, label, kind, formats, maxBytes, tokenDigest, expiresAt: new Date(), status: 'WAITING', createdAt: new Date() }));
    await em.flush();
    expect((await ticket(other, 'STUDENT_CARD')).error).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: '上传次数过多，请稍后再试。' });
    await em.nativeDelete(UploadRow, { registrationId: other.registrationId, status: 'WAITING' });
    expect((await ticket(other, 'STUDENT_CARD')).ok).toBe(true);
  });

  it('refuses an expired token, for a new upload and for resuming one', async () => {
    const t = (await ticket(candidate, 'STUDENT_CARD')).ticket!;
    const created = await create(t, 2000);
    expect(created.status).toBe(201);
    await p.subgraphs.candidates.orm.em.fork().nativeUpdate(Upload, { id: t.uploadId }, { expiresAt: new Date(Date.now() - 1000) });
    const resumed = await patch(created.headers.get('location')!, t.token, 0, Buffer.alloc(2000));
    expect(resumed.status).toBe(401);
    expect(((await resumed.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'UPLOAD_TOKEN_EXPIRED', message: '上传凭证已过期，请重新发起上传。' });
    const fresh = (await ticket(candidate, 'STUDENT_CARD')).ticket!;
    await p.subgraphs.candidates.orm.em.fork().nativeUpdate(Upload, { id: fresh.uploadId }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await create(fresh, 2000)).status).toBe(401);
  });

  it('resumes an upload cut off mid-way from the offset the server kept', async () => {
    const data = await photoJpeg(1200, 900);
    const t = (await ticket(candidate, 'STUDENT_CARD')).ticket!;
    const created = await create(t, data.length);
    const location = created.headers.get('location')!;
    // The connection drops after part of the file: the request is never finished.
    await new Promise<void>((resolve) => {
      const url = new URL(`${p.url}${location}`);
      const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'PATCH', headers: { ...TUS, 'upload-token': t.token, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': data.length } });
      request.on('error', () => resolve());
      request.write(data.subarray(0, Math.floor(data.length / 2)), () => setTimeout(() => {
        request.destroy();
        resolve();
      }, 300));
    });
    expect((await view(candidate.token, t.uploadId))?.status).toBe('RECEIVING');
    const offset = await eventually(async () => {
      const head = await fetch(`${p.url}${location}`, { method: 'HEAD', headers: { ...TUS, 'upload-token': t.token } });
      const value = Number(head.headers.get('upload-offset'));
      return head.status === 200 && value > 0 ? value : undefined;
    });
    expect(offset).toBeLessThanOrEqual(Math.floor(data.length / 2));
    const rest = await patch(location, t.token, offset, data.subarray(offset));
    expect(rest.status).toBe(204);
    const done = await eventually(async () => {
      const seen = await view(candidate.token, t.uploadId);
      return seen && ['DONE', 'HAND_OVER_REFUSED'].includes(seen.status) ? seen : undefined;
    });
    expect(done).toMatchObject({ format: 'jpg', width: 1200 });
  }, 60_000);

  it('a head photo without a face is flagged by the compliance check, named, and never handed over', async () => {
    // Before the materials are in, identity capture (4/7) takes no file.
    expect((await ticket(other, 'photo')).error).toMatchObject({ code: 'UPLOAD_STEP_NOT_OPEN' });
    const t = (await ticket(candidate, 'photo')).ticket!;
    expect(t).toMatchObject({ step: 'IDENTITY_CAPTURE', formats: ['jpg', 'png'] });
    expect((await send(t, await photoJpeg(480, 640))).status).toBe(204);
    expect((await view(candidate.token, t.uploadId))!).toMatchObject({ statusText: expect.stringMatching(/检测中|未通过/) });
    const flagged = await eventually(async () => {
      const seen = await view(candidate.token, t.uploadId);
      return seen?.status === 'FLAGGED' ? seen : undefined;
    }, 60_000);
    expect(flagged).toMatchObject({ statusText: '未通过', complianceText: '不符合要求', stepCompleted: null });
    expect((flagged as unknown as { checks: { code: string; passed: boolean; message: string }[] }).checks).toContainEqual(expect.objectContaining({ code: 'FACE_COUNT', passed: false, message: expect.stringContaining('未检测到人脸') }));
    expect(step(await myRegistration(p, candidate.token), 'IDENTITY_CAPTURE').status).toBe('CURRENT');
  }, 90_000);

  it('a voice-fill recording uploaded with tus comes back as form suggestions, and is not kept; one too long is refused by name', async () => {
    const t = (await ticket(other, 'recording')).ticket!;
    expect(t).toMatchObject({ step: 'PERSONAL_INFORMATION', maxBytes: 31457280 });
    expect(t.formats).toContain('ogg');
    // The development recogniser reads the transcript a demo recording carries in its comment tag.
    expect((await send(t, Buffer.from(oggOpus(20, '我叫巴特尔，蒙古族，共青团员，手机幺五二四七洞洞幺二三四。')))).status).toBe(204);
    const heard = await eventually(async () => {
      const r = await p.graphql<{ upload: { status: string; bytes: number; downloadUrl: string | null; voiceFill: { suggestions: { field: string; value: string; display: string | null; confidence: number }[]; missing: string[] } | null } }>(
        'query($id: ID!) { upload(id: $id) { status bytes downloadUrl voiceFill { suggestions { field value display confidence problem } missing } } }',
        { id: t.uploadId },
        bearer(other.token),
      );
      return r.data?.upload?.status === 'DONE' ? r.data.upload : undefined;
    });
    expect(heard.voiceFill!.suggestions).toContainEqual(expect.objectContaining({ field: 'name', value: '巴特尔' }));
    expect(heard.voiceFill!.suggestions).toContainEqual(expect.objectContaining({ field: 'phone', value: '15247001234' }));
    expect(heard.downloadUrl).toBeNull();
    expect(storedFiles().filter((f) => String(f).startsWith('recordings'))).toEqual([]);

    const long = (await ticket(other, 'recording')).ticket!;
    expect((await send(long, Buffer.from(wav(301)))).status).toBe(204);
    const refused = await eventually(async () => {
      const seen = await view(other.token, long.uploadId);
      return seen?.status === 'HAND_OVER_REFUSED' ? seen : undefined;
    });
    expect(refused.problem).toMatchObject({ code: 'RECORDING_TOO_LONG', message: expect.stringContaining('5分钟') });
    expect(storedFiles().filter((f) => String(f).startsWith('recordings'))).toEqual([]);
    // Shandong offers no voice fill: no token for a recording there (another flow's field is unknown).
    expect((await ticket(candidate, 'recordingX')).error?.code).toBe('UPLOAD_FIELD_UNKNOWN');
  }, 60_000);

  it('the candidates subgraph answers uploads only when the gateway sealed the request', async () => {
    const origin = new URL(p.subgraphs.candidates.url).origin;
    expect((await fetch(`${origin}/uploads/`, { method: 'POST', headers: { ...TUS, 'upload-length': '10' } })).status).toBe(401);
    const sealed = sealedCallerHeader(loadCallerSecret(p.config, {}));
    expect((await fetch(`${origin}/uploads/`, { method: 'POST', headers: { ...TUS, ...sealed, 'upload-length': '10' } })).status).toBe(401); // sealed, but no token
  });
});
