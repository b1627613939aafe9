/**
 * A store as the sum of its role objects: every method of each part, bound to that part.
 */
export function composeStore<S>(parts: readonly object[]): S {
  const store: Record<string, unknown> = {};
  for (const part of parts) {
    for (let proto = Object.getPrototypeOf(part); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const value = (part as Record<string, unknown>)[name];
        if (name === 'constructor' || name in store || typeof value !== 'function') continue;
        store[name] = (value as (...args: unknown[]) => unknown).bind(part);
      }
    }
  }
  return store as S;
}
