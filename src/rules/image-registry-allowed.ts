import { parseImageReference } from '../k8s/image-ref';
import { containerRule, describeContainer } from '../engine/rule';

/** Images with no registry come from Docker Hub. */
export const DEFAULT_REGISTRY = 'docker.io';

/** Whether `registry/repository` is covered by an allow-list entry (a host, or a host and path prefix). */
export function registryAllowed(registry: string, repository: string, allowed: readonly string[]): boolean {
  const full = `${registry}/${repository}`;
  return allowed.some((entry) => {
    const e = entry.replace(/\/+$/, '');
    return e === registry || full === e || full.startsWith(`${e}/`);
  });
}

export const imageRegistryAllowed = containerRule({
  id: 'image-registry-allowed',
  pack: 'images',
  title: 'Images come from allowed registries',
  severity: 'error',
  pattern: 7,
  description: 'A pinned tag from an unknown registry is still an unknown image: an allow-list keeps every image on registries the team scans and mirrors. The rule is active only when an allow-list is set (ProductionApp allowedRegistries, `check --allowed-registry`).',
  scope: 'the image of every container and init container, when an allow-list of registries is set',
  equivalents: { kyverno: ['restrict-image-registries'] },
  remediation: 'Pull the image through an allowed registry (mirror it there), or add the registry to the allow-list.',
  suppressible: true,
  check: (c, _pod, _obj, { settings }) => {
    const allowed = settings.allowedRegistries;
    if (!allowed || typeof c.container.image !== 'string') return [];
    const parsed = parseImageReference(c.container.image);
    // A malformed reference is image-tag-required's finding.
    if (!parsed.ok) return [];
    const registry = parsed.value.registry ?? DEFAULT_REGISTRY;
    return registryAllowed(registry, parsed.value.repository, allowed) ? [] : [{
      path: [...c.path, 'image'],
      message: `the image of ${describeContainer(c)} comes from ${registry}, which is not among the allowed registries (${allowed.join(', ')})`,
    }];
  },
});
