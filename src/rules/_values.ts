/** A whole number (not a numeric string, not a fraction). */
export function isWholeNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** Unset as the API server reads it: missing, or `null` in the YAML. */
export function isUnset(v: unknown): v is undefined | null {
  return v === undefined || v === null;
}
