import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startS3Peer } from '../../../test/support/s3.ts';
import { createFileStorage, LocalFileStorage, readAll, S3FileStorage } from './storage.ts';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-storage-'));

describe('local file storage', () => {
  it('stores bytes under a name it makes, reads them back as a stream and deletes them', async () => {
    const root = tempDir();
    const storage = new LocalFileStorage(root);
    const name = await storage.put('photos', Buffer.from('图片字节'), 'image/jpeg');
    expect(name).toMatch(/^photos\/[0-9a-f]{32}$/);
    expect((await readAll((await storage.get(name))!)).toString()).toBe('图片字节');
    expect(fs.readdirSync(path.join(root, 'photos'))).toEqual([name.split('/')[1]]);
    await storage.delete(name);
    expect(await storage.get(name)).toBeUndefined();
    await storage.delete(name); // deleting what is gone is not an error
  });

  it('never makes the same name twice', async () => {
    const storage = new LocalFileStorage(tempDir());
    const names = await Promise.all(Array.from({ length: 50 }, () => storage.put('materials', Buffer.from('x'), 'image/png')));
    expect(new Set(names).size).toBe(50);
  });

  it('refuses names it did not make, so no path leaves its folder', async () => {
    const storage = new LocalFileStorage(tempDir());
    for (const name of ['../../etc/passwd', 'photos/../../x', 'photos/abc', '/etc/passwd', 'photos/0123456789abcdef0123456789abcdef\0', 'PHOTOS/0123456789abcdef0123456789abcdef']) {
      await expect(storage.get(name)).rejects.toThrow('not a storage name');
      await expect(storage.delete(name)).rejects.toThrow('not a storage name');
    }
    await expect(storage.put('../x', Buffer.from('x'), 'image/png')).rejects.toThrow('storage prefix');
  });

  it('lists the names it made under a prefix with when each was stored, and nothing else', async () => {
    const root = tempDir();
    const storage = new LocalFileStorage(root);
    const names = [await storage.put('photos', Buffer.from('a'), 'image/jpeg'), await storage.put('photos', Buffer.from('b'), 'image/jpeg')];
    await storage.put('materials', Buffer.from('c'), 'image/png');
    fs.writeFileSync(path.join(root, 'photos', 'not-a-name'), 'x');
    fs.writeFileSync(path.join(root, 'photos', '0123456789abcdef0123456789abcdef.part'), 'x');
    const listed = [];
    for await (const file of storage.list('photos')) listed.push(file);
    expect(listed.map((f) => f.name).sort()).toEqual(names.sort());
    expect(listed.every((f) => Math.abs(f.storedAt.getTime() - Date.now()) < 60_000)).toBe(true);
    for await (const file of storage.list('id-cards')) expect.fail(`nothing is stored under id-cards, yet ${file.name} was listed`);
    await expect(async () => {
      for await (const file of storage.list('../x')) expect.fail(file.name);
    }).rejects.toThrow('storage prefix');
  });

  it('removes the half-written file a killed process left behind, and never shows it under a name', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'photos'));
    const half = path.join(root, 'photos', '0123456789abcdef0123456789abcdef.part');
    fs.writeFileSync(half, 'half');
    const storage = new LocalFileStorage(root);
    expect(fs.existsSync(half)).toBe(false);
    expect(await storage.get('photos/0123456789abcdef0123456789abcdef')).toBeUndefined();
  });
});

describe('object storage against an S3 protocol peer (s3rver)', () => {
  it('stores under a name it makes, reads back, lists by prefix and deletes, through the SDK over HTTP', async () => {
    const peer = await startS3Peer('zsb-files', 'province/');
    try {
      const storage = await createFileStorage({ mode: 'test', dataDir: tempDir() }, { ...peer.env });
      expect(storage).toBeInstanceOf(S3FileStorage);
      const bytes = Buffer.from('照片字节'.repeat(1000));
      const name = await storage.put('photos', bytes, 'image/jpeg');
      const other = await storage.put('materials', Buffer.from('x'), 'image/png');
      expect(name).toMatch(/^photos\/[0-9a-f]{32}$/);
      expect((await readAll((await storage.get(name))!)).equals(bytes)).toBe(true);
      const listed = [];
      for await (const file of storage.list('photos')) listed.push(file);
      expect(listed.map((f) => f.name)).toEqual([name]);
      expect(Math.abs(listed[0].storedAt.getTime() - Date.now())).toBeLessThan(60_000);
      await storage.delete(name);
      expect(await storage.get(name)).toBeUndefined();
      await storage.delete(name); // deleting what is gone is not an error
      expect(await storage.get(other)).toBeDefined();
      await expect(storage.get('photos/../../x')).rejects.toThrow('not a storage name');
    } finally {
      await peer.stop();
    }
  });
});

describe('choosing storage from the settings', () => {
  it('keeps files under the data folder by default', async () => {
    const dataDir = tempDir();
    const storage = await createFileStorage({ mode: 'test', dataDir }, {});
    expect(storage).toBeInstanceOf(LocalFileStorage);
    expect(storage.description).toBe(`local:${path.join(dataDir, 'files')}`);
  });

  it('uses the object store when asked, and refuses it without a bucket', async () => {
    const config = { mode: 'test' as const, dataDir: tempDir() };
    await expect(createFileStorage(config, { ZSB_STORAGE: 's3' })).rejects.toThrow('ZSB_S3_BUCKET');
    const storage = await createFileStorage(config, { ZSB_STORAGE: 's3', ZSB_S3_BUCKET: 'zsb-files', ZSB_S3_PREFIX: 'cn-nm/', ZSB_S3_ENDPOINT: 'http://127.0.0.1:9000' });
    expect(storage).toBeInstanceOf(S3FileStorage);
    expect(storage.description).toBe('s3:zsb-files/cn-nm/');
  });
});
