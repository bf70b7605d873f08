/**
 * Compile-time refusals of QuotaNamespace and NamespaceQuota (issue 10), type-checked by
 * `tsc --noEmit -p .` in `npm test`, never run. Each misuse is one line under a
 * `// @ts-expect-error`; next to it the correct form compiles. An invalid quantity string is
 * refused at run time (test/constructs/quota-namespace.test.ts).
 */
import { Chart } from 'cdk8s';
import { NamespaceQuota, QuotaNamespace } from '../../src';

export function quotaNamespace(chart: Chart): void {
  const quota: NamespaceQuota = { requestsCpu: '4', requestsMemory: '8Gi', limitsMemory: '16Gi', pods: 30 };
  new QuotaNamespace(chart, 'ok', { quota, containerLimits: { max: { cpu: '2', memory: '2Gi' } }, labels: { team: 'shop' } });

  // @ts-expect-error the quota is required: a namespace without one is unbounded (pattern 10)
  new QuotaNamespace(chart, 'no-quota', {});

  // @ts-expect-error a quota without pods: every quota bounds the number of pods
  const noPods: NamespaceQuota = { requestsCpu: '4', requestsMemory: '8Gi', limitsMemory: '16Gi' };

  // @ts-expect-error pods is a number, not a string
  const podsString: NamespaceQuota = { requestsCpu: '4', requestsMemory: '8Gi', limitsMemory: '16Gi', pods: '30' };

  // @ts-expect-error a memory limit is part of every quota
  const noLimitsMemory: NamespaceQuota = { requestsCpu: '4', requestsMemory: '8Gi', pods: 30 };

  // @ts-expect-error quantities are strings ("4", "250m"), never bare numbers
  const cpuNumber: NamespaceQuota = { requestsCpu: 4, requestsMemory: '8Gi', limitsMemory: '16Gi', pods: 30 };

  // @ts-expect-error container limits are quantities as strings
  new QuotaNamespace(chart, 'max-number', { quota, containerLimits: { max: { cpu: 2 } } });

  // @ts-expect-error labels are strings
  new QuotaNamespace(chart, 'label-number', { quota, labels: { tier: 1 } });

  void [noPods, podsString, noLimitsMemory, cpuNumber];
}
