/**
 * Reading items to score from JSON Lines (`radar score`, `radar eval`, the fitting script): one
 * object per line with `id`, `title`, `summary`, optional `lang` and, for evaluation, `label`.
 */

/** One line of an input file. */
export interface InputItem {
  id: string;
  title: string;
  summary: string;
  lang: string | null;
  /** 0, 1 or 2 when the line carries a label, else null. */
  label: number | null;
}

/** Parses JSON Lines; problems name the line number. Blank lines are skipped. */
export function parseItemLines(text: string): { items: InputItem[]; problems: string[] } {
  const items: InputItem[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const at = `line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`${at}: not valid JSON`);
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${at}: expected a JSON object`);
      return;
    }
    const o = value as Record<string, unknown>;
    const title = typeof o.title === 'string' ? o.title : o.title == null ? '' : null;
    const summary = typeof o.summary === 'string' ? o.summary : o.summary == null ? '' : null;
    if (title === null || summary === null) {
      problems.push(`${at}: "title" and "summary" must be strings`);
      return;
    }
    const label = typeof o.label === 'number' && [0, 1, 2].includes(o.label) ? o.label : null;
    if (o.label !== undefined && label === null) problems.push(`${at}: "label" must be 0, 1 or 2`);
    const id = typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : String(index + 1);
    items.push({ id, title, summary, lang: typeof o.lang === 'string' ? o.lang : null, label });
  });
  return { items, problems };
}
