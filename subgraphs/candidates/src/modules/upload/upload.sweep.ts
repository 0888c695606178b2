import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from '@zsb/platform';
import { Upload } from './upload.entity.ts';
import type { UploadDependencies } from './upload.service.ts';

/** The storage folders uploads write to (`storagePrefix`): the sweep looks nowhere else. */
export const UPLOAD_PREFIXES = ['materials', 'photos', 'id-cards', 'recordings'] as const;

/**
 * How old an unreferenced stored file must be before the sweep removes it. Storing a file and recording its name
 * are milliseconds apart; an hour leaves room for a slow database and for an object store's clock being off.
 */
export const ORPHAN_GRACE_MS = 3_600_000;

/** How often each candidates process sweeps (listing a large bucket is not free). */
export const SWEEP_INTERVAL_MS = 3_600_000;

/** Names checked against the upload table in one query. */
const BATCH = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface SweepResult {
  /** Stored files no upload references, removed. */
  orphans: string[];
  /** Upload ids whose temporary tus bytes were removed. */
  incoming: string[];
}

/**
 * Removes what uploads leave behind when a process dies or a client walks away:
 * - stored files no upload row references, once `ORPHAN_GRACE_MS` old (a process killed between storing a file and
 *   recording its name); a referenced file is never removed, whatever its age;
 * - temporary tus bytes (`<incomingDir>/<id>` and its `.json`) of an upload whose token has been expired for a
 *   whole token lifetime (it can never be resumed), whose row is gone, or whose row is past receiving (a process
 *   killed after the file was checked and before the bytes were deleted), once `ORPHAN_GRACE_MS` old.
 * Safe to run in several processes at once: each removal is of something nothing will read again.
 */
export async function sweepUploads(orm: MikroORM, deps: Pick<UploadDependencies, 'storage' | 'incomingDir' | 'settings'>, log: Logger, now = new Date()): Promise<SweepResult> {
  const result: SweepResult = { orphans: [], incoming: [] };
  const before = now.getTime() - ORPHAN_GRACE_MS;
  for (const prefix of UPLOAD_PREFIXES) {
    let batch: string[] = [];
    const flush = async () => {
      const em = orm.em.fork();
      const referenced = new Set((await em.find(Upload, { storageName: { $in: batch } }, { fields: ['storageName'] })).map((u) => u.storageName));
      for (const name of batch) {
        if (referenced.has(name)) continue;
        await deps.storage.delete(name);
        result.orphans.push(name);
      }
      batch = [];
    };
    for await (const file of deps.storage.list(prefix)) {
      if (file.storedAt.getTime() > before) continue;
      batch.push(file.name);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
  }

  const entries = await fs.promises.readdir(deps.incomingDir).catch(() => [] as string[]);
  const ids = [...new Set(entries.map((e) => e.replace(/\.json$/, '')).filter((id) => UUID.test(id)))];
  const ttlMs = deps.settings.ZSB_UPLOAD_TOKEN_TTL_SECONDS * 1000;
  for (let i = 0; i < ids.length; i += BATCH) {
    const slice = ids.slice(i, i + BATCH);
    const rows = new Map((await orm.em.fork().find(Upload, { id: { $in: slice } }, { fields: ['id', 'status', 'expiresAt'] })).map((u) => [u.id, u]));
    for (const id of slice) {
      const row = rows.get(id);
      const files = [path.join(deps.incomingDir, id), path.join(deps.incomingDir, `${id}.json`)];
      const stats = await Promise.all(files.map((f) => fs.promises.stat(f).catch(() => undefined)));
      const touched = Math.max(...stats.map((s) => s?.mtimeMs ?? 0));
      // A resumable upload is left alone while its token (or a PATCH begun under it) could still add bytes.
      const abandoned = row?.status === 'RECEIVING' || row?.status === 'WAITING' ? row.expiresAt.getTime() + ttlMs < now.getTime() && touched < now.getTime() - ttlMs : touched < before;
      if (!abandoned) continue;
      await Promise.all(files.map((f) => fs.promises.rm(f, { force: true })));
      result.incoming.push(id);
    }
  }
  if (result.orphans.length || result.incoming.length) log.info('upload leftovers removed', { storedFiles: result.orphans.length, temporaryUploads: result.incoming.length });
  return result;
}
