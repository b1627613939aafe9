/**
 * The platform-neutral shape of `/radar` commands: a request from any chat (or `radar cmd`), and a
 * reply that each adapter renders in its own format (Block Kit, embeds, plain text). Every string in
 * a reply may hold untrusted text (feed titles, command arguments): adapters escape it.
 */

export interface CommandRequest {
  /** Radar's channel id (the `id` of a configured channel), not the platform's. */
  channelId: string;
  /** The platform user who typed the command (for logs and admin checks). */
  userId: string;
  /** Whether the user may run mutating commands; decided by the adapter from platform roles. */
  isAdmin: boolean;
  /** Everything after `/radar`, e.g. `search "guardia nacional" since:7d lang:es`. */
  text: string;
}

export type ReplyBlock =
  /** A short bold line. */
  | { type: 'heading'; text: string }
  /** A paragraph of plain text. */
  | { type: 'text'; text: string }
  /** One result (search, top, feeds): a linked title, a meta line (outlet · age · score), an optional detail. */
  | { type: 'item'; title: string; url: string | null; meta: string; detail?: string }
  /** Label/value pairs (status, explain). */
  | { type: 'fields'; fields: Array<{ label: string; value: string }> };

export interface Reply {
  /** False for usage errors and refusals. */
  ok: boolean;
  /** Shown only to the user who asked (query answers, errors); false for `search … share`. */
  ephemeral: boolean;
  blocks: ReplyBlock[];
  /** The whole reply as plain text: notification fallback, console and `radar cmd` output. */
  text: string;
}

export type CommandRunner = (request: CommandRequest) => Promise<Reply>;
