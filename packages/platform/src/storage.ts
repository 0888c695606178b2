import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { str, url } from 'envalid';
import { oneOf, readSettings, type PlatformConfig } from './config.ts';

/**
 * Where accepted files live: never in the database. One interface, two places: a folder under the data directory
 * (the default) and an S3-compatible object store (production with more than one machine). Names are made here, by
 * the server; what a caller called its file never reaches the storage.
 */
export interface FileStorage {
  /** Stores the bytes under a new server-generated name (`<prefix>/<random>`) and answers that name. */
  put(prefix: string, data: Uint8Array, contentType: string): Promise<string>;
  /** The stored bytes as a stream, or undefined when nothing is stored under the name. */
  get(name: string): Promise<Readable | undefined>;
  /** Removes the bytes; removing what is not there is not an error. */
  delete(name: string): Promise<void>;
  /**
   * Every stored name under a prefix with when it was stored, for the sweep of files no record references (a
   * process killed between storing a file and recording it). Only names this code makes are listed.
   */
  list(prefix: string): AsyncIterable<StoredFile>;
  /** Where the files are, for the logs (`local:/data/files`, `s3:bucket/prefix`). */
  readonly description: string;
}

/** A stored file as listed: its name and when it was written. */
export interface StoredFile {
  name: string;
  storedAt: Date;
}

/** The settings of file storage (`ZSB_STORAGE`, the object store's address, bucket and keys). */
export const STORAGE_SETTINGS = {
  ZSB_STORAGE: oneOf(['local', 's3'] as const)({ default: 'local', desc: 'where accepted files are kept: local (a folder under ZSB_DATA_DIR) or s3 (an S3-compatible object store)' }),
  ZSB_STORAGE_DIR: str({ default: undefined, desc: 'local storage: the folder (default <ZSB_DATA_DIR>/files)' }),
  ZSB_S3_ENDPOINT: url({ default: undefined, desc: "s3: the object store's address (unset: AWS's own for the region)" }),
  ZSB_S3_REGION: str({ default: 'us-east-1', desc: 's3: region' }),
  ZSB_S3_BUCKET: str({ default: undefined, desc: 's3: bucket (required for s3)' }),
  ZSB_S3_PREFIX: str({ default: '', desc: 's3: key prefix inside the bucket' }),
  ZSB_S3_ACCESS_KEY_ID: str({ default: undefined, desc: 's3: access key id (unset: the SDK finds credentials as usual)' }),
  ZSB_S3_SECRET_ACCESS_KEY: str({ default: undefined, desc: 's3: secret access key' }),
  ZSB_S3_FORCE_PATH_STYLE: oneOf(['0', '1'] as const)({ default: '1', desc: 's3: 1 addresses buckets by path (MinIO, Ceph and most self-hosted stores), 0 by host name' }),
};

/** A storage name: `<prefix>/<32 hex>`; anything else (`..`, slashes, NUL) is never a name this code made. */
const NAME = /^[a-z0-9-]{1,40}\/[0-9a-f]{32}$/;
const PREFIX = /^[a-z0-9-]{1,40}$/;

function newName(prefix: string): string {
  if (!PREFIX.test(prefix)) throw new Error(`storage prefix must be lower-case letters, digits and dashes, not "${prefix}"`);
  return `${prefix}/${randomBytes(16).toString('hex')}`;
}

function checkName(name: string): string {
  if (!NAME.test(name)) throw new Error('not a storage name');
  return name;
}

/**
 * Files in a folder. A file is written to a temporary name and renamed into place, so a process killed mid-write
 * leaves no half file under a real name (only a `.part` the next start removes).
 */
export class LocalFileStorage implements FileStorage {
  readonly description: string;

  constructor(private readonly root: string) {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    this.description = `local:${root}`;
    this.removeLeftovers();
  }

  private pathOf(name: string): string {
    return path.join(this.root, checkName(name));
  }

