import argon2 from 'argon2';

/**
 * argon2id at OWASP's recommended minimum (19 MiB memory, 2 iterations, 1 lane). Hashing runs on libuv's thread
 * pool, so it does not block the event loop.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export class PasswordHasher {
  private dummy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real check, for IDs with no account, so timing does not tell them apart. */
  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= argon2.hash('not-a-real-password-0', OPTIONS);
    await this.verify(await this.dummy, password);
    return false;
  }

  /** Whether a stored hash was made with weaker settings than today's and should be replaced at next sign-in. */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, OPTIONS);
  }
}
