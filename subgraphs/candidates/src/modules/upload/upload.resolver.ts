import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toPayload, UserError } from '@zsb/platform';
import type { Context } from '../../context.ts';
import type { Upload } from './upload.entity.ts';
import { UPLOADS_PATH } from './upload.routes.ts';
import { analysed, faceImage } from './upload.service.ts';
import { RegistrationReference, RequestUploadInput, RequestUploadPayload, UploadView } from './upload.types.ts';

const STATUS_TEXT: Record<string, string> = {
  WAITING: '等待上传',
  RECEIVING: '上传中',
  REFUSED: '未通过',
  ANALYSING: '检测中',
  FLAGGED: '未通过',
  HANDING_OVER: '处理中',
  DONE: '成功',
  HAND_OVER_REFUSED: '未通过',
};

/** An upload as its readers see it; the descriptor never leaves the subgraph. */
export function viewOf(upload: Upload): UploadView {
  const analysis = upload.analysis;
  const photo = faceImage(upload);
  const problem = upload.problemCode ? new UserError(upload.problemCode, upload.problemMessage ?? '') : undefined;
  return {
    id: upload.id,
    registrationId: upload.registrationId,
    field: upload.field,
    label: upload.label,
    step: upload.step,
    status: upload.status,
    statusText: STATUS_TEXT[upload.status] ?? upload.status,
    complianceText: !photo || upload.status === 'REFUSED' ? undefined : analysis ? (analysis.passed ? '符合要求' : '不符合要求') : analysed(upload) ? '检测中' : '待人工审核',
    problem,
    declaredBytes: upload.declaredBytes ?? undefined,
    format: upload.format ?? undefined,
    bytes: upload.bytes ?? undefined,
    width: upload.width ?? undefined,
    height: upload.height ?? undefined,
    checks: analysis?.checks ?? [],
    comparison: analysis?.comparison && { ...analysis.comparison, text: analysis.comparison.matched ? '比对通过' : '比对未通过' },
    voiceFill: upload.voiceFill && {
      missing: upload.voiceFill.missing,
      suggestions: upload.voiceFill.suggestions.map((s) => ({ field: s.field, value: typeof s.value === 'string' ? s.value : JSON.stringify(s.value), display: s.display, confidence: s.confidence, problem: s.problem })),
    },
    stepCompleted: upload.stepCompleted ?? undefined,
    createdAt: upload.createdAt,
    finishedAt: upload.finishedAt ?? undefined,
    storageName: upload.storageName ?? undefined,
  };
}

@Resolver(() => UploadView)
export class UploadResolver {
  @Authorized('candidate')
  @Mutation(() => RequestUploadPayload, { description: 'Issues a short-lived token to upload one file for one field of the candidate’s registration, with the rules’ limits.' })
  requestUpload(@Arg('input', () => RequestUploadInput) input: RequestUploadInput, @Ctx() ctx: Context): Promise<RequestUploadPayload> {
    return toPayload(RequestUploadPayload, async () => {
      const { upload, token } = await ctx.uploads.request(input.registrationId, input.field);
      return { ticket: { uploadId: upload.id, token, endpoint: `${UPLOADS_PATH}/`, expiresAt: upload.expiresAt, formats: upload.formats, maxBytes: upload.maxBytes, step: upload.step } };
    });
  }

  @Authorized('candidate', 'staff')
  @Query(() => UploadView, { nullable: true, description: 'One upload and its 处理状态, for its candidate or the staff who review its registration.' })
  async upload(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<UploadView | null> {
    const upload = await ctx.uploads.get(id);
    return upload ? viewOf(upload) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'A short-lived address of the stored file (a few minutes); each opening is recorded in the audit log.' })
  downloadUrl(@Root() view: UploadView, @Ctx() ctx: Context): string | null {
    return view.storageName ? ctx.uploads.downloadUrl({ id: view.id, storageName: view.storageName } as Upload) : null;
  }
}

@Resolver(() => RegistrationReference)
export class RegistrationUploadsResolver {
  @Authorized('candidate', 'staff')
  @FieldResolver(() => [UploadView], { description: 'The latest upload of each file field, for the candidate and the staff who review the registration.' })
  async uploads(@Root() registration: RegistrationReference, @Ctx() ctx: Context): Promise<UploadView[]> {
    return (await ctx.uploads.ofRegistration(registration.id)).map(viewOf);
  }
}
