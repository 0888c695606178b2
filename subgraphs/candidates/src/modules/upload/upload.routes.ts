import fs from 'node:fs';
import path from 'node:path';
import type { Request as ExpressRequest, Response as ExpressResponse, Router } from 'express';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { Server, type Upload as TusUpload } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { Refusal, streamTo, type Caller, type Logger } from '@zsb/platform';
import { checkImage } from './image-check.ts';
import { enqueueNext } from './upload.jobs.ts';
import { sweepUploads, SWEEP_INTERVAL_MS } from './upload.sweep.ts';
import { Upload } from './upload.entity.ts';
import { analysed, auditFileRead, storagePrefix, uploadForToken, verifyFileUrl, type UploadDependencies } from './upload.service.ts';

/** The header a client sends its upload token in, on every tus request (create, resume, send). */
export const UPLOAD_TOKEN_HEADER = 'upload-token';
/** Where uploads are received, on the gateway's public port and (forwarded) on the candidates subgraph. */
export const UPLOADS_PATH = '/uploads';

/** A refusal as tus sends it: the status, and `{ error: { code, message } }` as the body. */
function tusRefusal(status: number, refusal: Refusal): { status_code: number; body: string } {
  return { status_code: status, body: JSON.stringify({ error: { code: refusal.error.code, message: refusal.error.message } }) };
}

const STATUS_OF: Record<string, number> = { UPLOAD_TOKEN_INVALID: 401, UPLOAD_TOKEN_EXPIRED: 401, UPLOAD_TOKEN_MISMATCH: 403, FILE_TOO_LARGE: 413, UPLOAD_LENGTH_REQUIRED: 400, UPLOAD_ALREADY_RECEIVED: 409 };

/**
 * The tus server (resumable uploads: POST creates, HEAD tells the offset, PATCH sends bytes from it) and the download
 * route, mounted on the candidates subgraph and reached through the gateway, which forwards `/uploads/` and
 * `/files/` with the caller sealed. Each tus request carries the upload token; the upload id in the address is the
 * token's own, so a token opens one upload and nothing else. Bytes wait in a temporary folder until the last one is
 * in; then the content checks run, the re-encoded image is stored, and the temporary bytes are deleted whether the
 * file was accepted or refused.
 */
