import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_PORT } from './channel.config.ts';

/** What fetch says when asked for a port: `bad port` for those the Fetch standard blocks, else anything else. */
async function refusalOf(port: number): Promise<string> {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
    return 'answered';
  } catch (error) {
    return String((error as { cause?: { message?: string; code?: string } }).cause?.message ?? (error as Error).message);
  }
}

describe('the payment sandbox port', () => {
  it('is one that fetch (and so the launcher and browsers) will connect to, not one of the Fetch standard\'s blocked ports', async () => {
    expect(await refusalOf(4190)).toBe('bad port');
    expect(await refusalOf(DEFAULT_SANDBOX_PORT)).not.toBe('bad port');
  });
});
