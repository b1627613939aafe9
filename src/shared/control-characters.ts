/**
 * Control characters in text a person typed (a command argument, a term in the config file): C0
 * and C1 controls other than tab, newline and carriage return, and the bidirectional overrides and
 * isolates that can make stored text read differently from what it is. Such input is refused, not
 * cleaned, so that what Radar stores is exactly what the person sees.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const CONTROLS = new RegExp(CONTROL.source, 'gu');

/** The first control character of `text` as `U+0000`, or null when there is none. */
export function findControlCharacter(text: string): string | null {
  const match = CONTROL.exec(text);
  return match ? codePoint(match[0]) : null;
}

/** The text with each control character written as `<U+0000>`, safe to quote back in a message. */
export function showControlCharacters(text: string): string {
  return text.replace(CONTROLS, (c) => `<${codePoint(c)}>`);
}

function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
