/**
 * Maps what rss-parser, xml2js and sax throw (Error, TypeError, RangeError, with multi-line sax
 * messages) to a `ParseError` with a one-line message that says what is wrong.
 */
import { ParseError } from '../shared/errors.ts';

/** @param root the document's root element, for messages ("<rss>", "<note>"). */
export function toParseError(error: unknown, root: string): ParseError {
  if (error instanceof ParseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/Feed not recognized/i.test(message)) {
    return new ParseError('parse_unsupported_format', `unsupported document: root element <${root}> is not RSS, RDF or Atom`, {
      cause: error,
    });
  }
  if (/Unable to parse XML/i.test(message)) {
    return new ParseError('parse_failed', 'XML document has no root element', { cause: error });
  }
  // sax: "Unexpected close tag\nLine: 5\nColumn: 3\nChar: >"
  const sax = /^(.*)\nLine: (\d+)\nColumn: (\d+)/.exec(message);
  if (sax) {
    const [, what, line, column] = sax;
    return new ParseError('parse_failed', `XML is not well-formed: ${what} (line ${Number(line) + 1}, column ${column})`, {
      cause: error,
    });
  }
  const kind = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
  return new ParseError('parse_failed', `could not read <${root}> document: ${kind}${message.split('\n')[0]}`, {
    cause: error,
  });
}
