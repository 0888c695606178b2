import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findPortOwner, portInUseMessage, portIsFree } from './port-owner.ts';

function listenOnFreePort(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

describe('who holds a port', () => {
  const servers: net.Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  it.runIf(process.platform === 'linux')('finds the process listening on a port, with its command line', async () => {
    const server = await listenOnFreePort();
    servers.push(server);
    const owner = findPortOwner(portOf(server));
    expect(owner?.pid).toBe(process.pid);
    expect(owner?.command).toMatch(/^node/);
  });

  it.runIf(process.platform === 'linux')('says in plain words which process holds the port and which setting moves the platform off it', async () => {
    const server = await listenOnFreePort();
    servers.push(server);
    const port = portOf(server);
    expect(portInUseMessage(port, 'PORT')).toMatch(new RegExp(`^Port ${port} is in use by process ${process.pid} \\(node[^)]*\\): stop it, or set PORT to another port\\.$`));
  });

  it('finds nobody on a port nobody listens on, and says the port is free', async () => {
    const server = await listenOnFreePort();
    const port = portOf(server);
    expect(await portIsFree(port)).toBe(false);
    await new Promise((resolve) => server.close(resolve));
    expect(findPortOwner(port)).toBeUndefined();
    expect(await portIsFree(port)).toBe(true);
    expect(portInUseMessage(port)).toBe(`Port ${port} is in use by another program: stop it.`);
  });
});
