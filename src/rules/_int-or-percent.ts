/** An IntOrString field (`maxUnavailable`, `minAvailable`) read as a count or a percentage. */
export type IntOrPercent = { kind: 'count'; value: number } | { kind: 'percent'; value: number };

/** undefined when the value is neither a whole number nor a `N%` string. */
export function parseIntOrPercent(v: unknown): IntOrPercent | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'count', value: v } : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+)%$/.exec(v);
  return m ? { kind: 'percent', value: Number(m[1]) } : undefined;
}
