import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { actorOf, AuditEntry, forbidden, Refusal, type Caller, type FileStorage, type JobQueue, type Principal } from '@zsb/platform';
import type { PhotoAnalyser } from '../photo-check/photo-analyser.ts';
import type { ExamsClient, RegistrationReaders } from './exams.client.ts';
import { Upload } from './upload.entity.ts';
import type { UploadSettings } from './upload.settings.ts';

/** Formats and size when the rules name none for a field (Inner Mongolia's photo): the materials' JPG/PNG and 10 MB. */
const DEFAULT_FORMATS = ['jpg', 'png'];
const DEFAULT_MAX_BYTES = 10 * 1048576;

/** Upload tokens one registration may ask for in an hour (a candidate retaking a photo a few dozen times stays under it). */
export const MAX_TOKENS_PER_HOUR = 100;

/** Steps whose status still takes a file (a DONE step takes it as a change, which exams decides). */
const OPEN_STEP_STATUSES = new Set(['CURRENT', 'AVAILABLE', 'DONE']);

/** Job names, shared by the web process and `npm run workers`. */
export const ANALYSE_JOB = 'upload.analyse';
export const HAND_OVER_JOB = 'upload.hand-over';

/** What the upload service needs, built once at start. */
export interface UploadDependencies {
  exams: ExamsClient;
  storage: FileStorage;
  jobs: JobQueue;
  settings: UploadSettings;
  /** Signs download addresses (derived from the token key, so it is never configured separately). */
  fileUrlKey: Buffer;
  /** Face analysis; absent until the analyser is part of the build: photos then wait, never pass unchecked. */
  analyser?: PhotoAnalyser;
  /** Where tus keeps bytes while they arrive (temporary; deleted once the file is checked). */
  incomingDir: string;
}

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** The storage folder of a field's files. */
export function storagePrefix(upload: Pick<Upload, 'field' | 'kind'>): string {
  if (upload.kind === 'recording') return 'recordings';
  if (upload.field === 'idCardFront') return 'id-cards';
  return upload.kind === 'photo' ? 'photos' : 'materials';
}

/** A head photo or an ID card front: an image with a face in it, whose readings are logged as such. */
export const faceImage = (upload: Pick<Upload, 'field' | 'kind'>) => upload.kind === 'photo' || upload.field === 'idCardFront';

/**
 * Whether a file goes through face analysis: a face image where the rules set thresholds and ask an automatic
 * compliance check or a comparison with the ID card. Otherwise a photo is handed over with its check PENDING (a
 * reviewer looks at it), never PASSED.
 */
export const analysed = (upload: Pick<Upload, 'field' | 'kind' | 'photoRules'>) =>
  faceImage(upload) && !!upload.photoRules?.checks && (upload.photoRules.compliance === 'AUTOMATIC' || upload.photoRules.identityComparison === true);

/**
 * Who reads a registration's files: the candidate their own; a college reviewer their college's in their province;
 * other staff their province's; an administrator every one (exams' reach for registrations). Partners none: files
 * are not for partner systems.
 */
export function mayRead(principal: Principal, registration: { accountId: string; province: string; collegeCode?: string | null }): boolean {
  switch (principal.kind) {
    case 'candidate':
      return principal.accountId === registration.accountId;
    case 'staff':
      if (principal.role === 'ADMIN') return true;
      if (principal.role === 'COLLEGE_REVIEWER') return registration.province === principal.province && !!principal.collegeCode && registration.collegeCode === principal.collegeCode;
      return registration.province === principal.province;
    default:
      return false;
  }
}

/** The token's parts: `<upload id>.<secret>`. */
export function parseUploadToken(token: string | null | undefined): { id: string; secret: string } | undefined {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  return match ? { id: match[1], secret: match[2] } : undefined;
}

