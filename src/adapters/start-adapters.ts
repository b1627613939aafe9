/** Starts a set of adapters as one: all of them run, or none does. */
import type { ChatAdapter } from './adapter.ts';

/** Starts every adapter in turn; when one fails, stops those already started and throws its error. */
export async function startAdapters(adapters: Iterable<ChatAdapter>): Promise<void> {
  const started: ChatAdapter[] = [];
  try {
    for (const adapter of adapters) {
      await adapter.start();
      started.push(adapter);
    }
  } catch (error) {
    for (const adapter of started.reverse()) await adapter.stop().catch(() => {});
    throw error;
  }
}
