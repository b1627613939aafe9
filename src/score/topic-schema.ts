/**
 * Schema of a topic file (YAML). See docs/topics.md for the format users write; semantic checks
 * that need the whole file (unknown facet names, term syntax) live in compile-topic.ts.
 */
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'expected a lowercase id of letters, digits, ".", "_" or "-"');
const facetName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'expected a facet name of lowercase letters, digits or "_"');

const termEntry = z.union(
  [
    z.string().min(1, 'expected a non-empty term'),
    z
      .object({
        term: z.string().min(1, 'expected a non-empty term'),
        weight: z.number().positive().max(10).default(1),
        lang: z.enum(['en', 'es']).optional(),
      })
      .strict(),
  ],
  { error: 'expected a string or a mapping { term, weight, lang }' },
);

const facetSchema = z
  .object({
    description: z.string().default(''),
    terms: z.array(termEntry).min(1, 'expected at least one term'),
  })
  .strict();

const negativeSchema = z
  .object({
    name: z.string().min(1),
    when: z.array(z.string().min(1, 'expected a non-empty term')).min(1, 'expected at least one context term'),
    cancel: z.array(z.string().min(1)).default([]),
    cancelFacets: z.array(facetName).default([]),
    window: z
      .custom<number | 'item'>((v) => v === 'item' || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 500), {
        error: 'expected a number of words (1–500) or "item"',
      })
      .default(12),
  })
  .strict();

const modelSchema = z
  .object({
    bias: z.number(),
    coreOffset: z.number().max(0).default(-2),
    facets: z.record(z.string(), z.number()),
    pairs: z.record(z.string(), z.number()).default({}),
  })
  .strict();

export const topicFileSchema = z
  .object({
    id,
    name: z.string().min(1),
    description: z.string().default(''),
    threshold: z.number().min(0).max(1).default(0.5),
    titleWeight: z.number().min(1).max(5).default(1.5),
    facets: z.record(facetName, facetSchema).refine((f) => Object.keys(f).length > 0, 'expected at least one facet'),
    negatives: z.array(negativeSchema).default([]),
    model: modelSchema.optional(),
  })
  .strict();

export type TopicFile = z.infer<typeof topicFileSchema>;
