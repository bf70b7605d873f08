import { getIn } from '../k8s/manifest';
import { jobPodSpecPath } from './_batch';
import { isUnset } from './_values';
import { objectRule } from '../engine/rule';

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
