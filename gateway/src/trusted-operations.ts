import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Registered (trusted) operations: the GraphQL documents in `gateway/operations/*.graphql`, by SHA-256 of their
 * text. Partner keys marked "trusted operations only" may send nothing else; any client may send just the hash
 * (`extensions.persistedQuery.sha256Hash`) of a registered operation instead of its text.
 */
export class TrustedOperations {
  private constructor(private readonly byHash: Map<string, string>) {}

  static load(folder: string): TrustedOperations {
    const byHash = new Map<string, string>();
    if (fs.existsSync(folder)) {
      for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.graphql')).sort()) {
        const text = fs.readFileSync(path.join(folder, file), 'utf8').trim();
        byHash.set(TrustedOperations.hash(text), text);
      }
    }
    return new TrustedOperations(byHash);
  }

  static hash(query: string): string {
    return createHash('sha256').update(query.trim()).digest('hex');
  }

  get size(): number {
    return this.byHash.size;
  }

  /** The text of a registered operation by hash. */
  text(hash: string): string | undefined {
    return this.byHash.get(hash);
  }

  isTrusted(query: string): boolean {
    return this.byHash.has(TrustedOperations.hash(query));
  }
}
