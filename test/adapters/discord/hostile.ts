/** A feed item written to ping, format and phish, for checking that Discord output stays inert. */
import type { AlertPayload } from '../../../src/shared/alert.ts';

export const HOSTILE_ALERT: AlertPayload = {
  itemKey: 'wire:1',
  title: '@everyone <@&123> **bold** [evil](https://evil.example) @here \u001b[31mred\u001b[0m # heading',
  url: 'https://wire.example/story?a=1&b=(2)',
  source: 'Wire <@456> Service',
  publishedAt: Date.UTC(2026, 10, 29, 12, 0, 0),
  summary: 'Officials said <#789> that ||spoiler|| and `code` and > quote and [bank](https://evil.example/login).',
  lang: 'en',
  topicId: 'cartel-sovereignty',
  score: 0.87,
  matched: ['Sinaloa', '@everyone'],
  watchMatched: [],
};
