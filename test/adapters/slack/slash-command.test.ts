/**
 * `/radar` through the real Bolt against the local Slack stand-in, with an in-test CommandRunner
 * that echoes the request (the command core has its own tests; end-to-end tests with the real core
 * live with it).
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../../src/adapters/slack/index.ts';
import type { CommandRequest, Reply } from '../../../src/commands/types.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { captureLog, shownErrorId } from '../../helpers/capture-log.ts';
import { startSlackStandIn, waitFor, type SlackStandIn } from '../../helpers/slack-stand-in.ts';
import { expectInert, expectValidBlocks, mrkdwnStrings } from './block-kit-checks.ts';

const SIGNING_SECRET = 'test-signing-secret';

/** Echoes the request back; `share` in the text makes the reply public, `boom` makes it throw. */
function echoRunner() {
  const requests: CommandRequest[] = [];
  const run = async (request: CommandRequest): Promise<Reply> => {
    requests.push(request);
    if (request.text.includes('boom')) throw new Error('database exploded at /srv/radar/secret.ts:42');
    return {
      ok: true,
      ephemeral: !request.text.includes('share'),
      blocks: [
        { type: 'heading', text: `echo: ${request.text}` },
        { type: 'text', text: request.text },
        { type: 'item', title: request.text, url: 'https://news.example/a', meta: 'Outlet · 2h · 0.80', detail: request.text },
        {
          type: 'fields',
          fields: [
            { label: 'channel', value: request.channelId },
            { label: 'user', value: request.userId },
            { label: 'admin', value: String(request.isAdmin) },
          ],
        },
      ],
      text: `echo: ${request.text}`,
    };
  };
  return { requests, run };
}

function channelFor(slackChannelId: string): string | null {
  return slackChannelId === 'C0001' ? 'newsroom' : null;
}

describe('slack adapter: /radar over Socket Mode (echo CommandRunner)', () => {
  let standIn: SlackStandIn;
  let adapter: SlackAdapter | null = null;
  let runner: ReturnType<typeof echoRunner>;

  async function start(overrides: Partial<SlackAdapterOptions> = {}): Promise<SlackAdapter> {
    adapter = createSlackAdapter({
      botToken: 'xoxb-test',
      appToken: 'xapp-test',
      apiUrl: standIn.apiUrl,
      runCommand: runner.run,
      channelFor,
      adminUsers: [],
      adminGroups: [],
      logger: silentLogger(),
      ...overrides,
    });
    await adapter.start();
    await standIn.connected();
    return adapter;
  }

  async function command(text: string, userId = 'U0001', channelId = 'C0001') {
    const { envelopeId, responseUrl } = standIn.pushSlashCommand({ text, userId, channelId });
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    const response = await waitFor(() => standIn.responses.find((r) => r.id === id));
    return { envelopeId, body: response.body };
  }

  beforeEach(async () => {
    standIn = await startSlackStandIn();
    runner = echoRunner();
  });

  afterEach(async () => {
    await adapter?.stop();
    adapter = null;
    await standIn.close();
  });

  it('connects through apps.connections.open with the app token at the stand-in URL', async () => {
    const started = await start();
    expect(started.mode).toBe('socket');
    expect(started.port()).toBeNull();
    const [open] = standIn.callsTo('apps.connections.open');
    expect(open?.token).toBe('xapp-test');
    expect(standIn.callsTo('auth.test')[0]?.token).toBe('xoxb-test');
  });

  it('acks the envelope first, then answers ephemerally on response_url', async () => {
    await start({
      runCommand: async (request) => {
        // The ack reaches Slack before the command runs.
        await waitFor(() => standIn.acks.length > 0);
        return runner.run(request);
      },
    });
    const { envelopeId, body } = await command('search "guardia nacional" since:7d');
    expect(standIn.acks.map((a) => a.envelope_id)).toEqual([envelopeId]);
    expect(runner.requests).toEqual([
      { channelId: 'newsroom', userId: 'U0001', isAdmin: true, text: 'search "guardia nacional" since:7d' },
    ]);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toBe('echo: search "guardia nacional" since:7d');
    const blocks = expectValidBlocks(body.blocks);
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context', 'section']);
    expect(JSON.stringify(blocks)).toContain('<https://news.example/a|search \\"guardia nacional\\" since:7d>');
  });

  it('answers in the channel when the reply is not ephemeral', async () => {
    await start();
    const { body } = await command('search sinaloa share');
    expect(body.response_type).toBe('in_channel');
  });

  it('escapes hostile command text in the reply', async () => {
    await start();
    const { body } = await command('watch add <!channel> <@U999> <https://evil.example|bank> @here');
    expectValidBlocks(body.blocks);
    expectInert(mrkdwnStrings(body));
    expect(JSON.stringify(body)).toContain('&lt;!channel&gt;');
    const header = (body.blocks as Array<{ type: string; text: { text: string } }>)[0]!;
    expect(header.text.text).toContain('<!channel>'); // plain_text: shown literally, never parsed
  });

  it('decides isAdmin from adminUsers and adminGroups (group members cached)', async () => {
    standIn.userGroups.set('SEDITORS', ['UGROUP1', 'UGROUP2']);
    await start({ adminUsers: ['UADMIN'], adminGroups: ['SEDITORS'] });
    await command('status', 'UADMIN');
    await command('status', 'UGROUP1');
    await command('status', 'UGROUP2');
    await command('status', 'UOTHER');
    expect(runner.requests.map((r) => [r.userId, r.isAdmin])).toEqual([
      ['UADMIN', true],
      ['UGROUP1', true],
      ['UGROUP2', true],
      ['UOTHER', false],
    ]);
    const lookups = standIn.callsTo('usergroups.users.list');
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.body.usergroup).toBe('SEDITORS');
    expect(lookups[0]!.token).toBe('xoxb-test');
  });

  it('treats a failed user-group lookup as not admin', async () => {
    await start({ adminUsers: [], adminGroups: ['SUNKNOWN'] });
    await command('watch add x', 'U0001');
    expect(runner.requests[0]!.isAdmin).toBe(false);
  });

  it('tells the user when the channel is not mapped to a Radar channel, without running the command', async () => {
    await start();
    const { body } = await command('status', 'U0001', 'CUNMAPPED');
    expect(body.response_type).toBe('ephemeral');
    expect(String(body.text)).toMatch(/not set up for this channel/);
    expect(runner.requests).toHaveLength(0);
  });

  it('answers a failing command with a fixed sentence and the error id of its log line, and no internals', async () => {
    const log = captureLog();
    await start({ logger: log.logger });
    const { body } = await command('boom');
    expect(body.response_type).toBe('ephemeral');
    const errorId = shownErrorId(String(body.text));
    expect(errorId, String(body.text)).not.toBeNull();
    expect(JSON.stringify(body)).not.toMatch(/exploded|secret\.ts|at \//);
    const logged = log.lines().filter((l) => l.errorId === errorId);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ msg: 'command failed', channel: 'newsroom', user: 'U0001', err: { message: expect.stringContaining('database exploded') } });
  });
});