export function mountUploadRoutes(router: Router, orm: MikroORM, deps: UploadDependencies, log: Logger): Server {
  fs.mkdirSync(deps.incomingDir, { recursive: true, mode: 0o700 });
  const datastore = new FileStore({ directory: deps.incomingDir, expirationPeriodInMilliseconds: deps.settings.ZSB_UPLOAD_TOKEN_TTL_SECONDS * 1000 * 2 });
  const em = () => orm.em.fork();
  const token = (req: Request) => req.headers.get(UPLOAD_TOKEN_HEADER);
  const refuse = (status: number, refusal: Refusal) => tusRefusal(status, refusal);
  const asTus = async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (error instanceof Refusal) throw refuse(STATUS_OF[error.error.code] ?? 422, error);
      throw error;
    }
  };
  const removeIncoming = (id: string) => datastore.remove(id).catch(() => undefined);

  /** Marks an upload refused and keeps nothing of it. */
  const refuseUpload = async (manager: EntityManager, upload: Upload, refusal: Refusal) => {
    upload.status = 'REFUSED';
    upload.problemCode = refusal.error.code;
    upload.problemMessage = refusal.error.message.slice(0, 300);
    upload.finishedAt = new Date();
    await manager.flush();
    await removeIncoming(upload.id);
    log.info('upload refused', { uploadId: upload.id, field: upload.field, code: refusal.error.code });
  };

  const server = new Server({
    path: UPLOADS_PATH,
    datastore,
    relativeLocation: true,
    // The token names the upload: the server-generated id of its row. A second creation with one token is refused.
    namingFunction: (req) =>
      asTus(async () => {
        const manager = em();
        const upload = await uploadForToken(manager, token(req));
        if (upload.status !== 'WAITING') throw new Refusal('UPLOAD_ALREADY_RECEIVED', '该上传凭证已使用，请重新发起上传。');
        const length = req.headers.get('upload-length');
        if (length === null || !/^\d{1,40}$/.test(length)) throw new Refusal('UPLOAD_LENGTH_REQUIRED', '上传须先说明文件大小（Upload-Length）。');
        if (Number(length) > upload.maxBytes) {
          const refusal = new Refusal('FILE_TOO_LARGE', `“${upload.label}”不能超过${Math.round((upload.maxBytes / 1048576) * 10) / 10} MB，所选文件为${Math.round((Number(length) / 1048576) * 10) / 10} MB。`);
          await refuseUpload(manager, upload, refusal);
          throw refusal;
        }
        return upload.id;
      }),
    maxSize: async (req, id) => (id ? ((await em().findOne(Upload, { id }, { fields: ['maxBytes'] }))?.maxBytes ?? 1) : 30 * 1048576),
    onIncomingRequest: (req, id) =>
      asTus(async () => {
        const upload = await uploadForToken(em(), token(req));
        if (upload.id !== id) throw new Refusal('UPLOAD_TOKEN_MISMATCH', '上传凭证与该上传不符。');
      }),
    onUploadCreate: (_req, created) =>
      asTus(async () => {
        const manager = em();
        const upload = await manager.findOneOrFail(Upload, { id: created.id });
        upload.status = 'RECEIVING';
        upload.declaredBytes = created.size;
        await manager.flush();
        return {};
      }),
    onUploadFinish: (_req, finished: TusUpload) =>
      asTus(async () => {
        const manager = em();
        const upload = await manager.findOneOrFail(Upload, { id: finished.id });
        if (upload.status !== 'RECEIVING') throw new Refusal('UPLOAD_ALREADY_RECEIVED', '该上传凭证已使用，请重新发起上传。');
        const data = await fs.promises.readFile(path.join(deps.incomingDir, finished.id));
        if (upload.kind === 'recording') {
          // Recordings are checked by exams' voice fill (format from the bytes, duration read from the file) at the
          // hand-over, and deleted once it answered: only the suggestions are kept.
          upload.storageName = await deps.storage.put(storagePrefix(upload), data, 'application/octet-stream');
          upload.bytes = data.length;
          upload.receivedAt = new Date();
          upload.status = 'HANDING_OVER';
          await manager.flush();
          await removeIncoming(upload.id);
          await enqueueNext(deps, upload);
          return { headers: { 'Upload-Status': upload.status } };
        }
        let checked;
        try {
          checked = await checkImage(data, { formats: upload.formats, maxBytes: upload.maxBytes, maxPixels: deps.settings.ZSB_UPLOAD_MAX_PIXELS, label: upload.label });
        } catch (error) {
          if (error instanceof Refusal) await refuseUpload(manager, upload, error);
          throw error;
        }
        upload.storageName = await deps.storage.put(storagePrefix(upload), checked.data, checked.contentType);
        upload.format = checked.format;
        upload.bytes = checked.data.length;
        upload.width = checked.width;
        upload.height = checked.height;
        upload.receivedAt = new Date();
        upload.status = analysed(upload) ? 'ANALYSING' : 'HANDING_OVER';
        await manager.flush();
        await removeIncoming(upload.id);
        await enqueueNext(deps, upload);
        log.info('upload accepted', { uploadId: upload.id, field: upload.field, bytes: upload.bytes, status: upload.status });
        return { headers: { 'Upload-Status': upload.status } };
      }),
  });

  // Only the tus methods of the client flow: GET would serve the unchecked bytes, DELETE is not offered.
  const tus = (req: ExpressRequest, res: ExpressResponse) => {
    if (!['POST', 'HEAD', 'PATCH', 'OPTIONS'].includes(req.method)) return void res.status(405).set('allow', 'POST, HEAD, PATCH, OPTIONS').end();
    server.handle(req, res).catch((error: unknown) => {
      log.error('upload request failed', { error });
      if (!res.headersSent) res.status(500).end();
    });
  };
  // Temporary bytes of uploads never finished (or left by a process killed mid-check), and stored files no upload
  // references (a process killed between storing and recording), are swept in the background.
  setInterval(() => void sweepUploads(orm, deps, log).catch((error: unknown) => log.warn('upload leftovers not swept', { error })), SWEEP_INTERVAL_MS).unref();
  router.all(UPLOADS_PATH, tus);
  router.all(`${UPLOADS_PATH}/*rest`, tus);

  // A stored file, for the address a GraphQL field signed for its reader; every opening is audited before a byte goes.
  router.get('/files/:id', async (req, res) => {
    const id = String(req.params.id);
    const reader = /^[0-9a-f-]{36}$/.test(id) ? verifyFileUrl(deps.fileUrlKey, id, req.query as Record<string, unknown>) : undefined;
    if (!reader) return void res.status(403).json({ error: { code: 'FILE_LINK_INVALID', message: '文件链接无效或已过期，请刷新页面后重试。' } });
    const manager = res.locals.em as EntityManager;
    const upload = await manager.findOne(Upload, { id });
    const stream = upload?.storageName ? await deps.storage.get(upload.storageName) : undefined;
    if (!upload || !stream) return void res.status(404).json({ error: { code: 'FILE_NOT_FOUND', message: '文件不存在。' } });
    auditFileRead(manager, upload, reader, res.locals.caller as Caller);
    await manager.flush();
    res.set({
      'content-type': upload.format === 'png' ? 'image/png' : 'image/jpeg',
      'content-disposition': `inline; filename="${upload.field}.${upload.format}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
    });
    await streamTo(stream, res);
  });
  return server;
}
