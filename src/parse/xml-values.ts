/**
 * Reading values out of xml2js trees (as rss-parser hands them over): an element may come as a
 * string, as `{ _: text, $: attributes }`, as an array of either, or as nested elements (XHTML
 * content). These helpers turn any of them into a string or null, never throwing.
 */

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Text content: the string itself, `_`, or the concatenated text of child elements. */
export function textOf(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (depth > 32) return null;
  if (Array.isArray(value)) {
    const parts = value.map((v) => textOf(v, depth + 1)).filter((s): s is string => s !== null);
    return parts.length ? parts.join(' ') : null;
  }
  if (!isNode(value)) return null;
  if (typeof value._ === 'string') return value._;
  const parts = Object.entries(value)
    .filter(([k]) => k !== '$')
    .map(([, v]) => textOf(v, depth + 1))
    .filter((s): s is string => s !== null && s !== '');
  return parts.length ? parts.join(' ') : null;
}

/** The first element's text only (for single-valued fields that may repeat). */
export const firstText = (value: unknown): string | null => textOf(Array.isArray(value) ? value[0] : value);

/** Attributes (`$`) of an element, as strings. */
export function attrsOf(value: unknown): Record<string, string> {
  const node = Array.isArray(value) ? value[0] : value;
  const attrs = isNode(node) ? node.$ : undefined;
  if (!isNode(attrs)) return {};
  return Object.fromEntries(Object.entries(attrs).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** A link: a string, an `href` attribute, or element text. */
export function hrefOf(value: unknown): string | null {
  const node = Array.isArray(value) ? value[0] : value;
  if (typeof node === 'string') return node;
  return attrsOf(node).href ?? textOf(node);
}

/** `value` when it is a non-empty string after trimming, else null. */
export function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export { isNode, type Node };
