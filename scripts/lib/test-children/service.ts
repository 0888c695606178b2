/**
 * A tiny platform-like process for the supervisor's tests, run through the same `runService` as the real ones:
 * `/healthz` answers, `/hang` blocks its event loop for good, `/crash` exits with code 3. Arguments: a port (0 for
 * any), and `stubborn` to make stopping hang.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@zsb/platform/logger';
import { runService } from '@zsb/platform/service-process';

const [portArgument = '0', mode = ''] = process.argv.slice(2);
const log = createLogger({ service: 'test-child' }, true);

await runService({
  name: 'test-child',
  log,
  portSetting: 'TEST_CHILD_PORT',
  stopDeadlineMs: mode === 'stubborn' ? 600_000 : 2000,
  async start() {
    const server = http.createServer((req, res) => {
      if (req.url === '/hang') {
        res.end('hanging\n', () => setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0), 10));
      } else if (req.url === '/crash') {
        res.end('crashing\n', () => process.exit(3));
      } else {
        res.end(JSON.stringify({ status: 'ok' }));
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(Number(portArgument), '127.0.0.1', () => resolve());
    });
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      stop: () => (mode === 'stubborn' ? new Promise<void>(() => undefined) : new Promise<void>((resolve) => server.close(() => resolve()))),
    };
  },
});
