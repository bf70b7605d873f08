import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { parseQuantity } from '../src/k8s/manifest';
import { propPath, refuse } from './errors';

/**
 * Checks of prop values shared by every construct. Each throws a PropError naming the
 * construct path, the prop, the value and what is allowed.
 */

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A name that is also a Service name and a label value: a DNS-1035 label of at most `max` characters. */
export function checkName(scope: IConstruct, prop: string, value: unknown, max = 63): string {
  const allowed = `a DNS-1035 label: at most ${max} characters of lower-case letters, digits and '-', starting with a letter and ending with a letter or digit`;
  if (typeof value !== 'string') refuse(scope, prop, value, allowed);
  if (value.length > max) refuse(scope, prop, value, allowed, `${value.length} characters`);
  if (!DNS1035_LABEL.test(value)) refuse(scope, prop, value, allowed);
  return value;
}

/** An object name such as a Secret's: a DNS-1123 subdomain (dots allowed, at most 253 characters). */
export function checkSubdomain(scope: IConstruct, prop: string, value: unknown): string {
  const allowed = 'a DNS-1123 subdomain: at most 253 characters of lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit';
  if (typeof value !== 'string' || value.length > 253
    || !value.split('.').every((part) => DNS1123_LABEL.test(part))) refuse(scope, prop, value, allowed);
  return value;
}

export function checkNamespace(scope: IConstruct, prop: string, value: unknown): string {
  const allowed = 'a DNS-1123 label (lower-case letters, digits and \'-\', at most 63 characters) other than "default", "kube-system", "kube-public" and "kube-node-lease"';
  if (typeof value !== 'string' || value.length > 63 || !DNS1123_LABEL.test(value)) refuse(scope, prop, value, allowed);
  if (['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(value)) {
    refuse(scope, prop, value, allowed, value === 'default' ? 'workloads never go to the default namespace' : 'that namespace belongs to the cluster');
  }
  return value;
}

const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** A container port name (IANA_SVC_NAME): what probes and Services refer to. */
export function checkPortName(scope: IConstruct, prop: string, value: unknown): string {
  const allowed = 'a port name of at most 15 lower-case letters, digits and \'-\' with at least one letter, no "--", not starting or ending with \'-\' (e.g. "http", "grpc", "metrics")';
  if (typeof value !== 'string' || value.length === 0 || value.length > 15 || !IANA_SVC_NAME.test(value)
    || !/[a-z]/.test(value) || value.includes('--')) refuse(scope, prop, value, allowed);
  return value;
}

export function checkPortNumber(scope: IConstruct, prop: string, value: unknown, min = 1): number {
  const allowed = `a whole number from ${min} to 65535`;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 65535) refuse(scope, prop, value, allowed);
  return value;
}

export function checkInteger(scope: IConstruct, prop: string, value: unknown, min: number, max: number, why?: string): number {
  const allowed = `a whole number from ${min} to ${max}${why ? ` (${why})` : ''}`;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) refuse(scope, prop, value, allowed);
  return value;
}

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/;
export const QUANTITY_FORMS = 'a Kubernetes quantity: a number with an optional suffix m (milli), k, M, G, T, P, E (powers of 10) or Ki, Mi, Gi, Ti, Pi, Ei (powers of 2), e.g. "250m", "0.5", "256Mi", "1Gi"';

/** A positive quantity; returns its value in base units. */
export function checkQuantity(scope: IConstruct, prop: string, value: unknown, kind: 'cpu' | 'memory' | 'storage'): number {
  if (typeof value !== 'string' || !QUANTITY.test(value.trim()) || value.trim() !== value) refuse(scope, prop, value, QUANTITY_FORMS);
  const n = parseQuantity(value);
  if (n === undefined || !Number.isFinite(n) || n <= 0) refuse(scope, prop, value, `${QUANTITY_FORMS}, greater than zero`);
  if (kind === 'cpu' && n < 0.001) refuse(scope, prop, value, 'at least "1m" of CPU');
  if (kind !== 'cpu' && /m$/.test(value)) refuse(scope, prop, value, `${QUANTITY_FORMS}; "m" means milli-bytes here, which is never meant (use "Mi" or "M")`);
  if (kind !== 'cpu' && n < 1024 * 1024) refuse(scope, prop, value, `at least 1Mi of ${kind}`);
  return n;
}

