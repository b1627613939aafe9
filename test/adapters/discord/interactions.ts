/**
 * Driving `/radar` interactions through the Discord stand-in: push one, wait for its full answer
 * (a deferral then the edited reply, a direct reply, or an autocomplete answer), and read the
 * embed text as a reader sees it.
 */
import { waitFor, type DiscordStandIn, type InteractionInput, type RestCall } from '../../helpers/discord-stand-in.ts';

const EPHEMERAL = 64;

interface Embed { title?: string; description?: string; fields?: Array<{ name: string; value: string }> }

/** The text a reader sees in embeds, with markdown escapes removed. */
export function embedText(embeds: unknown): string {
  return ((embeds ?? []) as Embed[]).map((e) => [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`)].filter(Boolean).join('\n'))
    .join('\n').replace(/\\(.)/g, '$1');
}

export interface Answer {
  /** The interaction callback (type 4 reply, 5 deferral, 8 autocomplete). */
  callback: { type: number; data?: Record<string, unknown> };
  /** The message that carries the answer: the edited deferral, a follow-up, or the direct reply. */
  message: Record<string, unknown>;
  text: string;
  ephemeral: boolean;
}

/** Pushes an interaction and waits until it is fully answered. */
export async function interact(discord: DiscordStandIn, input: InteractionInput): Promise<Answer> {
  const { token } = discord.pushInteraction(input);
  return answerTo(discord, token);
}

/** Waits until the interaction with this token is fully answered (over the gateway or an HTTP endpoint). */
export async function answerTo(discord: DiscordStandIn, token: string): Promise<Answer> {
  const done = (calls: RestCall[]) => {
    const callback = calls.find((c) => c.route === 'POST /interactions/:id/:token/callback');
    if (!callback) return undefined;
    const body = callback.body as Answer['callback'];
    if (body.type !== 5) return { callback: body, message: body.data ?? {} };
    const edit = calls.find((c) => c.method === 'PATCH' || (c.method === 'POST' && c.route.startsWith('POST /webhooks/')));
    return edit ? { callback: body, message: edit.body as Record<string, unknown> } : undefined;
  };
  const { callback, message } = await waitFor(() => done(discord.answersTo(token)), 5_000);
  const flags = Number((message.flags ?? callback.data?.flags ?? 0) as number);
  const deferredFlags = Number(callback.data?.flags ?? 0);
  return { callback, message, text: embedText(message.embeds), ephemeral: ((callback.type === 5 ? deferredFlags : flags) & EPHEMERAL) !== 0 || (Number(message.flags ?? 0) & EPHEMERAL) !== 0 };
}
