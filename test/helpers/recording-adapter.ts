/** A chat adapter for tests that records what it posts, and fails (retryably) or reports itself disconnected on demand. */
import { AdapterError, type ChatAdapter } from '../../src/adapters/index.ts';
import type { AlertPayload, DigestPayload, FollowUpPayload } from '../../src/shared/alert.ts';

export interface RecordedPost {
  kind: 'alert' | 'reply' | 'digest';
  title: string;
  parent?: string | null;
  id: string;
}

/** Stands in for the adapter named `name` (default the console's): posts are recorded with ids msg-1, msg-2, … */
export function recordingAdapter(name = 'console') {
  const posts: RecordedPost[] = [];
  let n = 0;
  const state: { failing: boolean; problem: string | null; posts: RecordedPost[] } = { failing: false, problem: null, posts };
  const next = () => `msg-${++n}`;
  const adapter: ChatAdapter = {
    name,
    async start() {},
    async stop() {},
    connectionProblem: () => state.problem,
    async post(_target: string, alert: AlertPayload) {
      if (state.failing) throw new AdapterError('platform unavailable (503)');
      const id = next();
      posts.push({ kind: 'alert', title: alert.title, id });
      return id;
    },
    async reply(_target: string, parent: string | null, followUp: FollowUpPayload) {
      if (state.failing) throw new AdapterError('platform unavailable (503)');
      const id = next();
      posts.push({ kind: 'reply', title: followUp.reports.map((r) => r.title).join(' | '), parent, id });
      return id;
    },
    async postOverflow() {
      return next();
    },
    /** A digest is recorded with its headlines joined by " | ". */
    async postDigest(_target: string, digest: DigestPayload) {
      if (state.failing) throw new AdapterError('platform unavailable (503)');
      const id = next();
      posts.push({ kind: 'digest', title: digest.stories.map((s) => s.title).join(' | '), id });
      return id;
    },
  };
  return { adapter, state };
}
