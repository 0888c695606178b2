import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A process found listening on a TCP port. */
export interface PortOwner {
  pid: number;
  /** Its command line, shortened for a message. */
  command: string;
}

const LISTEN = '0A';
const MAX_COMMAND = 120;

/** Socket inodes listening on `port` (any address, IPv4 or IPv6), read from /proc/net. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== LISTEN) continue;
      if (parseInt(fields[1].split(':').pop() ?? '', 16) === port) inodes.add(fields[9]);
    }
  }
  return inodes;
}

function readCommand(pid: number): string {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    if (args.length === 0) return '';
    const command = [path.basename(args[0]), ...args.slice(1)].join(' ');
    return command.length > MAX_COMMAND ? `${command.slice(0, MAX_COMMAND - 1)}…` : command;
  } catch {
    return '';
  }
}

/**
 * The process listening on `port`, found through /proc (Linux) without outside tools; undefined when there is none,
 * when it belongs to a user whose processes this one may not inspect, or off Linux.
 */
export function findPortOwner(port: number): PortOwner | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone meanwhile, or another user's
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return { pid: Number(pid), command: readCommand(Number(pid)) };
    }
  }
  return undefined;
}

/** "Port 4000 is in use by process 1234 (node …): stop it, or set PORT" in plain words. */
export function portInUseMessage(port: number, setting?: string): string {
  const owner = findPortOwner(port);
  const who = owner ? `process ${owner.pid}${owner.command ? ` (${owner.command})` : ''}` : 'another program';
  return `Port ${port} is in use by ${who}: stop it${setting ? `, or set ${setting} to another port` : ''}.`;
}

/** Whether `port` can be listened on at `host` right now (a real bind, released at once). */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}
