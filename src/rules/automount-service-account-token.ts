import { namespaceOf } from '../k8s/manifest';
import { serviceAccountOf } from './_service-account';
import { podRule } from '../engine/rule';

export const automountServiceAccountToken = podRule({
  id: 'automount-service-account-token',
  pack: 'service-accounts',
  title: 'No automounted service account token',
  severity: 'error',
  pattern: null,
  description: 'An automounted token gives every process of the pod, and anyone who compromises it, the service account\'s API credentials, though most applications never call the Kubernetes API.',
  equivalents: {
    kubeLinter: ['automount-service-account-token'],
    polaris: ['automountServiceAccountToken'],
    kyverno: ['restrict-automount-sa-token'],
  },
  remediation: 'Set automountServiceAccountToken: false on the pod spec (or on its ServiceAccount); a pod that calls the API mounts a projected token volume with a short expirationSeconds instead. ProductionDeployment, BoundedJob and BoundedCronJob set it.',
  suppressible: true,
  check: (pod, obj, { index }) => {
    const path = [...pod.specPath, 'automountServiceAccountToken'];
    const own = pod.spec.automountServiceAccountToken;
    if (own === false) return [];
    if (own !== undefined && own !== null) {
      return [{ path, message: `the pod sets automountServiceAccountToken ${JSON.stringify(own)}, so its containers get an API token` }];
    }
    const { name } = serviceAccountOf(pod);
    const sa = index.named(namespaceOf(obj), 'ServiceAccount', name);
    if (sa?.automountServiceAccountToken === false) return [];
    return [{
      path,
      message: sa
        ? `the pod does not set automountServiceAccountToken and its ServiceAccount "${name}" does not disable it, so its containers get an API token`
        : `the pod does not set automountServiceAccountToken and its ServiceAccount "${name}" is not among the manifests, so its containers get an API token`,
    }];
  },
});
