/** A digest of many stories written to ping, format and phish, for checking that posted digests stay inert and within limits. */
import type { DigestPayload, DigestStory } from '../../src/shared/alert.ts';

/** Story `i` of a hostile digest: long, with mentions, markup and a link trap in headline and outlets. */
export function hostileStory(i: number): DigestStory {
  return {
    storyId: 1_000 + i,
    title: `${i} @everyone <!channel> <@U999> <@&123> **bold** *urgent* [evil](https://evil.example) <https://evil.example|bank> ${'Cártel de Sinaloa ataca '.repeat(20)}`,
    url: i % 3 === 0 ? 'javascript:alert(1)' : `https://wire.example/story-${i}?a=1&b=(2)|x>y`,
    sources: [`Wire <@456> Service ${i}`, '@here Diario _MX_', 'El Universal', 'Reuters', 'AP', 'AFP'],
    outlets: 9,
    langs: ['es', 'en', '<!here>'],
    score: 0.99 - i / 1_000,
    held: i % 2 === 0,
  };
}

/** A 24h digest of `count` hostile stories plus `more` left out of it. */
export function hostileDigest(count: number, more = 0): DigestPayload {
  const until = Date.UTC(2026, 11, 2, 14, 0, 0);
  return { window: '24h', since: until - 86_400_000, until, stories: Array.from({ length: count }, (_, i) => hostileStory(i + 1)), more, held: Math.floor(count / 2) };
}
