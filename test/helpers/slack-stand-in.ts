/**
 * A local stand-in for Slack, on 127.0.0.1 with a random port, for driving the real @slack/bolt:
 * - Web API under `/api/<method>` (auth.test, chat.postMessage, usergroups.users.list,
 *   apps.connections.open), recording each call with its parsed body and token;
 * - a Socket Mode WebSocket under `/socket` that says `hello`, can push `slash_commands` and
 *   `interactive` (button click) envelopes and records the client's acks;
 * - response_url endpoints under `/respond/<id>` recording what `respond()` posts.
 * Failures are scripted per method with `failNext`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { waitFor } from './wait-for.ts';

/** Re-exported for the tests that drive a stand-in. */
export { waitFor };

export interface ApiCall {
  method: string;
  token: string | null;
  body: Record<string, unknown>;
  /** When the call arrived (Date.now()). */
  at: number;
  /** What the stand-in answered with status 200 (e.g. the message's `ts`); absent while held, or after a scripted failure. */
  answer?: unknown;
}

export interface ScriptedFailure {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
}

export interface SlashCommandInput {
  text: string;
  channelId?: string;
  userId?: string;
  command?: string;
}

/** A click on a button of a message, as Slack reports it in a `block_actions` payload. */
export interface ActionInput {
  actionId: string;
  value: string;
  channelId?: string;
  userId?: string;
  teamId?: string;
  /** Names the click; a payload delivered twice carries the same one. Default: a fresh one. */
  triggerId?: string;
  /** The ts of the message the button is on. */
  messageTs?: string;
}

export interface SlackStandIn {
  /** `http://127.0.0.1:<port>/api/`: the adapter's `apiUrl`. */
  apiUrl: string;
  baseUrl: string;
  calls: ApiCall[];
  callsTo(method: string): ApiCall[];
  /** Members of user groups, for `usergroups.users.list`. */
  userGroups: Map<string, string[]>;
  failNext(method: string, failure: ScriptedFailure): void;
  /**
   * Holds the next call of `method` (recorded, as Slack would have received it) without answering
   * until `release()`: for killing a client while its request is in flight.
   */
  holdNext(method: string): { arrived: Promise<void>; release(): void };
  acks: SocketAck[];
  responses: ResponsePost[];
  /** A fresh response_url. */
  responseUrl(): string;
  /** Resolves once a Socket Mode client is connected (after `hello`). */
  connected(): Promise<void>;
  /** Pushes a `slash_commands` envelope; returns its envelope id and response_url. */
  pushSlashCommand(input: SlashCommandInput): { envelopeId: string; responseUrl: string };
  /** Pushes an `interactive` envelope with a `block_actions` payload; returns its envelope id, response_url and payload. */
  pushAction(input: ActionInput): { envelopeId: string; responseUrl: string; payload: Record<string, unknown> };
  /** Pushes a payload as it was pushed before (a redelivery or replay), in a new envelope. */
  pushPayload(payload: Record<string, unknown>): { envelopeId: string };
  /** The form Slack posts to an HTTP receiver for a button click (`payload=<json>`). */
  actionForm(input: ActionInput): { form: string; responseUrl: string };
  /** Form fields of a slash command, as Slack posts them to an HTTP receiver. */
  slashCommandForm(input: SlashCommandInput): { form: string; responseUrl: string };
  close(): Promise<void>;
}


