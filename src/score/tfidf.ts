/**
 * TF-IDF text features for the supervised baseline `radar eval` prints beside Radar: word
 * unigrams and bigrams plus character 3–5-grams inside word boundaries, each block weighted by
 * sublinear tf (1 + ln tf) times smoothed idf (ln((1 + n) / (1 + df)) + 1) and scaled to unit
 * length, the two blocks side by side. The idf comes from the training texts only, and n-grams no
 * training text has are dropped when a text is encoded, so a fit knows nothing of held-out texts.
 *
 * N-grams are numbered once by an `NgramDictionary` shared by every fit (cross-validation fits
 * several models on overlapping texts); a fit only reads the numbers of its own texts.
 */

/** A sparse vector: feature indices (ascending) and their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

/** A text's n-grams: their numbers in the dictionary (ascending) and counts. */
export interface TextGrams {
  ids: Int32Array;
  counts: Float64Array;
}

const WORD = /[\p{L}\p{N}_]{2,}/gu;

/** Word unigrams and bigrams of a lowercased text (tokens of two or more letters or digits). */
function wordGrams(text: string): string[] {
  const tokens = text.toLowerCase().match(WORD) ?? [];
  const grams = [...tokens];
  for (let i = 1; i < tokens.length; i += 1) grams.push(`${tokens[i - 1]} ${tokens[i]}`);
  return grams;
}

/** Character 3–5-grams of each whitespace-separated word, padded with one space on each side. */
function charGrams(text: string): string[] {
  const grams: string[] = [];
  for (const word of text.toLowerCase().split(/\s+/)) {
    if (word === '') continue;
    const padded = ` ${word} `;
    for (let n = 3; n <= 5; n += 1) for (let i = 0; i + n <= padded.length; i += 1) grams.push(padded.slice(i, i + n));
  }
  return grams;
}

const BLOCKS: ReadonlyArray<(text: string) => string[]> = [wordGrams, charGrams];

/** Numbers n-grams as texts are analyzed; remembers which block (word or character) each is. */
export interface NgramDictionary {
  /** N-grams numbered so far. */
  readonly size: number;
  analyze(text: string): TextGrams;
  /** 0 for a word n-gram, 1 for a character n-gram. */
  blockOf(id: number): number;
}

export function createNgramDictionary(): NgramDictionary {
  const ids = BLOCKS.map(() => new Map<string, number>());
  const blocks: number[] = [];
  return {
    get size() {
      return blocks.length;
    },
    blockOf: (id) => blocks[id] as number,
    analyze(text: string): TextGrams {
      const tf = new Map<number, number>();
      BLOCKS.forEach((block, b) => {
        const numbers = ids[b] as Map<string, number>;
        for (const gram of block(text)) {
          let id = numbers.get(gram);
          if (id === undefined) {
            id = blocks.length;
            blocks.push(b);
            numbers.set(gram, id);
          }
          tf.set(id, (tf.get(id) ?? 0) + 1);
        }
      });
      const sorted = [...tf.keys()].sort((x, y) => x - y);
      return { ids: Int32Array.from(sorted), counts: Float64Array.from(sorted, (id) => tf.get(id) as number) };
    },
  };
}

/** A fitted weighting: `encode` turns a text's n-grams into a unit-length-per-block vector. */
export interface TfidfVectorizer {
  /** Number of features: indices of encoded vectors are below it. */
  readonly size: number;
  encode(text: TextGrams): SparseVector;
}

/** Fits idf weights on the training texts (analyzed by `dictionary`). */
export function fitTfidf(texts: readonly TextGrams[], dictionary: NgramDictionary): TfidfVectorizer {
  const size = dictionary.size;
  const documentFrequency = new Float64Array(size);
  for (const text of texts) for (const id of text.ids) documentFrequency[id] = (documentFrequency[id] as number) + 1;
  const n = texts.length;
  const idf = Float64Array.from(documentFrequency, (df) => (df > 0 ? Math.log((1 + n) / (1 + df)) + 1 : 0));
  const blockOf = Int8Array.from({ length: size }, (_, id) => dictionary.blockOf(id));
  const blockCount = BLOCKS.length;

  return {
    size,
    encode(text: TextGrams): SparseVector {
      const indices: number[] = [];
      const values: number[] = [];
      const norms = new Float64Array(blockCount);
      text.ids.forEach((id, k) => {
        if (id >= size || idf[id] === 0) return; // an n-gram no training text has
        const weight = (1 + Math.log(text.counts[k] as number)) * (idf[id] as number);
        indices.push(id);
        values.push(weight);
        const block = blockOf[id] as number;
        norms[block] = (norms[block] as number) + weight * weight;
      });
      for (let b = 0; b < blockCount; b += 1) norms[b] = Math.sqrt(norms[b] as number);
      return { indices: Int32Array.from(indices), values: Float64Array.from(values, (v, k) => v / (norms[blockOf[indices[k] as number] as number] as number)) };
    },
  };
}