/** A cdk8s Duration as whole seconds within bounds. */
export function checkDuration(scope: IConstruct, prop: string, value: unknown, minSeconds: number, maxSeconds: number,
  why?: string): number {
  const allowed = `a Duration from ${formatSeconds(minSeconds)} to ${formatSeconds(maxSeconds)}${why ? ` (${why})` : ''}, e.g. Duration.seconds(30)`;
  if (!(value instanceof Duration)) refuse(scope, prop, value, allowed, 'not a cdk8s Duration');
  let seconds: number;
  try {
    seconds = value.toSeconds();
  } catch {
    refuse(scope, prop, value.toHumanString(), allowed, 'not a whole number of seconds');
  }
  if (!Number.isFinite(seconds) || !Number.isInteger(seconds)) refuse(scope, prop, value.toHumanString(), allowed, 'not a whole number of seconds');
  if (seconds < minSeconds || seconds > maxSeconds) refuse(scope, prop, value.toHumanString(), allowed);
  return seconds;
}

/** Milliseconds in the syntax nginx and Istio share: whole seconds as "5s", else "500ms". */
export function compactDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export function formatSeconds(s: number): string {
  if (s % 86400 === 0 && s >= 86400) return `${s / 86400} day${s === 86400 ? '' : 's'}`;
  if (s % 3600 === 0 && s >= 3600) return `${s / 3600} hour${s === 3600 ? '' : 's'}`;
  if (s % 60 === 0 && s >= 60) return `${s / 60} minute${s === 60 ? '' : 's'}`;
  return `${s} second${s === 1 ? '' : 's'}`;
}

/** An absolute path with no trailing slash, no `//`, no `.` or `..` segment and no whitespace. */
export function isNormalAbsolutePath(p: unknown): p is string {
  return typeof p === 'string' && p.startsWith('/') && !(p.length > 1 && p.endsWith('/')) && !/\/\/|\/\.\.?(\/|$)|\s/.test(p);
}

/** Whether two folders are the same or one holds the other (a mount over either hides the other). */
export function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/** A label value (for `app.kubernetes.io/version` and friends). */
export function isLabelValue(v: string): boolean {
  return v.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v);
}

const LABEL_KEY = /^(([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** A label key (or a taint key): an optional DNS-subdomain prefix and "/", then a name. */
export function isLabelKey(k: string): boolean {
  return LABEL_KEY.test(k) && k.length <= 316;
}

/** Labels as Kubernetes accepts them: `[prefix/]name` keys and label values. */
export function checkLabels(scope: IConstruct, prop: string, value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse(scope, prop, value, 'an object of labels');
  for (const k of Object.keys(value)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype' || !LABEL_KEY.test(k) || k.length > 316) {
      refuse(scope, propPath(prop, k), k, 'a label key: an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, \'-\', \'_\' or \'.\' starting and ending with a letter or digit');
    }
    const v = (value as Record<string, unknown>)[k];
    if (typeof v !== 'string' || !isLabelValue(v)) refuse(scope, propPath(prop, k), v, 'a label value: at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit');
  }
  return value as Record<string, string>;
}

/** A plain object of string values, refused otherwise (keys are checked by the caller). */
export function checkStringMap(scope: IConstruct, prop: string, value: unknown, redact = false): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse(scope, prop, value, 'an object of string values');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') refuse(scope, `${prop}["${k}"]`, k, 'a key that is not a JavaScript prototype name');
    // A mistyped secret must not reach the message: show its type, not its value, when asked.
    if (typeof v !== 'string') refuse(scope, `${prop}.${k}`, redact ? `<${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v}>` : v, 'a string');
    out[k] = v;
  }
  return out;
}
