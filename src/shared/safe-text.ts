/**
 * Untrusted text made safe to keep and to show, for every stage: ANSI escape sequences removed
 * whole (so no `[31m` is left behind), then C0/C1 control characters (tab and newline aside),
 * zero-width and bidi controls, the BOM and lone surrogate halves. And cuts that never split a
 * character: lengths are counted in UTF-16 units (as JavaScript, Slack and Discord count them),
 * but a cut never lands between the two halves of a surrogate pair (an emoji, say).
 */

/** ANSI escape sequences: CSI, OSC and the 8-bit CSI. */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-_]/g;
/** C0/C1 controls except tab and newline, zero-width and bidi controls, BOM, lone surrogates. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ELLIPSIS = '…';

/** The text without escape sequences, control characters and lone surrogates; nothing else changes. */
export function stripControls(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, '');
}

/** `text.slice(0, end)`, one unit shorter when `end` would split a surrogate pair. */
export function sliceWhole(text: string, end: number): string {
  if (end <= 0) return '';
  if (end >= text.length) return text;
  const last = text.charCodeAt(end - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, end - 1) : text.slice(0, end);
}

/**
 * Untrusted text as one clean line of at most `max` units, ending with `…` when cut: what Radar
 * stores and prints of a message it did not write (a feed's error, a server's reason phrase).
 */
export function safeLine(text: string, max: number): string {
  const line = stripControls(text).replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${sliceWhole(line, max - ELLIPSIS.length).trimEnd()}${ELLIPSIS}`;
}
