import { K8sObject, getIn, isRecord } from '../k8s/manifest';
import { Violation } from '../engine/rule';
import { parseIntOrPercent } from './_int-or-percent';

/** Why each strategy type that is not a rolling update leaves pods down or stale. */
const NOT_ROLLING: Record<string, string> = {
  Recreate: 'the Recreate strategy stops every pod before starting the new ones',
  OnDelete: 'the OnDelete strategy never rolls out a new template: each pod keeps the old one until it is deleted by hand',
};

/** The strategy field of a controller: a Deployment's `strategy`, a StatefulSet's or DaemonSet's `updateStrategy`. */
export type StrategyField = 'strategy' | 'updateStrategy';

/** A finding when the strategy is not a rolling update (Recreate, OnDelete, an unknown type); none when it is or is unset. */
export function notRolling(obj: K8sObject, field: StrategyField): Violation[] {
  const strategy = getIn(obj, ['spec', field]);
  const type = isRecord(strategy) ? strategy.type : undefined;
  if (type === undefined || type === null || type === 'RollingUpdate') return [];
  const path = ['spec', field, 'type'];
  const known = typeof type === 'string' && Object.prototype.hasOwnProperty.call(NOT_ROLLING, type) ? NOT_ROLLING[type] : undefined;
  return [{ path, message: known ?? `${field} type is ${JSON.stringify(type)}, not RollingUpdate` }];
}

/**
 * A rolling update that keeps every ready pod until its replacement is ready: the type is
 * RollingUpdate and maxUnavailable is 0 (or 0%). `unset` says what the API's default does.
 */
export function keepsEveryPod(obj: K8sObject, field: StrategyField, unset: string, nonZero: (v: unknown) => string): Violation[] {
  const rolling = notRolling(obj, field);
  if (rolling.length) return rolling;
  const path = ['spec', field, 'rollingUpdate', 'maxUnavailable'];
  const v = getIn(obj, path);
  if (v === undefined || v === null) return [{ path, message: unset }];
  const parsed = parseIntOrPercent(v);
  return parsed && parsed.value === 0 ? [] : [{ path, message: nonZero(v) }];
}

/** CEL: `keepsEveryPod` over an object the API server has defaulted (so the strategy is there). */
export function celKeepsEveryPod(field: StrategyField): string {
  const s = `object.spec.${field}`;
  return [
    `has(object.spec) && (!has(${s}) || !has(${s}.type) || ${s}.type == 'RollingUpdate')`,
    `has(${s}) && has(${s}.rollingUpdate) && has(${s}.rollingUpdate.maxUnavailable)`,
    `(type(${s}.rollingUpdate.maxUnavailable) == int ? ${s}.rollingUpdate.maxUnavailable == 0 : ${s}.rollingUpdate.maxUnavailable.matches('^0+%$'))`,
  ].join(' && ');
}
