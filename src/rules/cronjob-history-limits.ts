import { getIn } from '../k8s/manifest';
import { isUnset, isWholeNumber } from './_values';
import { objectRule, example } from '../engine/rule';

export const cronjobHistoryLimits = objectRule({
  id: 'cronjob-history-limits',
  pack: 'batch',
  title: 'CronJobs set their history limits',
  severity: 'warning',
  pattern: 9,
  description: 'The history limits decide how many finished Jobs (and their pods and logs) a CronJob keeps; left to the defaults (3 and 1) the choice is silent.',
  kinds: ['CronJob'],
  remediation: 'Set spec.successfulJobsHistoryLimit and spec.failedJobsHistoryLimit explicitly (e.g. 3 and 3, enough failed runs to debug); BoundedCronJob sets both.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: nightly-report, namespace: shop }
      spec:
        schedule: "0 3 * * *"
        # no successfulJobsHistoryLimit / failedJobsHistoryLimit: the defaults 3 and 1 apply silently
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
        successfulJobsHistoryLimit: 3
        failedJobsHistoryLimit: 3
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
    gate: 'synth-and-ci',
    reason: 'the API server fills in both limits (3 and 1) before admission, so whether they were left unset, which is what the rule flags, is only visible in the manifest',
  },
  check: (obj) => (['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const).flatMap((field) => {
    const path = ['spec', field];
    const v = getIn(obj, path);
    if (isUnset(v)) return [{ path, message: `${field} is not set, so the number of finished Jobs kept is left to the default` }];
    if (!isWholeNumber(v) || v < 0) return [{ path, message: `${field} is ${JSON.stringify(v)}, not a whole number of Jobs` }];
    return [];
  }),
});
