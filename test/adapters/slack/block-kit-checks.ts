/**
 * Checks of posted Block Kit against Slack's documented limits, and of mrkdwn against anything that
 * could ping or link: the only `<…>` tokens allowed are http(s) links and date tokens we generate.
 */
import { expect } from 'vitest';

type Json = Record<string, unknown>;

const BLOCK_TYPES = new Set(['section', 'context', 'header', 'divider', 'actions']);

function textObjects(block: Json): Json[] {
  const out: Json[] = [];
  if (block.text) out.push(block.text as Json);
  for (const f of (block.fields as Json[] | undefined) ?? []) out.push(f);
  for (const e of (block.elements as Json[] | undefined) ?? []) out.push(e);
  return out;
}

/** Asserts the blocks are valid Block Kit within Slack's limits and every mrkdwn object is verbatim. */
export function expectValidBlocks(blocks: unknown): Json[] {
  expect(Array.isArray(blocks)).toBe(true);
  const list = blocks as Json[];
  expect(list.length).toBeGreaterThan(0);
  expect(list.length).toBeLessThanOrEqual(50);
  for (const block of list) {
    expect(BLOCK_TYPES.has(String(block.type))).toBe(true);
    if (block.type === 'header') {
      const text = block.text as Json;
      expect(text.type).toBe('plain_text');
      expect(String(text.text).length).toBeGreaterThan(0);
      expect(String(text.text).length).toBeLessThanOrEqual(150);
    }
    if (block.type === 'section') {
      expect(Boolean(block.text) || Boolean(block.fields)).toBe(true);
      if (block.text) expect(String((block.text as Json).text).length).toBeLessThanOrEqual(3000);
      const fields = (block.fields as Json[] | undefined) ?? [];
      expect(fields.length).toBeLessThanOrEqual(10);
      for (const f of fields) expect(String(f.text).length).toBeLessThanOrEqual(2000);
    }
    if (block.type === 'context') {
      const elements = block.elements as Json[];
      expect(elements.length).toBeGreaterThan(0);
      expect(elements.length).toBeLessThanOrEqual(10);
      for (const e of elements) expect(String(e.text).length).toBeLessThanOrEqual(3000);
    }
    if (block.type === 'actions') {
      const elements = block.elements as Json[];
      expect(elements.length).toBeGreaterThan(0);
      expect(elements.length).toBeLessThanOrEqual(25);
      for (const e of elements) {
        expect(e.type).toBe('button');
        const text = e.text as Json;
        expect(text.type).toBe('plain_text');
        expect(String(text.text).length).toBeGreaterThan(0);
        expect(String(text.text).length).toBeLessThanOrEqual(75);
        expect(String(e.action_id).length).toBeLessThanOrEqual(255);
        expect(String(e.value).length).toBeLessThanOrEqual(2000);
      }
      continue;
    }
    for (const t of textObjects(block)) {
      expect(String(t.text).length).toBeGreaterThan(0);
      if (t.type === 'mrkdwn') expect(t.verbatim).toBe(true);
    }
  }
  return list;
}

/** Every mrkdwn string of a message: its fallback text and all text objects. */
export function mrkdwnStrings(message: { text?: unknown; blocks?: unknown }): string[] {
  const out = [String(message.text ?? '')];
  for (const block of (message.blocks as Json[] | undefined) ?? []) {
    for (const t of textObjects(block)) if (t.type === 'mrkdwn') out.push(String(t.text));
  }
  return out;
}

/** Asserts that no `<…>` token other than an http(s) link or a date token appears. */
export function expectInert(strings: string[]): void {
  for (const s of strings) {
    for (const token of s.match(/<[^>]*>?/g) ?? []) {
      expect(token, `unexpected token in ${JSON.stringify(s)}`).toMatch(/^<(https?:\/\/[^|<>\s]+\|[^<>]*|!date\^\d+\^[^|<>]+\|[^<>]+)>$/);
    }
    expect(s).not.toMatch(/<!(channel|here|everyone|subteam)/);
    expect(s).not.toMatch(/<[@#]/);
  }
}
