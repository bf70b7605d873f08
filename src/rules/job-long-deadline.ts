import { celJobSpecField } from './_batch';
import { deadlinePath, getIn } from '../k8s/manifest';
import { objectRule, example } from '../engine/rule';
import { LONG_JOB_DEADLINE_SECONDS } from '../engine/bounds';

export const jobLongDeadline = objectRule({
  id: 'job-long-deadline',
  pack: 'batch',
  title: 'A Job deadline over 24 hours is a reasoned exception',
  severity: 'error',
  pattern: 9,
  description: 'Work that may fail and retry for more than a day ties up pods and hides failures; when it is right, say why (BoundedJob\'s longDeadlineReason does).',
  scope: 'Job, the job template of CronJob, and the batch custom resources',
  remediation: 'Lower activeDeadlineSeconds to 86400 (24 hours) or less, or suppress this rule on the object with the reason the work may run longer (BoundedJob: longDeadlineReason).',
  suppressible: true,
  examples: {
    violating: [example`
      apiVersion: batch/v1
      kind: Job
      metadata: { name: reindex, namespace: shop }
      spec:
        activeDeadlineSeconds: 172800   # 48 hours
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: reindex
                image: registry.example.com/shop/search-indexer:3.2.0
    `],
    compliant: [example`
      apiVersion: batch/v1
      kind: Job
      metadata: { name: reindex, namespace: shop }
      spec:
        activeDeadlineSeconds: 14400   # 4 hours
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: reindex
                image: registry.example.com/shop/search-indexer:3.2.0
    `, example`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: reindex
        namespace: shop
        annotations:
          cdk8s-prod.io/suppress.job-long-deadline: "a full reindex of the catalogue takes up to 40 hours"
      spec:
        activeDeadlineSeconds: 172800
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: reindex
                image: registry.example.com/shop/search-indexer:3.2.0
    `],
  },
  admission: {
    kinds: ['Job', 'CronJob'],
    expression: celJobSpecField('activeDeadlineSeconds', `!(type(v) == int && v > ${LONG_JOB_DEADLINE_SECONDS})`, 'true'),
  },
  check: (obj) => {
    const path = deadlinePath(obj);
    if (!path) return [];
    const v = getIn(obj, path);
    if (typeof v !== 'number' || v <= LONG_JOB_DEADLINE_SECONDS) return [];
    return [{ path, message: `activeDeadlineSeconds is ${v} (${(v / 3600).toFixed(1).replace(/\.0$/, '')} hours), more than 24 hours` }];
  },
});
