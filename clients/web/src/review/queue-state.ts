import { createQuery } from '@urql/solid';
import type { Client } from '@urql/core';
import { RegistrationsByStatusQuery, ReviewQueueQuery } from './documents.ts';

/**
 * The console's list as the address says it: exam session, status (none: waiting at the reviewer's stage), college,
 * exam city, candidate type and the pages gone through (the cursors, oldest first), so a reload or the back button
 * shows the same list, and a registration opened from it knows its neighbours.
 */
export interface QueueSearch {
  session?: string;
  status?: string;
  college?: string;
  city?: string;
  type?: string;
  /** The `endCursor`s of the pages before this one, joined by `.` (cursors are base64url, which has no `.`). */
  pages?: string;
}

export const QUEUE_KEYS = ['session', 'status', 'college', 'city', 'type', 'pages'] as const;

/** Reads the list's search parameters (the router may give an array for a repeated one: the first counts). */
export function readQueueSearch(params: Record<string, string | string[] | undefined>): QueueSearch {
  const search: QueueSearch = {};
  for (const key of QUEUE_KEYS) {
    const raw = params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value) search[key] = value;
  }
  return search;
}

/** The query string that carries the list to a registration and back (empty when there is nothing to carry). */
export function queueQueryString(search: QueueSearch): string {
  const params = new URLSearchParams();
  for (const key of QUEUE_KEYS) if (search[key]) params.set(key, search[key]!);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function pageTrail(search: QueueSearch): string[] {
  return search.pages ? search.pages.split('.').filter(Boolean) : [];
}

/** The search of the page after this one (its `endCursor` added to the trail) or before it (the last one dropped). */
export function turnPage(search: QueueSearch, direction: 'next' | 'previous', endCursor?: string | null): QueueSearch {
  const trail = pageTrail(search);
  if (direction === 'next') {
    if (!endCursor) return search;
    trail.push(endCursor);
  } else trail.pop();
  return { ...search, pages: trail.length ? trail.join('.') : undefined };
}

/** A filter changed: the paging starts again from the first page. */
export function withFilter(search: QueueSearch, key: 'session' | 'status' | 'college' | 'city' | 'type', value: string): QueueSearch {
  return { ...search, [key]: value || undefined, pages: undefined };
}

/** The id `delta` places from `current` in the list (undefined past either end or when `current` is not listed). */
export function neighbour(ids: readonly string[], current: string, delta: number): string | undefined {
  const at = ids.indexOf(current);
  if (at < 0) return undefined;
  return ids[at + delta];
}

/**
 * Which registration to open after deciding `current`: the one after it in the list as it is now. A decided
 * registration usually leaves the list, so the one now standing where it stood is next; if it stays (a list by
 * status), the one after it.
 */
export function nextAfterDecision(before: readonly string[], after: readonly string[], current: string): string | undefined {
  const stillListed = after.indexOf(current);
  if (stillListed >= 0) return after[stillListed + 1];
  const at = before.indexOf(current);
  const candidates = after.filter((id) => id !== current);
  if (at < 0) return candidates[0];
  // Those before it in the old list that remain keep their order: the first of `after` not among them is next.
  const earlier = new Set(before.slice(0, at));
  return candidates.find((id) => !earlier.has(id));
}

function narrowingOf(s: QueueSearch) {
  return { collegeCode: s.college ?? null, examCity: s.city ?? null, candidateType: s.type ?? null, after: pageTrail(s).at(-1) ?? null };
}

/** The ids of the page a search describes, asked of the server (the page before or after the one on screen). */
export async function fetchPageIds(client: Client, search: QueueSearch, examSessionId: string): Promise<string[]> {
  if (search.status) {
    const answer = await client.query(RegistrationsByStatusQuery, { examSessionId, status: search.status, ...narrowingOf(search) }).toPromise();
    return answer.data?.registrations.nodes.map((n) => n.id) ?? [];
  }
  const answer = await client.query(ReviewQueueQuery, { examSessionId, ...narrowingOf(search) }).toPromise();
  return answer.data?.reviewQueue.nodes.map((n) => n.id) ?? [];
}

/** The list the search describes: the review queue, or the registrations in one status, with the counts in each status. */
export function createQueueQuery(search: () => QueueSearch, examSessionId: () => string | undefined) {
  const narrowing = () => narrowingOf(search());
  const queueVariables = () => ({ examSessionId: examSessionId() ?? '', ...narrowing() });
  const listVariables = () => ({ examSessionId: examSessionId() ?? '', status: search().status ?? '', ...narrowing() });
  const [queue, refetchQueue] = createQuery({
    query: ReviewQueueQuery,
    variables: queueVariables,
    pause: () => !examSessionId() || !!search().status,
  });
  const [listed, refetchListed] = createQuery({
    query: RegistrationsByStatusQuery,
    variables: listVariables,
    pause: () => !examSessionId() || !search().status,
  });
  const page = () => (search().status ? listed.data?.registrations : queue.data?.reviewQueue);
  return {
    page,
    ids: () => page()?.nodes.map((n) => n.id) ?? [],
    counts: () => (search().status ? listed.data?.registrationCounts : queue.data?.registrationCounts) ?? [],
    error: () => (search().status ? listed.error : queue.error),
    fetching: () => (search().status ? listed.fetching : queue.fetching),
    /** Asks the server for the list again (and refreshes every view of it); answers the ids now listed. */
    async fresh(client: Client): Promise<string[] | undefined> {
      if (!examSessionId()) return undefined;
      if (search().status) {
        const answer = await client.query(RegistrationsByStatusQuery, listVariables(), { requestPolicy: 'network-only' }).toPromise();
        return answer.data?.registrations.nodes.map((n) => n.id);
      }
      const answer = await client.query(ReviewQueueQuery, queueVariables(), { requestPolicy: 'network-only' }).toPromise();
      return answer.data?.reviewQueue.nodes.map((n) => n.id);
    },
    refetch: () => (search().status ? refetchListed({ requestPolicy: 'network-only' }) : refetchQueue({ requestPolicy: 'network-only' })),
  };
}