async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Web API client posts forms whose object values are JSON strings (blocks); JSON bodies also accepted. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (/^[[{]/.test(value)) {
      try {
        body[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON: keep the string
      }
    }
    body[key] = value;
  }
  return body;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startSlackStandIn(): Promise<SlackStandIn> {
  const calls: ApiCall[] = [];
  const failures = new Map<string, ScriptedFailure[]>();
  const holds = new Map<string, Array<{ arrive: () => void; released: Promise<void> }>>();
  const userGroups = new Map<string, string[]>();
  const acks: SocketAck[] = [];
  const responses: ResponsePost[] = [];
  const sockets = new Set<WebSocket>();
  let ts = 1_700_000_000;
  let counter = 0;
  let baseUrl = '';

  function answer(method: string, body: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://radar-test.slack.com/', team: 'Radar Test', team_id: 'T0001', user: 'radar', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'chat.postMessage':
        return { ok: true, channel: body.channel, ts: `${++ts}.000100`, message: { text: body.text } };
      case 'usergroups.users.list': {
        const users = userGroups.get(String(body.usergroup));
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'apps.connections.open':
        return { ok: true, url: `${baseUrl.replace('http', 'ws')}/socket?ticket=${++counter}` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', baseUrl);
      const body = parseBody(raw, req.headers['content-type']);
      if (url.pathname.startsWith('/api/')) {
        const method = url.pathname.slice('/api/'.length);
        const auth = req.headers.authorization;
        const call: ApiCall = { method, token: auth?.startsWith('Bearer ') ? auth.slice(7) : ((body.token as string | undefined) ?? null), body, at: Date.now() };
        calls.push(call);
        const hold = holds.get(method)?.shift();
        if (hold) {
          hold.arrive();
          await hold.released;
          if (res.destroyed || req.socket.destroyed) return;
        }
        const failure = failures.get(method)?.shift();
        if (failure) {
          json(res, failure.status ?? 200, failure.body ?? { ok: false, error: 'scripted_failure' }, failure.headers);
          return;
        }
        call.answer = answer(method, body);
        json(res, 200, call.answer);
        return;
      }
      if (url.pathname.startsWith('/respond/')) {
        responses.push({ id: url.pathname.slice('/respond/'.length), body });
        json(res, 200, { ok: true });
        return;
      }
      json(res, 404, { ok: false, error: 'not_found' });
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/socket')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as SocketAck;
        if (message.envelope_id) acks.push(message);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'stand-in' }, connection_info: { app_id: 'A0001' } }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function responseUrl(): string {
    return `${baseUrl}/respond/${++counter}`;
  }

  function commandPayload(input: SlashCommandInput, url: string): Record<string, string> {
    return {
      token: 'verification-token',
      team_id: 'T0001',
      team_domain: 'radar-test',
      channel_id: input.channelId ?? 'C0001',
      channel_name: 'newsroom',
      user_id: input.userId ?? 'U0001',
      user_name: 'editor',
      command: input.command ?? '/radar',
      text: input.text,
      api_app_id: 'A0001',
      is_enterprise_install: 'false',
      response_url: url,
      trigger_id: `${++counter}.trigger`,
    };
  }

  function actionPayload(input: ActionInput, url: string): Record<string, unknown> {
    const channel = input.channelId ?? 'C0001';
    const user = input.userId ?? 'U0001';
    const team = input.teamId ?? 'T0001';
    const ts = input.messageTs ?? '1700000001.000100';
    return {
      type: 'block_actions',
      user: { id: user, username: 'editor', name: 'editor', team_id: team },
      api_app_id: 'A0001',
      token: 'verification-token',
      container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
      trigger_id: input.triggerId ?? `${++counter}.trigger`,
      team: { id: team, domain: 'radar-test' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: channel, name: 'newsroom' },
      message: { type: 'message', ts, text: 'alert', user: 'UBOT', bot_id: 'BBOT' },
      state: { values: {} },
      response_url: url,
      actions: [{
        action_id: input.actionId, block_id: 'radar_feedback', type: 'button', value: input.value,
        text: { type: 'plain_text', text: input.actionId, emoji: false }, action_ts: `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`,
      }],
    };
  }

  function pushEnvelope(type: string, payload: Record<string, unknown>): string {
    const [ws] = sockets;
    if (!ws) throw new Error('no Socket Mode client is connected');
    const envelopeId = `env-${++counter}`;
    ws.send(JSON.stringify({ envelope_id: envelopeId, type, accepts_response_payload: false, payload }));
    return envelopeId;
  }

  return {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    userGroups,
    holdNext(method) {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => { arrive = resolve; });
      const released = new Promise<void>((resolve) => { release = resolve; });
      holds.set(method, [...(holds.get(method) ?? []), { arrive, released }]);
      return { arrived, release };
    },
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    acks,
    responses,
    responseUrl,
    async connected() {
      await waitFor(() => sockets.size > 0);
    },
    pushSlashCommand(input) {
      const [ws] = sockets;
      if (!ws) throw new Error('no Socket Mode client is connected');
      const url = responseUrl();
      const envelopeId = `env-${++counter}`;
      ws.send(JSON.stringify({ envelope_id: envelopeId, type: 'slash_commands', accepts_response_payload: true, payload: commandPayload(input, url) }));
      return { envelopeId, responseUrl: url };
    },
    pushAction(input) {
      const url = responseUrl();
      const payload = actionPayload(input, url);
      return { envelopeId: pushEnvelope('interactive', payload), responseUrl: url, payload };
    },
    pushPayload(payload) {
      return { envelopeId: pushEnvelope('interactive', payload) };
    },
    actionForm(input) {
      const url = responseUrl();
      return { form: new URLSearchParams({ payload: JSON.stringify(actionPayload(input, url)) }).toString(), responseUrl: url };
    },
    slashCommandForm(input) {
      const url = responseUrl();
      return { form: new URLSearchParams(commandPayload(input, url)).toString(), responseUrl: url };
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
