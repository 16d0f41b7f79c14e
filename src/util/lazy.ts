/** A value computed on its first use, then kept (never `undefined`: compute returns the value). */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}