/** The upload a token opens, or a refusal naming what is wrong with the token. */
export async function uploadForToken(em: EntityManager, token: string | null | undefined, now = new Date()): Promise<Upload> {
  const parts = parseUploadToken(token);
  if (!parts) throw new Refusal('UPLOAD_TOKEN_INVALID', '上传凭证无效，请重新发起上传。');
  const upload = await em.findOne(Upload, { id: parts.id });
  const expected = Buffer.from(upload?.tokenDigest ?? '0'.repeat(64), 'hex');
  if (!upload || !timingSafeEqual(expected, Buffer.from(digest(parts.secret), 'hex'))) throw new Refusal('UPLOAD_TOKEN_INVALID', '上传凭证无效，请重新发起上传。');
  if (upload.expiresAt <= now) throw new Refusal('UPLOAD_TOKEN_EXPIRED', '上传凭证已过期，请重新发起上传。');
  return upload;
}

/** A download address for a stored file: who asked for it, until when, signed. */
export function signFileUrl(key: Buffer, uploadId: string, reader: string, expiresAt: number): string {
  const signature = createHmac('sha256', key).update(`${uploadId}\n${reader}\n${expiresAt}`).digest('base64url');
  return `/files/${uploadId}?reader=${encodeURIComponent(reader)}&expires=${expiresAt}&signature=${signature}`;
}

