/**
 * The console adapter: prints alerts to a stream (stdout by default). The default adapter when no
 * Slack or Discord token is set, and the one the demo and the end-to-end tests read.
 */
import type { Writable } from 'node:stream';
import type { ChatAdapter } from '../adapter.ts';
import { renderAlert, renderDigest, renderFollowUp, renderOverflow } from './render.ts';

export function createConsoleAdapter(out: Writable = process.stdout): ChatAdapter {
  let counter = 0;
  return {
    name: 'console',
    async start() {},
    async post(target, alert) {
      out.write(`${renderAlert(alert)}\n`);
      return `${target}:${++counter}`;
    },
    async reply(target, _parent, followUp) {
      out.write(`${renderFollowUp(followUp)}\n`);
      return `${target}:${++counter}`;
    },
    async postOverflow(target, overflow) {
      out.write(`${renderOverflow(overflow)}\n`);
      return `${target}:${++counter}`;
    },
    async postDigest(target, digest) {
      out.write(`${renderDigest(digest)}\n`);
      return `${target}:${++counter}`;
    },
    async stop() {},
  };
}
