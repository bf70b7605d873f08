import { getIn } from '../k8s/manifest';
import { isUnset, isWholeNumber } from './_values';
import { objectRule, example } from '../engine/rule';

const MIN_STARTING_DEADLINE = 60;

export const cronjobStartingDeadline = objectRule({
  id: 'cronjob-starting-deadline',
  pack: 'batch',
  title: 'CronJobs have a starting deadline of at least a minute',
  severity: 'error',
  pattern: 9,
  description: 'Without startingDeadlineSeconds a run missed while the controller was down starts however late it is; a very short one (cdk8s-plus defaults to 10 s) silently skips runs after a brief controller hiccup.',
  kinds: ['CronJob'],
  remediation: `Set spec.startingDeadlineSeconds to a whole number of at least ${MIN_STARTING_DEADLINE} seconds and no longer than the schedule interval (e.g. 300); BoundedCronJob requires it.`,
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: nightly-report, namespace: shop }
      spec:
        schedule: "0 3 * * *"
        # no startingDeadlineSeconds: a missed run starts however late it is
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
        startingDeadlineSeconds: 10   # a 10 s controller hiccup skips the run
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
        startingDeadlineSeconds: 300
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
    expression: `has(object.spec) && has(object.spec.startingDeadlineSeconds) && type(object.spec.startingDeadlineSeconds) == int && object.spec.startingDeadlineSeconds >= ${MIN_STARTING_DEADLINE}`,
  },
  check: (obj) => {
    const path = ['spec', 'startingDeadlineSeconds'];
    const v = getIn(obj, path);
    if (isUnset(v)) return [{ path, message: 'startingDeadlineSeconds is not set, so a missed run starts however late it is' }];
    if (!isWholeNumber(v)) return [{ path, message: `startingDeadlineSeconds is ${JSON.stringify(v)}, not a whole number of seconds` }];
    if (v < MIN_STARTING_DEADLINE) return [{ path, message: `startingDeadlineSeconds is ${v}, so a run is skipped when the controller is more than ${v} s late` }];
    return [];
  },
});
