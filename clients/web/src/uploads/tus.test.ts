// @vitest-environment node
/// <reference types="node" />
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { tusUpload } from './tus.ts';

/* The client against the tus server the candidates subgraph runs (@tus/server with its file store), over real HTTP. */

let dir: string;
let server: http.Server;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tus-client-'));
  const tus = new Server({ path: '/uploads', datastore: new FileStore({ directory: dir }), relativeLocation: true });
  server = http.createServer((req, res) => void tus.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

const bytes = (n: number) => new Blob([Uint8Array.from({ length: n }, (_, i) => (i * 7) % 251)]);
const stored = (location: string) => fs.readFileSync(path.join(dir, location.split('/').pop()!));

describe('tusUpload', () => {
  it('sends a file in chunks and reports progress up to its size', async () => {
    const seen: number[] = [];
    let location = '';
    const send: typeof fetch = async (input, init) => {
      const response = await fetch(String(input).startsWith('/') ? `${base}${input}` : input, init);
      location ||= response.headers.get('location') ?? '';
      return response;
    };
    const result = await tusUpload({ endpoint: '/uploads', token: 't', file: bytes(700_000), chunkBytes: 256 * 1024, fetch: send, onProgress: (done) => seen.push(done) });
    expect(result.ok).toBe(true);
    expect(seen).toEqual([0, 262_144, 524_288, 700_000]);
    expect(stored(location)).toEqual(Buffer.from(await bytes(700_000).arrayBuffer()));
  });

  it('resumes where the server stands after a connection drops, including a chunk that arrived but whose answer was lost', async () => {
    let patches = 0;
    let location = '';
    const send: typeof fetch = async (input, init) => {
      const url = String(input).startsWith('/') ? `${base}${input}` : String(input);
      if (init?.method === 'PATCH') {
        patches++;
        // The second chunk reaches the server but the connection drops before its answer; the third never leaves.
        if (patches === 2) {
          await fetch(url, init);
          throw new TypeError('Failed to fetch');
        }
        if (patches === 3) throw new TypeError('Failed to fetch');
      }
      const response = await fetch(url, init);
      location ||= response.headers.get('location') ?? '';
      return response;
    };
    const result = await tusUpload({ endpoint: '/uploads', token: 't', file: bytes(600_000), chunkBytes: 200_000, retryDelaysMs: [10, 10, 10], fetch: send });
    expect(result.ok).toBe(true);
    expect(stored(location)).toEqual(Buffer.from(await bytes(600_000).arrayBuffer()));
  });

  it('gives up after its retries when the network stays down', async () => {
    const send: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(tusUpload({ endpoint: '/uploads', token: 't', file: bytes(10), retryDelaysMs: [1, 1], fetch: send })).rejects.toThrow('Failed to fetch');
  });

  it('answers a refusal with its code and Chinese message', async () => {
    const send: typeof fetch = async () => new Response(JSON.stringify({ error: { code: 'FILE_TOO_LARGE', message: '“学生证”不能超过10 MB' } }), { status: 413 });
    expect(await tusUpload({ endpoint: '/uploads', token: 't', file: bytes(10), fetch: send })).toEqual({ ok: false, code: 'FILE_TOO_LARGE', message: '“学生证”不能超过10 MB' });
  });
});
