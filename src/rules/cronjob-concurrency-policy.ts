import { celStringList } from '../engine/cel';
import { getIn } from '../k8s/manifest';
import { isUnset } from './_values';
import { objectRule, example } from '../engine/rule';

const ALLOWED = ['Forbid', 'Replace'];

export const cronjobConcurrencyPolicy = objectRule({
  id: 'cronjob-concurrency-policy',
  pack: 'batch',
  title: 'CronJobs do not overlap their runs',
  severity: 'error',
  pattern: 9,
  description: 'With concurrencyPolicy Allow (the default) a run that outlasts the schedule interval is joined by the next one, and slow or stuck runs pile up.',
  kinds: ['CronJob'],
  remediation: 'Set spec.concurrencyPolicy: Forbid (skip a run while the previous one is still going) or Replace (stop it and start the new one); BoundedCronJob uses Forbid.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: nightly-report, namespace: shop }
      spec:
        schedule: "0 3 * * *"
        # no concurrencyPolicy: the default Allow lets a slow run overlap the next
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: report
                    image: registry.example.com/shop/report:2.0.1
    `, example`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: nightly-report, namespace: shop }
      spec:
        schedule: "0 3 * * *"
        concurrencyPolicy: Allow
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: report
                    image: registry.example.com/shop/report:2.0.1
    `],
    compliant: [example`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: nightly-report, namespace: shop }
      spec:
        schedule: "0 3 * * *"
        concurrencyPolicy: Forbid
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: report
                    image: registry.example.com/shop/report:2.0.1
    `],
  },
  admission: {
    kinds: ['CronJob'],
    expression: `has(object.spec) && has(object.spec.concurrencyPolicy) && object.spec.concurrencyPolicy in ${celStringList(ALLOWED)}`,
    note: 'a CronJob without concurrencyPolicy arrives with the default Allow, which the gate refuses as check does',
  },
  check: (obj) => {
    const path = ['spec', 'concurrencyPolicy'];
    const v = getIn(obj, path);
    if (isUnset(v)) return [{ path, message: 'concurrencyPolicy is not set, so it defaults to Allow and overlapping runs pile up' }];
    if (!ALLOWED.includes(v)) return [{ path, message: `concurrencyPolicy is ${JSON.stringify(v)}, which lets runs overlap` }];
    return [];
  },
});
