/** A PATCH body that names no field: the update is a no-op (no write, no event, no cache cleared). */
export function isEmptyChange(input: object): boolean {
  return Object.values(input).every((value) => value === undefined);
}
