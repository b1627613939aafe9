/**
 * The one port through which a chat adapter reaches Radar's commands: run a `/radar` command, find
 * the Radar channel a platform channel is mapped to, suggest completions, and record a click on an
 * alert's feedback button. Who counts as an
 * admin is the adapter's own decision (it reads platform roles and its own settings) and travels
 * with each request as `isAdmin`.
 */
import type { CommandRunner, SuggestField } from '../commands/index.ts';
import type { AlertFeedback, FeedbackAnswer } from '../feedback/index.ts';

export interface CommandPort {
  /** Answers a `/radar` command. */
  run: CommandRunner;
  /** The Radar channel id that a platform channel (a channel's `target`) is mapped to, or null. */
  channelFor(target: string): string | null;
  /** Completion values for a Radar channel: its watch or mute terms, topics, chat-added feeds. */
  suggest(channelId: string, field: SuggestField): Promise<string[]>;
  /** Records a click on an alert's feedback button (after the adapter's own checks) and says what it did. */
  feedback(request: AlertFeedback): Promise<FeedbackAnswer>;
}

/** A configured channel as the port maps it: Radar's id, and where it lives on which adapter. */
export interface ChannelTarget {
  id: string;
  adapter: string;
  target: string;
}

/** The port for one adapter: the shared command core, with channels looked up among that adapter's. */
export function commandPortFor(adapter: string, channels: readonly ChannelTarget[], core: Omit<CommandPort, 'channelFor'>): CommandPort {
  const byTarget = new Map(channels.filter((c) => c.adapter === adapter).map((c) => [c.target, c.id]));
  return { run: core.run, suggest: core.suggest, feedback: core.feedback, channelFor: (target) => byTarget.get(target) ?? null };
}
