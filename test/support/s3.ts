import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** An S3 protocol peer in this process (s3rver: buckets as folders), for `ZSB_STORAGE=s3` without an object store. */
export interface S3Peer {
  /** The settings that point the platform's storage at it. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

interface S3rverServer {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}

/** Starts s3rver on a free port with one bucket; its access key and secret are s3rver's fixed `S3RVER`. */
export async function startS3Peer(bucket = 'zsb-files', prefix = ''): Promise<S3Peer> {
  const S3rver = createRequire(import.meta.url)('s3rver') as new (options: Record<string, unknown>) => S3rverServer;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    env: { ZSB_STORAGE: 's3', ZSB_S3_ENDPOINT: `http://127.0.0.1:${port}`, ZSB_S3_BUCKET: bucket, ZSB_S3_PREFIX: prefix, ZSB_S3_REGION: 'us-east-1', ZSB_S3_ACCESS_KEY_ID: 'S3RVER', ZSB_S3_SECRET_ACCESS_KEY: 'S3RVER', ZSB_S3_FORCE_PATH_STYLE: '1' },
    async stop() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
