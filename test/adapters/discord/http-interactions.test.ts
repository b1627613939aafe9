/**
 * The optional HTTP interactions endpoint: Ed25519 signatures checked with node:crypto (bad,
 * missing or stale → 401), PING → PONG, and `/radar` commands and autocomplete answered by the same
 * handling as over the gateway: the deferral in the HTTP response, the answer through the webhook.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index.ts';
import type { CommandRequest, Reply } from '../../../src/commands/types.ts';
import { captureLog, shownErrorId, type CapturedLog } from '../../helpers/capture-log.ts';
import { CHANNEL_ID, OTHER_CHANNEL_ID, PERMISSIONS, startDiscordStandIn, waitFor, type DiscordStandIn } from '../../helpers/discord-stand-in.ts';
import { embedText } from './interactions.ts';

function keys(): { privateKey: KeyObject; publicHex: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicHex: der.subarray(der.length - 32).toString('hex') };
}

describe('Discord HTTP interactions endpoint', () => {
  let discord: DiscordStandIn;
  let adapter: DiscordAdapter;
  let signer: ReturnType<typeof keys>;
  const requests: CommandRequest[] = [];
  let log: CapturedLog;

  beforeEach(async () => {
    discord = await startDiscordStandIn();
    signer = keys();
    log = captureLog();
    adapter = createDiscordAdapter({
      token: 'discord-http-token.0001', apiUrl: discord.apiUrl, publicKey: signer.publicHex, interactionsPort: 0, interactionsHost: '127.0.0.1',
      runCommand: async (request): Promise<Reply> => {
        requests.push(request);
        if (request.text.includes('boom')) throw new Error('database exploded at /srv/radar/secret.ts:42');
        return { ok: true, ephemeral: true, blocks: [{ type: 'text', text: `ran ${request.text}` }], text: `ran ${request.text}` };
      },
      channelFor: (id) => (id === CHANNEL_ID ? 'newsroom' : null),
      suggest: async (_channel, field) => (field === 'watch' ? ['Harfuch', 'guardia nacional'] : []),
      adminRoles: [], logger: log.logger,
    });
    await adapter.start();
  });
  afterEach(async () => {
    await adapter.stop();
    await discord.close();
  });

  async function post(body: string, headers: Record<string, string>) {
    const response = await fetch(`http://127.0.0.1:${adapter.interactionsPort()}/discord/interactions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await response.text();
    return { status: response.status, json: text.startsWith('{') ? (JSON.parse(text) as { type: number; data?: Record<string, unknown> }) : null };
  }
  function signed(payload: unknown, timestamp = String(Math.floor(Date.now() / 1000)), key = signer.privateKey) {
    const body = JSON.stringify(payload);
    const signature = sign(null, Buffer.from(timestamp + body), key).toString('hex');
    return { body, headers: { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp } };
  }

  it('answers a signed PING with PONG', async () => {
    const { body, headers } = signed({ type: 1, id: '1', token: 't', application_id: '1' });
    expect(await post(body, headers)).toEqual({ status: 200, json: { type: 1 } });
  });

  it('refuses a bad, missing, foreign or stale signature with 401', async () => {
    const ping = { type: 1, id: '1', token: 't', application_id: '1' };
    const good = signed(ping);
    expect((await post(good.body.replace('"type":1', '"type":2'), good.headers)).status).toBe(401);
    expect((await post(good.body, {})).status).toBe(401);
    expect((await post(good.body, { ...good.headers, 'x-signature-ed25519': 'zz' })).status).toBe(401);
    const foreign = signed(ping, undefined, keys().privateKey);
    expect((await post(foreign.body, foreign.headers)).status).toBe(401);
    const stale = signed(ping, String(Math.floor(Date.now() / 1000) - 3600));
    expect((await post(stale.body, stale.headers)).status).toBe(401);
  });

  it('defers a command in the HTTP response and writes the answer through the webhook', async () => {
    const { token, payload } = discord.interactionPayload({ command: 'watch add', options: { term: 'Harfuch' }, permissions: PERMISSIONS.viewAndSend | PERMISSIONS.manageChannels });
    const { body, headers } = signed(payload);
    const answer = await post(body, headers);
    expect(answer).toEqual({ status: 200, json: { type: 5, data: { flags: 64 } } });
    const edit = await waitFor(() => discord.answersTo(token).find((c) => c.method === 'PATCH'), 5_000);
    expect(edit.route).toBe('PATCH /webhooks/:app/:token/messages/@original');
    expect(edit.auth).toBeNull();
    expect((edit.body as Record<string, unknown>).allowed_mentions).toEqual({ parse: [] });
    expect(embedText((edit.body as Record<string, unknown>).embeds)).toBe('ran watch add Harfuch');
    expect(requests.at(-1)).toMatchObject({ channelId: 'newsroom', isAdmin: true, text: 'watch add Harfuch' });

    // The same signed request again (a replay within the signature's five minutes) runs nothing.
    const ran = requests.length;
    expect((await post(body, headers)).status).toBe(401);
    expect(requests).toHaveLength(ran);

    const plain = discord.interactionPayload({ command: 'watch add', options: { term: 'x' }, roles: [] });
    const second = signed(plain.payload);
    await post(second.body, second.headers);
    await waitFor(() => discord.answersTo(plain.token).length > 0, 5_000);
    expect(requests.at(-1)!.isAdmin).toBe(false);
  });

  it('answers a failing command with a fixed sentence and the error id of its log line, and no internals', async () => {
    const { token, payload } = discord.interactionPayload({ command: 'search', options: { query: 'boom' } });
    const { body, headers } = signed(payload);
    await post(body, headers);
    const edit = await waitFor(() => discord.answersTo(token).find((c) => c.method === 'PATCH'), 5_000);
    const text = embedText((edit.body as Record<string, unknown>).embeds);
    const errorId = shownErrorId(text);
    expect(errorId, text).not.toBeNull();
    expect(JSON.stringify(edit.body)).not.toMatch(/exploded|secret\.ts|at \//);
    const logged = log.lines().filter((l) => l.errorId === errorId);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ msg: 'command failed', channel: 'newsroom', err: { message: expect.stringContaining('database exploded') } });
  });

  it('answers autocomplete and an unmapped channel in the HTTP response', async () => {
    const auto = signed(discord.interactionPayload({ command: 'watch remove', options: { term: 'gua' }, focused: 'term' }).payload);
    expect(await post(auto.body, auto.headers)).toEqual({ status: 200, json: { type: 8, data: { choices: [{ name: 'guardia nacional', value: 'guardia nacional' }] } } });
    const elsewhere = signed(discord.interactionPayload({ command: 'status', channelId: OTHER_CHANNEL_ID }).payload);
    const answer = await post(elsewhere.body, elsewhere.headers);
    expect(answer.json!.type).toBe(4);
    expect(answer.json!.data!.flags).toBe(64);
    expect(embedText(answer.json!.data!.embeds)).toContain('not set up for this channel');
  });
});
