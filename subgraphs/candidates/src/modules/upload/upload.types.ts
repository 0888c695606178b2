import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Payload, UserError } from '@zsb/platform';

@InputType({ description: 'Which file to upload: one field of one registration.' })
export class RequestUploadInput {
  @Field(() => ID, { description: 'The registration (报名) the file is for.' })
  registrationId: string;

  @Field(() => String, { description: 'The field its flow asks: a material code (e.g. `STUDENT_CARD`), `photo` or `idCardFront`.' })
  field: string;
}

@ObjectType({ description: 'Permission to upload one file with the tus protocol (resumable): where, with which token, within which limits.' })
export class UploadTicket {
  @Field(() => ID, { description: 'The upload, to follow its 处理状态 with `upload(id)`.' })
  uploadId: string;

  @Field(() => String, { description: 'Send as the `Upload-Token` header of every tus request (create, resume, send). Shown once.' })
  token: string;

  @Field(() => String, { description: 'Where to create the tus upload (POST), on the same origin as `/graphql`, e.g. `/uploads/`.' })
  endpoint: string;

  @Field(() => Date, { description: 'After this the token opens nothing: ask for a new one.' })
  expiresAt: Date;

  @Field(() => [String], { description: 'Formats the rules allow, e.g. `jpg`, `png` (checked on the file’s content, not its name).' })
  formats: string[];

  @Field(() => Int, { description: 'Largest file the rules allow, in bytes.' })
  maxBytes: number;

  @Field(() => String, { description: 'The step the file completes: `MATERIALS`, `PHOTO` or `IDENTITY_CAPTURE`.' })
  step: string;
}

@ObjectType({ description: 'Outcome of asking to upload a file.' })
export class RequestUploadPayload extends Payload {
  @Field(() => UploadTicket, { nullable: true })
  ticket?: UploadTicket;
}

@ObjectType({ description: 'One check of a photo (合规检测), named so the candidate knows what to fix.' })
export class PhotoCheck {
  @Field(() => String, { description: 'Stable code, e.g. `FACE_COUNT`, `HEAD_TILTED`, `TOO_DARK`, `IDENTITY_MISMATCH`.' })
  code: string;

  @Field(() => Boolean)
  passed: boolean;

  @Field(() => String, { description: 'What was found or what to fix, in Chinese.' })
  message: string;

  @Field(() => Float, { nullable: true, description: 'The value measured, where the check has one.' })
  measured?: number;

  @Field(() => Float, { nullable: true, description: 'The limit from the rules it was held to.' })
  limit?: number;
}

@ObjectType({ description: 'The comparison of the head photo with the face on the ID card (身份核验).' })
export class FaceComparisonResult {
  @Field(() => Float, { description: 'Distance between the two face descriptors (smaller is more alike): the score.' })
  distance: number;

  @Field(() => Float, { description: "The rules' largest distance still counted as the same person." })
  threshold: number;

  @Field(() => Boolean)
  matched: boolean;

  @Field(() => String, { description: '比对通过 or 比对未通过.' })
  text: string;
}

@ObjectType({ description: 'One value voice fill heard for a form field (语音识别回填), to confirm or correct; nothing is saved until the candidate completes the step.' })
export class VoiceSuggestion {
  @Field(() => String, { description: 'The form field code.' })
  field: string;

  @Field(() => String, { description: 'The value as the form takes it (an option code, a date `YYYY-MM-DD`, digits).' })
  value: string;

  @Field(() => String, { nullable: true, description: 'The value as the page shows it (an option name).' })
  display?: string;

  @Field(() => Float, { description: 'How sure the reading is, 0 to 1; below 0.5 the page should ask the candidate to check it.' })
  confidence: number;

  @Field(() => String, { nullable: true, description: 'Why the value is doubtful, in Chinese.' })
  problem?: string;
}

@ObjectType({ description: 'What voice fill made of a recording: suggestions and the required fields it did not hear.' })
export class VoiceFillResult {
  @Field(() => [VoiceSuggestion])
  suggestions: VoiceSuggestion[];

  @Field(() => [String], { description: 'Required fields not heard: the candidate fills them by hand.' })
  missing: string[];
}

@ObjectType('Upload', { description: 'A file uploaded for a registration, from the token to the hand-over: its 处理状态 and, for photos, its 合规检测.' })
export class UploadView {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  registrationId: string;

  @Field(() => String, { description: 'The field: a material code, `photo`, `idCardFront` or `recording` (voice fill).' })
  field: string;

  @Field(() => String, { description: 'What the file is, e.g. 学生证（内容页）.' })
  label: string;

  @Field(() => String, { description: 'The step it completes.' })
  step: string;

  @Field(() => String, { description: '`WAITING`, `RECEIVING`, `REFUSED`, `ANALYSING`, `FLAGGED`, `HANDING_OVER`, `DONE` or `HAND_OVER_REFUSED`.' })
  status: string;

  @Field(() => String, { description: '处理状态 in the candidate’s words, e.g. 成功, 检测中, 未通过.' })
  statusText: string;

  @Field(() => String, { nullable: true, description: '合规检测 of a photo: 符合要求, 不符合要求, 检测中; absent for materials.' })
  complianceText?: string;

  @Field(() => UserError, { nullable: true, description: 'Why the file or its hand-over was refused.' })
  problem?: UserError;

  @Field(() => Int, { nullable: true, description: 'Bytes announced by the client (tus Upload-Length); the tus HEAD answers how many arrived.' })
  declaredBytes?: number;

  @Field(() => String, { nullable: true, description: 'Format found in the content: `jpg` or `png`.' })
  format?: string;

  @Field(() => Int, { nullable: true, description: 'Bytes of the stored (re-encoded) file.' })
  bytes?: number;

  @Field(() => Int, { nullable: true })
  width?: number;

  @Field(() => Int, { nullable: true })
  height?: number;

  @Field(() => [PhotoCheck], { description: 'The photo’s checks, each with what to fix; empty for materials and before analysis.' })
  checks: PhotoCheck[];

  @Field(() => FaceComparisonResult, { nullable: true, description: 'The comparison with the ID card, where the rules ask it and it has run.' })
  comparison?: FaceComparisonResult;

  @Field(() => VoiceFillResult, { nullable: true, description: 'For a recording: the form suggestions voice fill made of it (the recording itself is not kept).' })
  voiceFill?: VoiceFillResult;

  @Field(() => Boolean, { nullable: true, description: 'Whether handing the file over completed its step.' })
  stepCompleted?: boolean;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  finishedAt?: Date;

  /** Resolved per reader. */
  storageName?: string;
}

/** The exams subgraph's registration, extended here with its files. */
@ObjectType('Registration', { description: 'A registration (报名), owned by the exams subgraph.' })
@Directive('@key(fields: "id")')
export class RegistrationReference {
  @Field(() => ID)
  id: string;
}
