/**
 * Cron schedules as the CronJob controller reads them (robfig/cron's standard parser): five
 * fields, the @descriptors, and an optional `CRON_TZ=`/`TZ=` prefix.
 */

export interface CronFields {
  /** Sorted, distinct values of each field. */
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[];
  readonly months: readonly number[];
  /** 0 is Sunday (a 7 in the expression is read as 0). */
  readonly daysOfWeek: readonly number[];
  /**
   * Whether day-of-month / day-of-week are restricted (not `*` or `?`). As in cron, when both
   * are restricted a day matches when EITHER matches; otherwise both must match.
   */
  readonly domRestricted: boolean;
  readonly dowRestricted: boolean;
  /** The `CRON_TZ=`/`TZ=` zone, when the schedule names one. */
  readonly timeZone?: string;
}

export type CronParseResult = { ok: true; fields: CronFields } | { ok: false; error: string };

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Record<string, number>;
  readonly question: boolean;
}

const MONTH_NAMES: Record<string, number> = {
  JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12,
};
const DAY_NAMES: Record<string, number> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59, question: false },
  { name: 'hour', min: 0, max: 23, question: false },
  { name: 'day-of-month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, question: false },
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, question: true },
];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Days in each month, February counted as 29 (it happens, in leap years). */
const MAX_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

class FieldError extends Error {}

function parseValue(text: string, spec: FieldSpec, whole: string): number {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < spec.min || n > spec.max) {
      throw new FieldError(`${spec.name} field "${whole}": ${n} is out of range ${spec.min}-${spec.max}`);
    }
    return n;
  }
  const named = spec.names?.[text.toUpperCase()];
  if (named !== undefined) return named;
  if (text === '') throw new FieldError(`${spec.name} field "${whole}": a value is missing`);
  const hint = spec.names ? ` (expected a number ${spec.min}-${spec.max} or a name like ${Object.keys(spec.names).slice(0, 2).join(', ')})` : ` (expected a number ${spec.min}-${spec.max})`;
  throw new FieldError(`${spec.name} field "${whole}": "${text}" is not a valid value${hint}`);
}

/** One field: returns its values and whether it is a wildcard (a star, a question mark, or a stepped star). */
function parseField(text: string, spec: FieldSpec): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    if (part === '') throw new FieldError(`${spec.name} field "${text}": empty list element`);
    const slash = part.split('/');
    if (slash.length > 2) throw new FieldError(`${spec.name} field "${text}": more than one "/" in "${part}"`);
    const [range, stepText] = slash;
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) {
        throw new FieldError(`${spec.name} field "${text}": step "${stepText}" is not a positive whole number`);
      }
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      if (range === '?' && !spec.question) throw new FieldError(`${spec.name} field "${text}": "?" is only allowed in day-of-month and day-of-week`);
      star = true;
      lo = spec.min;
      hi = spec.name === 'day-of-week' ? 6 : spec.max;
    } else {
      const dash = range.split('-');
      if (dash.length > 2) throw new FieldError(`${spec.name} field "${text}": more than one "-" in "${part}"`);
      lo = parseValue(dash[0], spec, text);
      if (dash.length === 2) {
        hi = parseValue(dash[1], spec, text);
        if (lo > hi) throw new FieldError(`${spec.name} field "${text}": range ${dash[0]}-${dash[1]} starts after it ends`);
      } else {
        // `5/15` means from 5 to the end of the field in steps of 15, as robfig/cron reads it.
        hi = stepText !== undefined ? (spec.name === 'day-of-week' ? 6 : spec.max) : lo;
      }
    }
    for (let v = lo; v <= hi; v += step) values.add(spec.name === 'day-of-week' && v === 7 ? 0 : v);
  }
  return { values, star };
}

let CANONICAL_ZONES: Set<string> | undefined;

/**
 * Whether the API server knows this IANA zone name. It looks names up exactly (Go's
 * time.LoadLocation), while Intl ignores case: "europe/berlin" must not pass.
 */