describe('slack adapter: /radar over the HTTP receiver (echo CommandRunner)', () => {
  let standIn: SlackStandIn;
  let adapter: SlackAdapter;
  let runner: ReturnType<typeof echoRunner>;
  let url: string;

  function sign(body: string, timestamp: number, secret = SIGNING_SECRET) {
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
  }

  function post(body: string, headers: Record<string, string>) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  }

  beforeEach(async () => {
    standIn = await startSlackStandIn();
    runner = echoRunner();
    adapter = createSlackAdapter({
      botToken: 'xoxb-test',
      signingSecret: SIGNING_SECRET,
      port: 0,
      host: '127.0.0.1',
      apiUrl: standIn.apiUrl,
      runCommand: runner.run,
      channelFor,
      adminUsers: ['U0001'],
      adminGroups: [],
      logger: silentLogger(),
    });
    await adapter.start();
    url = `http://127.0.0.1:${adapter.port()}/slack/events`;
  });

  afterEach(async () => {
    await adapter.stop();
    await standIn.close();
  });

  it('answers a correctly signed slash command: 200 ack, reply on response_url', async () => {
    expect(adapter.mode).toBe('http');
    const { form, responseUrl } = standIn.slashCommandForm({ text: 'status share' });
    const res = await post(form, sign(form, Math.floor(Date.now() / 1000)));
    expect(res.status).toBe(200);
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    const response = await waitFor(() => standIn.responses.find((r) => r.id === id));
    expect(response.body.response_type).toBe('in_channel');
    expectValidBlocks(response.body.blocks);
    expect(runner.requests).toEqual([{ channelId: 'newsroom', userId: 'U0001', isAdmin: true, text: 'status share' }]);
  });

  it('rejects a badly signed request with 401 and runs nothing', async () => {
    const { form } = standIn.slashCommandForm({ text: 'watch add x' });
    const now = Math.floor(Date.now() / 1000);
    const wrongSecret = await post(form, sign(form, now, 'wrong-secret'));
    const tampered = await post(form.replace('watch', 'mute'), sign(form, now));
    const unsigned = await post(form, {});
    expect([wrongSecret.status, tampered.status, unsigned.status]).toEqual([401, 401, 401]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runner.requests).toHaveLength(0);
    expect(standIn.responses).toHaveLength(0);
  });

  it('rejects a stale request (signed more than 5 minutes ago) with 401 and runs nothing', async () => {
    const { form } = standIn.slashCommandForm({ text: 'watch add x' });
    const res = await post(form, sign(form, Math.floor(Date.now() / 1000) - 6 * 60));
    expect(res.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runner.requests).toHaveLength(0);
    expect(standIn.responses).toHaveLength(0);
  });
});
