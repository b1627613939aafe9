/**
 * A store as the sum of its role objects: every method of each part, bound to that part. When
 * `mapError` is given, every method's failure passes through it (a server store turns a lost
 * connection into one StoreError).
 */
export function composeStore<S>(parts: readonly object[], mapError?: (error: unknown) => unknown): S {
  const store: Record<string, unknown> = {};
  for (const part of parts) {
    for (let proto = Object.getPrototypeOf(part); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const value = (part as Record<string, unknown>)[name];
        if (name === 'constructor' || name in store || typeof value !== 'function') continue;
        const method = (value as (...args: unknown[]) => unknown).bind(part);
        store[name] = mapError
          ? async (...args: unknown[]) => {
            try {
              return await method(...args);
            } catch (error) {
              throw mapError(error);
            }
          }
          : method;
      }
    }
  }
  return store as S;
}