export function isKnownTimeZone(tz: unknown): boolean {
  if (typeof tz !== 'string' || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  CANONICAL_ZONES ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC', 'GMT']);
  if (CANONICAL_ZONES.has(tz) || resolved === tz) return true;
  // A backward-compatible alias (US/Eastern, Asia/Calcutta) resolves to another zone; its own spelling must be exact.
  return resolved.toLowerCase() !== tz.toLowerCase() && tz.split('/').every((part) => /^[A-Z0-9]/.test(part));
}

export function parseCronSchedule(s: string): CronParseResult {
  if (typeof s !== 'string') return { ok: false, error: `the schedule is ${JSON.stringify(s)}, not a string` };
  let rest = s.trim();
  let timeZone: string | undefined;
  const tz = /^(CRON_TZ|TZ)=(\S*)(?:\s+|$)/.exec(rest);
  if (tz) {
    if (!isKnownTimeZone(tz[2])) return { ok: false, error: `${tz[1]}=${tz[2]} does not name a known time zone` };
    timeZone = tz[2];
    rest = rest.slice(tz[0].length).trim();
  }
  if (rest === '') return { ok: false, error: 'the schedule is empty' };
  if (rest.startsWith('@')) {
    const expanded = DESCRIPTORS[rest];
    if (!expanded) return { ok: false, error: `unknown descriptor "${rest}" (known: ${Object.keys(DESCRIPTORS).join(' ')})` };
    rest = expanded;
  }
  const parts = rest.split(/\s+/);
  if (parts.length !== 5) {
    return { ok: false, error: `expected 5 fields (minute hour day-of-month month day-of-week), found ${parts.length} in "${rest}"` };
  }
  try {
    const parsed = parts.map((p, i) => parseField(p, FIELDS[i]));
    const sorted = (i: number) => [...parsed[i].values].sort((a, b) => a - b);
    const fields: CronFields = {
      minutes: sorted(0),
      hours: sorted(1),
      daysOfMonth: sorted(2),
      months: sorted(3),
      daysOfWeek: sorted(4),
      domRestricted: !parsed[2].star,
      dowRestricted: !parsed[4].star,
      ...(timeZone !== undefined ? { timeZone } : {}),
    };
    // With day-of-week a wildcard, day-of-month alone decides; it may name no date that exists.
    if (fields.domRestricted && !fields.dowRestricted
      && !fields.months.some((m) => fields.daysOfMonth.some((d) => d <= MAX_DAYS[m]))) {
      return { ok: false, error: `day-of-month field "${parts[2]}" and month field "${parts[3]}": no such date exists, so the schedule never runs` };
    }
    return { ok: true, fields };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: e.message };
    throw e;
  }
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * The shortest time between two consecutive runs, in seconds of wall-clock time in the
 * schedule's zone (daylight-saving jumps are not modelled). Every matching day runs at the same
 * minutes, so the answer is the shortest gap within a day or between the last run of one
 * matching day and the first of the next; days are scanned over a whole 400-year Gregorian
 * cycle (and one more year, to close the cycle), which catches February 29 and rare weekdays.
 * Returns Infinity for a schedule that never runs twice; throws on an invalid schedule.
 */
export function minIntervalSeconds(s: string): number {
  const parsed = parseCronSchedule(s);
  if (!parsed.ok) throw new Error(`invalid cron schedule ${JSON.stringify(s)}: ${parsed.error}`);
  const f = parsed.fields;

  const times: number[] = [];
  for (const h of f.hours) for (const m of f.minutes) times.push(h * 60 + m);
  times.sort((a, b) => a - b);
  let best = Infinity;
  for (let i = 1; i < times.length; i++) best = Math.min(best, times[i] - times[i - 1]);
  const dayWrap = 1440 - times[times.length - 1] + times[0];

  const doms = new Set(f.daysOfMonth);
  const months = new Set(f.months);
  const dows = new Set(f.daysOfWeek);
  const either = f.domRestricted && f.dowRestricted;

  let previous: number | undefined;
  let dayNumber = 0;
  let dow = 6; // 2000-01-01 was a Saturday
  for (let y = 2000; y <= 2400; y++) {
    for (let m = 1; m <= 12; m++) {
      const days = m === 2 ? (isLeap(y) ? 29 : 28) : MAX_DAYS[m];
      for (let d = 1; d <= days; d++, dayNumber++, dow = (dow + 1) % 7) {
        if (!months.has(m)) continue;
        const domOk = doms.has(d);
        const dowOk = dows.has(dow);
        if (either ? !(domOk || dowOk) : !(domOk && dowOk)) continue;
        if (previous !== undefined) {
          best = Math.min(best, (dayNumber - previous - 1) * 1440 + dayWrap);
          // No later gap between days can be shorter than one between consecutive days.
          if (dayNumber - previous === 1) return best * 60;
        }
        previous = dayNumber;
      }
    }
  }
  return best * 60;
}
