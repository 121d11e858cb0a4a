// Building objects from names that come from item data: `obj[name] = value` with the name `__proto__` would set the
// object's prototype (or do nothing) instead of adding the attribute, so such objects are filled through here.

/** Adds `name` as an own, enumerable property (as an assignment would for any other name). */
export function setOwn<T>(obj: Record<string, T>, name: string, value: T): void {
  // A plain assignment makes the same own property for every name but `__proto__` (the one setter an object
  // literal inherits), and is several times faster on the hot path of building events and rows.
  if (name === '__proto__') Object.defineProperty(obj, name, { value, enumerable: true, writable: true, configurable: true });
  else obj[name] = value;
}
