/**
 * Remember the last results of a pure function of (place, date, options). A model build asks for
 * the zmanim of the same few days many times over, and the answer for given arguments never
 * changes. Bounded, oldest forgotten first; callers treat the results as read-only.
 */
export function memoize<A extends unknown[], R>(fn: (...args: A) => R, capacity: number): (...args: A) => R {
  const remembered = new Map<string, R>();
  return (...args: A): R => {
    const key = JSON.stringify(args);
    const hit = remembered.get(key);
    if (hit !== undefined) {
      remembered.delete(key);
      remembered.set(key, hit);
      return hit;
    }
    const result = fn(...args);
    if (remembered.size >= capacity) remembered.delete(remembered.keys().next().value as string);
    remembered.set(key, result);
    return result;
  };
}