/** Checks a download address; answers the reader it was issued to. */
export function verifyFileUrl(key: Buffer, uploadId: string, query: Record<string, unknown>, now = Date.now()): string | undefined {
  const reader = typeof query.reader === 'string' ? query.reader : '';
  const expires = typeof query.expires === 'string' && /^\d{10,13}$/.test(query.expires) ? Number(query.expires) : 0;
  const given = Buffer.from(typeof query.signature === 'string' ? query.signature : '', 'base64url');
  const expected = createHmac('sha256', key).update(`${uploadId}\n${reader}\n${expires}`).digest();
  if (!reader || expires < now || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return reader;
}

/**
 * Uploads as the candidate and reviewers see them: issuing the token for one registration and one field, the
 * status of an upload (处理状态, 合规检测), and the files of a registration for those entitled to see them.
 */
export class UploadService {
  constructor(
    private readonly em: EntityManager,
    private readonly caller: Caller,
    private readonly deps: UploadDependencies,
  ) {}

  /**
   * Issues a short-lived upload token for one registration of the signed-in candidate and one field its flow asks
   * (a material code, `photo`, `idCardFront`), with the rules' formats and size. The token is shown once.
   */
  async request(registrationId: string, field: string): Promise<{ upload: Upload; token: string }> {
    const principal = this.caller.principal;
    if (principal.kind !== 'candidate') throw forbidden();
    const target = await this.deps.exams.target(registrationId);
    if (target.accountId !== principal.accountId) throw new Refusal('REGISTRATION_NOT_FOUND', '没有找到该报名。', 'registrationId');
    const asked = target.fields.find((f) => f.code === field);
    if (!asked) throw new Refusal('UPLOAD_FIELD_UNKNOWN', `本次报名不需要上传“${field}”。`, 'field');
    if (!OPEN_STEP_STATUSES.has(asked.stepStatus)) {
      throw new Refusal('UPLOAD_STEP_NOT_OPEN', asked.blockedBy?.message ?? `现在还不能上传“${asked.label}”，请先完成前面的步骤。`, 'field');
    }
    // Tokens are cheap to ask for and each is a row: a registration gets a bounded number an hour.
    const recent = await this.em.count(Upload, { registrationId: target.registrationId, createdAt: { $gt: new Date(Date.now() - 3_600_000) } });
    if (recent >= MAX_TOKENS_PER_HOUR) throw new Refusal('TOO_MANY_REQUESTS', '上传次数过多，请稍后再试。', 'field', { retryAfterSeconds: 3600 });
    const photoRules = asked.type === 'photo' || field === 'idCardFront' ? target.photo : undefined;
    const formats = asked.formats?.length ? asked.formats : (photoRules?.formats ?? DEFAULT_FORMATS);
    const maxBytes = Math.min(asked.maxBytes ?? photoRules?.maxBytes ?? DEFAULT_MAX_BYTES, DEFAULT_MAX_BYTES * 4);
    const secret = randomBytes(32).toString('base64url');
    const upload = this.em.create(Upload, {
      accountId: principal.accountId,
      registrationId: target.registrationId,
      province: target.province,
      collegeCode: target.collegeCode ?? undefined,
      field,
      step: asked.step,
      label: asked.label,
      kind: asked.type,
      formats,
      maxBytes,
      photoRules,
      tokenDigest: digest(secret),
      expiresAt: new Date(Date.now() + this.deps.settings.ZSB_UPLOAD_TOKEN_TTL_SECONDS * 1000),
      status: 'WAITING',
      createdAt: new Date(),
    });
    this.em.persist(upload);
    await this.em.flush();
    return { upload, token: `${upload.id}.${secret}` };
  }

  /** One upload, for its candidate or staff entitled to review its registration; otherwise nothing. */
  async get(id: string): Promise<Upload | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const upload = await this.em.findOne(Upload, { id });
    if (!upload) return null;
    return (await this.readable(upload.registrationId, upload)) ? upload : null;
  }

  /**
   * The latest upload of each field of a registration, for its candidate or the staff entitled to review it. A list
   * of registrations asks once: the uploads of every registration in the list in one query, and staff reach in one
   * exams call (per-request loaders, so each request reads afresh).
   */
  async ofRegistration(registrationId: string): Promise<Upload[]> {
    if (!/^[0-9a-f-]{36}$/.test(registrationId)) return [];
    const uploads = await this.uploadsLoader.load(registrationId);
    if (!uploads.length || !(await this.readable(registrationId, uploads[0]))) return [];
    const latest = new Map<string, Upload>();
    for (const upload of uploads) if (!latest.has(upload.field)) latest.set(upload.field, upload);
    return [...latest.values()];
  }

  /** Uploads past their token of many registrations, newest first, in one query. */
  private readonly uploadsLoader = new DataLoader<string, Upload[]>(async (ids) => {
    const found = await this.em.find(Upload, { registrationId: { $in: [...ids] }, status: { $ne: 'WAITING' } }, { orderBy: { createdAt: 'desc' } });
    const byRegistration = new Map<string, Upload[]>(ids.map((id) => [id, []]));
    for (const upload of found) byRegistration.get(upload.registrationId)?.push(upload);
    return ids.map((id) => byRegistration.get(id)!);
  });

  /** Owner, province and college of many registrations, in one exams call; undefined for one exams does not know. */
  private readonly readersLoader = new DataLoader<string, RegistrationReaders | undefined>(async (ids) => {
    const found = await this.deps.exams.readers(ids);
    return ids.map((id) => found.get(id));
  });

  /** Staff reach is read from exams afresh at each request (a college may have corrected its roster); a candidate's from the row. */
  private async readable(registrationId: string, upload: Upload): Promise<boolean> {
    const principal = this.caller.principal;
    if (principal.kind === 'candidate') return principal.accountId === upload.accountId;
    if (principal.kind !== 'staff') return false;
    const target = await this.readersLoader.load(registrationId);
    return !!target && mayRead(principal, target);
  }

  /** A short-lived address the caller's browser opens to see the stored file; every opening is audited. */
  downloadUrl(upload: Upload): string | null {
    if (!upload.storageName) return null;
    const expires = Date.now() + this.deps.settings.ZSB_FILE_URL_TTL_SECONDS * 1000;
    return signFileUrl(this.deps.fileUrlKey, upload.id, actorOf(this.caller), expires);
  }
}

/** Records one reading of a stored file, with who read it (the reader the address was signed for) and from where. */
export function auditFileRead(em: EntityManager, upload: Upload, reader: string, caller: Caller): void {
  em.persist(
    em.create(AuditEntry, {
      actor: reader,
      action: 'upload.read',
      subjectType: 'Upload',
      subjectId: upload.id,
      details: { registrationId: upload.registrationId, field: upload.field, kind: faceImage(upload) ? 'face-image' : 'material' },
      clientIp: caller.clientIp,
      requestId: caller.requestId,
      at: new Date(),
    }),
  );
}
