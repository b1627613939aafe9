/**
 * Building neutral replies: `text` is derived from the blocks so every platform has the same
 * fallback, and a hit's meta line reads the same in search, top and explain.
 */
import { formatAge } from '../shared/duration.ts';
import type { ItemHit } from '../store/index.ts';
import type { Reply, ReplyBlock } from './types.ts';

/** Builds a Reply; `text` is derived from the blocks so every platform has the same fallback. */
export function reply(blocks: ReplyBlock[], options: { ok?: boolean; ephemeral?: boolean } = {}): Reply {
  const text = blocks.map((b) => {
    switch (b.type) {
      case 'heading':
      case 'text':
        return b.text;
      case 'item':
        return [`• ${b.title}${b.url ? ` <${b.url}>` : ''}`, `  ${b.meta}`, ...(b.detail ? [`  ${b.detail}`] : [])].join('\n');
      case 'fields':
        return b.fields.map((f) => `${f.label}: ${f.value}`).join('\n');
    }
  }).join('\n');
  return { ok: options.ok ?? true, ephemeral: options.ephemeral ?? true, blocks, text };
}

/** A one-paragraph reply; `ok` false for refusals. */
export const say = (text: string, ok = true): Reply => reply([{ type: 'text', text }], { ok });

/** "outlet · 3h ago · score 0.87 · es" for a stored item. */
export function meta(hit: ItemHit, now: number): string {
  return [hit.source, `${formatAge(now - hit.publishedAt)} ago`, hit.score === null ? null : `score ${hit.score.toFixed(2)}`, hit.lang]
    .filter(Boolean).join(' · ');
}

/** A stored item as a reply line: its title (or the start of its summary), link and meta. */
export function itemBlock(hit: ItemHit, now: number, extraMeta = ''): ReplyBlock {
  return { type: 'item', title: hit.title || hit.summary.slice(0, 120), url: hit.url, meta: `${meta(hit, now)}${extraMeta}` };
}
