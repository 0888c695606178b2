/** Drafts of forms in `sessionStorage` (this tab only, gone when it closes), under one prefix. */
const PREFIX = 'zsb.draft.';

function store(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

export function readDraft<T>(key: string): Partial<T> | undefined {
  try {
    const raw = store()?.getItem(PREFIX + key);
    const value: unknown = raw ? JSON.parse(raw) : undefined;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Partial<T>) : undefined;
  } catch {
    return undefined;
  }
}

export function writeDraft(key: string, values: unknown): void {
  try {
    store()?.setItem(PREFIX + key, JSON.stringify(values));
  } catch {
    // Storage full or off: the form still works, it just does not survive a reload.
  }
}

export function clearDraft(key: string): void {
  try {
    store()?.removeItem(PREFIX + key);
  } catch {
    // Nothing was kept.
  }
}
