import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { EncryptedJson } from '@zsb/platform';
import type { FaceComparison, PhotoCheckResult, PhotoRules } from '../photo-check/photo-analyser.ts';
import type { VoiceFillAnswer } from './exams.client.ts';

/**
 * Where an upload stands (处理状态):
 * - `WAITING`: a token was issued, no byte has arrived;
 * - `RECEIVING`: bytes are arriving (resumable; the tus offset says how many);
 * - `REFUSED`: the content checks refused the file; nothing of it is kept;
 * - `ANALYSING`: a photo or ID card waits for, or is in, face analysis (合规检测);
 * - `FLAGGED`: the analysis found something to fix (the checks say what); the file is kept for review, not handed over;
 * - `HANDING_OVER`: accepted, being given to the registration;
 * - `DONE`: the registration has it;
 * - `HAND_OVER_REFUSED`: the registration refused it (a step locked meanwhile, a window closed): the reason says why.
 */
export const UPLOAD_STATUSES = ['WAITING', 'RECEIVING', 'REFUSED', 'ANALYSING', 'FLAGGED', 'HANDING_OVER', 'DONE', 'HAND_OVER_REFUSED'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

/**
 * What face analysis found, kept encrypted. The face descriptor (biometric data) is present only while it waits for
 * its counterpart where the rules compare the photo with the ID card, and is dropped by the comparison.
 */
export interface UploadAnalysis {
  passed: boolean;
  checks: PhotoCheckResult[];
  descriptor?: number[] | null;
  comparison?: FaceComparison;
}

/** One file a candidate uploads for one field of one registration, from the token that allows it to the hand-over. */
@Entity({ tableName: 'upload' })
@Index({ properties: ['registrationId', 'field'] })
@Index({ properties: ['status', 'expiresAt'] })
export class Upload {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  @Index()
  accountId: string;

  /** The exams subgraph's registration the file is for. */
  @Property({ type: 'uuid' })
  registrationId: string;

  /** Province and college of the registration when the token was issued: who may review the file. */
  @Property({ type: 'string', length: 8 })
  province: string;

  @Property({ type: 'string', length: 20, nullable: true })
  collegeCode?: string;

  /** The field: a material code, `photo` or `idCardFront`. */
  @Property({ type: 'string', length: 60 })
  field: string;

  /** The step that asks it (`MATERIALS`, `PHOTO`, `IDENTITY_CAPTURE`). */
  @Property({ type: 'string', length: 40 })
  step: string;

  @Property({ type: 'string', length: 100 })
  label: string;

  /** `file`, `photo` (a photo is analysed) or `recording` (voice fill). */
  @Property({ type: 'string', length: 10 })
  kind: string;

  /** The rules' limits, fixed when the token was issued. */
  @Property({ type: 'json' })
  formats: string[];

  @Property({ type: 'integer' })
  maxBytes: number;

  /** The rule set's photo section, which face analysis is held to. */
  @Property({ type: 'json', nullable: true })
  photoRules?: PhotoRules;

  /** SHA-256 of the upload token's secret; the token itself is never stored. */
  @Property({ type: 'string', length: 64 })
  tokenDigest: string;

  /** After this instant the token opens nothing: no new upload, no resumption. */
  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'string', length: 20 })
  status: UploadStatus = 'WAITING';

  /** Bytes the client announced (tus Upload-Length). */
  @Property({ type: 'integer', nullable: true })
  declaredBytes?: number;

  /** Where the accepted, re-encoded image is kept (a storage name made by the server). */
  @Property({ type: 'string', length: 80, nullable: true })
  storageName?: string;

  @Property({ type: 'string', length: 8, nullable: true })
  format?: string;

  @Property({ type: 'integer', nullable: true })
  bytes?: number;

  @Property({ type: 'integer', nullable: true })
  width?: number;

  @Property({ type: 'integer', nullable: true })
  height?: number;

  /** Why the file or the hand-over was refused: a stable code and the candidate's message. */
  @Property({ type: 'string', length: 60, nullable: true })
  problemCode?: string;

  @Property({ type: 'string', length: 300, nullable: true })
  problemMessage?: string;

  @Property({ type: EncryptedJson, nullable: true })
  analysis?: UploadAnalysis;

  /** Voice fill's suggestions for a recording (personal values, so encrypted); the recording itself is not kept. */
  @Property({ type: EncryptedJson, nullable: true })
  voiceFill?: VoiceFillAnswer;

  /** Whether the hand-over completed the step, and what it still misses. */
  @Property({ type: 'boolean', nullable: true })
  stepCompleted?: boolean;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  receivedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date;
}
