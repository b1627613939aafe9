/**
 * Votes weighted per person, so that one person's many clicks cannot outvote the desk. A person
 * who votes alone is the desk: every vote counts. Otherwise a person's n votes count together as
 * at most as many as the most active other person gave, and at least √n:
 *   W = min(n, max(√n, most votes of anyone else)),  each vote weighing W / n.
 * People who vote about as often as each other all count in full; a hundred clicks beside three
 * colleagues' four votes each count as ten (√100), and the colleagues' twelve outweigh them.
 */

/** The weight of each vote, in input order (`people[i]`: who cast vote i). */
export function voteWeights(people: readonly string[]): number[] {
  const counts = new Map<string, number>();
  for (const person of people) counts.set(person, (counts.get(person) ?? 0) + 1);
  const sorted = [...counts.values()].sort((a, b) => b - a);
  const weight = new Map([...counts].map(([person, n]) => {
    // The most votes of anyone else: the runner-up when this person leads, else the leader.
    const others = n === sorted[0] ? (sorted[1] ?? 0) : (sorted[0] as number);
    const total = others === 0 ? n : Math.min(n, Math.max(Math.sqrt(n), others));
    return [person, total / n];
  }));
  return people.map((person) => weight.get(person) as number);
}
