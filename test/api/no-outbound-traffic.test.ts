import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../support/platform.ts';

/** Every address a socket of this process is asked to connect to while the platform runs. */
const destinations: string[] = [];
const originalConnect = net.Socket.prototype.connect;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.') || host.startsWith('/');
}

describe('the platform talks to nobody but itself', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      // net.connect() hands the socket its arguments already normalised, as an array whose first item is the options.
      const raw = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
      const first = raw as { host?: string; path?: string; port?: number } | number | string;
      const host = typeof first === 'object' && first ? (first.path ?? first.host ?? 'localhost') : typeof first === 'string' ? first : String(args[1] ?? 'localhost');
      destinations.push(host);
      return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    platform = await startPlatform('sqlite');
  });
  afterAll(async () => {
    await platform?.stop();
    net.Socket.prototype.connect = originalConnect;
  });

  it('starting the gateway and answering requests opens no connection beyond loopback (no usage telemetry, no cloud metadata probes)', async () => {
    const answer = await platform.graphql<{ provinces: { code: string }[] }>('{ provinces { code } }');
    expect(answer.data?.provinces.length).toBeGreaterThan(0);
    // Cloud metadata detectors answer within their own time-outs; give them the chance to show themselves.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(destinations.length).toBeGreaterThan(0);
    expect(destinations.filter((host) => !isLoopback(host))).toEqual([]);
  });
});