  async put(prefix: string, data: Uint8Array, _contentType: string): Promise<string> {
    const name = newName(prefix);
    const target = this.pathOf(name);
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const part = `${target}.part`;
    const handle = await fs.promises.open(part, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(part, target);
    return name;
  }

  async get(name: string): Promise<Readable | undefined> {
    const file = this.pathOf(name);
    try {
      const handle = await fs.promises.open(file, 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(name: string): Promise<void> {
    await fs.promises.rm(this.pathOf(name), { force: true });
  }

  async *list(prefix: string): AsyncIterable<StoredFile> {
    if (!PREFIX.test(prefix)) throw new Error(`storage prefix must be lower-case letters, digits and dashes, not "${prefix}"`);
    let files: string[];
    try {
      files = await fs.promises.readdir(path.join(this.root, prefix));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const file of files) {
      const name = `${prefix}/${file}`;
      if (!NAME.test(name)) continue;
      const stat = await fs.promises.stat(path.join(this.root, name)).catch(() => undefined);
      if (stat) yield { name, storedAt: stat.mtime };
    }
  }

  /** Half-written files of a process that died while writing. */
  private removeLeftovers(): void {
    for (const folder of fs.readdirSync(this.root, { withFileTypes: true })) {
      if (!folder.isDirectory()) continue;
      const dir = path.join(this.root, folder.name);
      for (const file of fs.readdirSync(dir)) if (file.endsWith('.part')) fs.rmSync(path.join(dir, file), { force: true });
    }
  }
}

/** Files in an S3-compatible object store (AWS S3, MinIO, Ceph, Alibaba OSS's S3 endpoint), through AWS's own SDK. */
export class S3FileStorage implements FileStorage {
  readonly description: string;

  constructor(
    private readonly sdk: typeof import('@aws-sdk/client-s3'),
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix = '',
  ) {
    this.description = `s3:${bucket}/${prefix}`;
  }

  private key(name: string): string {
    return `${this.prefix}${checkName(name)}`;
  }

  async put(prefix: string, data: Uint8Array, contentType: string): Promise<string> {
    const name = newName(prefix);
    // A PUT is all or nothing in S3: a failed one leaves no object under the key.
    await this.client.send(new this.sdk.PutObjectCommand({ Bucket: this.bucket, Key: this.key(name), Body: data, ContentType: contentType, ContentLength: data.byteLength }));
    return name;
  }

  async get(name: string): Promise<Readable | undefined> {
    try {
      const answer = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: this.key(name) }));
      return answer.Body as Readable | undefined;
    } catch (error) {
      if (error instanceof this.sdk.NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async delete(name: string): Promise<void> {
    await this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(name) }));
  }

  async *list(prefix: string): AsyncIterable<StoredFile> {
    if (!PREFIX.test(prefix)) throw new Error(`storage prefix must be lower-case letters, digits and dashes, not "${prefix}"`);
    let token: string | undefined;
    do {
      const page = await this.client.send(new this.sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${this.prefix}${prefix}/`, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const name = object.Key?.slice(this.prefix.length) ?? '';
        if (NAME.test(name)) yield { name, storedAt: object.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}

/** The storage the settings name. The object store's SDK is loaded only when it is used (it is large, and warns on Node 20). */
export async function createFileStorage(config: PlatformConfig, env: NodeJS.ProcessEnv): Promise<FileStorage> {
  const settings = readSettings(env, STORAGE_SETTINGS);
  if (settings.ZSB_STORAGE === 'local') return new LocalFileStorage(path.resolve(settings.ZSB_STORAGE_DIR ?? path.join(config.dataDir, 'files')));
  if (!settings.ZSB_S3_BUCKET) throw new Error('ZSB_S3_BUCKET must be set when ZSB_STORAGE is s3');
  const credentials = settings.ZSB_S3_ACCESS_KEY_ID && settings.ZSB_S3_SECRET_ACCESS_KEY ? { accessKeyId: settings.ZSB_S3_ACCESS_KEY_ID, secretAccessKey: settings.ZSB_S3_SECRET_ACCESS_KEY } : undefined;
  const sdk = await import('@aws-sdk/client-s3');
  const client = new sdk.S3Client({ region: settings.ZSB_S3_REGION, endpoint: settings.ZSB_S3_ENDPOINT, forcePathStyle: settings.ZSB_S3_FORCE_PATH_STYLE === '1', credentials });
  return new S3FileStorage(sdk, client, settings.ZSB_S3_BUCKET, settings.ZSB_S3_PREFIX);
}

/** Reads a stored file whole (images a job analyses: at most the rules' size). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Sends a stored file to a writable (an HTTP answer). */
export function streamTo(stream: Readable, target: NodeJS.WritableStream): Promise<void> {
  return pipeline(stream, target);
}
