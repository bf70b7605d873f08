import { getIn } from '../k8s/manifest';
import { jobPodSpecPath } from './_batch';
import { isUnset } from './_values';
import { objectRule, example } from '../engine/rule';

const ALLOWED = ['Never', 'OnFailure'];

export const jobRestartPolicy = objectRule({
  id: 'job-restart-policy',
  pack: 'batch',
  title: 'Jobs choose their restart policy',
  severity: 'error',
  pattern: 9,
  description: 'A Job pod must say whether a failure restarts the container in place (OnFailure) or makes a new pod (Never, which keeps the failed pod\'s logs); Always is invalid for Jobs.',
  scope: 'pod templates of Jobs, CronJobs and KEDA ScaledJobs',
  remediation: 'Set restartPolicy: Never (or OnFailure) in the pod template (spec.template.spec, or spec.jobTemplate.spec.template.spec of a CronJob); BoundedJob and BoundedCronJob take it as a required prop.',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: batch/v1
      kind: Job
      metadata: { name: reindex, namespace: shop }
      spec:
        backoffLimit: 3
        template:
          spec:
            # no restartPolicy
            containers:
              - name: reindex
                image: registry.example.com/shop/search-indexer:3.2.0
    `, example`
      apiVersion: batch/v1
      kind: CronJob
      metadata: { name: nightly-report, namespace: shop }
      spec:
        schedule: "0 3 * * *"
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Always   # invalid for a Job pod
                containers:
                  - name: report
                    image: registry.example.com/shop/report:2.0.1
    `],
    compliant: [example`
      apiVersion: batch/v1
      kind: Job
      metadata: { name: reindex, namespace: shop }
      spec:
        backoffLimit: 3
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: reindex
                image: registry.example.com/shop/search-indexer:3.2.0
    `],
  },
  admission: {
    gate: 'api-server',
    reason: 'the API server refuses a Job or CronJob whose pods\' restartPolicy is not Never or OnFailure (left unset, it defaults to Always, which it refuses), before any policy sees it',
  },
  check: (obj) => {
    const spec = jobPodSpecPath(obj);
    if (!spec) return [];
    const path = [...spec, 'restartPolicy'];
    const v = getIn(obj, path);
    if (isUnset(v)) return [{ path, message: 'the pod template sets no restartPolicy, so what a failure does is left implicit' }];
    if (!ALLOWED.includes(v)) return [{ path, message: `restartPolicy is ${JSON.stringify(v)}; a Job pod needs Never or OnFailure` }];
    return [];
  },
});
