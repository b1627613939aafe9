/**
 * Reads a response body while undoing its content codings, with the size cap enforced on the
 * fly: on the raw bytes as they arrive and on the decompressed bytes as zlib produces them.
 * A gzip bomb therefore stops after `maxBytes` of output, not after inflating in full.
 *
 * Also gunzips a body that starts with the gzip magic bytes but came without
 * `Content-Encoding` (servers that store `.xml.gz` and forget the header do this).
 */
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Duplex } from 'node:stream';
import { RadarError } from '../shared/errors.ts';

/** Thrown when the raw or decoded body exceeds the cap (the fetcher adds the URL). */
export class BodyTooLargeError extends RadarError<'fetch_too_large'> {
  constructor(
    readonly stage: 'raw' | 'decoded',
    readonly limit: number,
  ) {
    super('fetch_too_large', `body exceeds ${limit} bytes${stage === 'decoded' ? ' after decompression' : ''}`);
  }
}

/** Thrown for a content coding Radar cannot undo, or a corrupt compressed stream. */
export class BodyDecodeError extends RadarError<'fetch_decode'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('fetch_decode', message, options);
  }
}

/** Counts raw bytes and fails as soon as they exceed the cap. */
async function* capRaw(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new BodyTooLargeError('raw', maxBytes);
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
  }
}

/** Pulls chunks until at least `n` bytes are known (or the body ends), for sniffing. */
async function peek(it: AsyncIterator<Buffer>, n: number): Promise<{ head: Buffer[]; done: boolean }> {
  const head: Buffer[] = [];
  let length = 0;
  while (length < n) {
    const next = await it.next();
    if (next.done) return { head, done: true };
    head.push(next.value);
    length += next.value.length;
  }
  return { head, done: false };
}

/** Replays the peeked chunks, then the rest; closing it closes the underlying body. */
async function* replay(head: Buffer[], it: AsyncIterator<Buffer>, done: boolean): AsyncGenerator<Buffer> {
  try {
    yield* head;
    if (done) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await it.return?.();
  }
}

// Truncated streams are common on flaky servers: keep what was inflated instead of failing.
const ZLIB_LENIENT = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

/** A zlib stream that undoes one content coding; `first` is the start of its input. */
function decoderFor(coding: string, first: Buffer | null): Duplex {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(ZLIB_LENIENT);
    case 'deflate': {
      // "deflate" should be zlib-wrapped (RFC 9110 §8.4.1.2) but some servers send raw deflate.
      const b0 = first?.[0];
      const b1 = first?.[1];
      const zlibWrapped = b0 !== undefined && b1 !== undefined && (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
      return zlibWrapped || first === null ? zlib.createInflate(ZLIB_LENIENT) : zlib.createInflateRaw(ZLIB_LENIENT);
    }
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      throw new BodyDecodeError(`unsupported Content-Encoding "${coding}"`);
  }
}

/** zlib and brotli stream errors carry a numeric `errno` and a `Z_*` / `ERR__*` code. */
function isZlibError(error: unknown): boolean {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  return typeof errno === 'number' && typeof code === 'string' && /^(?:Z_|ERR__|ERR_BROTLI)/.test(code);
}

const isGzipMagic = (head: Buffer): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/**
 * Reads `body` to a Buffer.
 * @param encodings content codings in the order the server applied them (see `FeedResponse`).
 * @throws BodyTooLargeError, BodyDecodeError, or the signal's abort error.
 */
export async function readBody(
  body: AsyncIterable<Uint8Array>,
  encodings: string[],
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  const it = capRaw(body, maxBytes)[Symbol.asyncIterator]();
  const { head, done } = await peek(it, 2);
  const start = Buffer.concat(head);
  const codings = encodings.length === 0 && isGzipMagic(start) ? ['gzip'] : encodings;
  // Undo codings in reverse order of application; only the outermost one can be sniffed.
  const decoders = [...codings].reverse().map((c, i) => decoderFor(c, i === 0 ? start : null));

  const chunks: Buffer[] = [];
  let total = 0;
  const sink = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) throw new BodyTooLargeError('decoded', maxBytes);
      chunks.push(chunk);
    }
  };
  try {
    const streams = [replay(head, it, done), ...decoders, sink] as unknown as Parameters<typeof pipeline>;
    await (pipeline as (...args: unknown[]) => Promise<void>)(...streams, { signal });
  } catch (error) {
    if (error instanceof BodyTooLargeError || signal?.aborted) throw error;
    if (decoders.length > 0 && isZlibError(error)) {
      throw new BodyDecodeError(`corrupt ${codings.join(', ')} body: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
  return Buffer.concat(chunks, total);
}
