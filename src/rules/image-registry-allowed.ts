import { celRegistryAndRepository, celWellFormed } from './_images-cel';
import { POD_TEMPLATE_KINDS, celString } from '../engine/cel';
import { parseImageReference } from '../k8s/image-ref';
import { containerRule, describeContainer, example } from '../engine/rule';

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

/**
 * CEL that is true when `full` (`registry/repository`) is covered by the allow-list, as
 * registryAllowed decides: `entry === registry` is the case of an entry without "/" that
 * `full` starts with, followed by "/".
 */
function celRegistryAllowed(full: string, allowed: readonly string[]): string {
  const tests = allowed.map((entry) => entry.replace(/\/+$/, '')).map((e) => `${full} == ${celString(e)} || ${full}.startsWith(${celString(`${e}/`)})`);
  return tests.length > 0 ? tests.join(' || ') : 'false';
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
  examples: {
    settings: { allowedRegistries: ['registry.example.com'] },
    violating: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
              - name: proxy
                # no registry: pulled from Docker Hub (docker.io)
                image: nginx:1.27.3
    `],
    compliant: [example`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: shop }
      spec:
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: app
                image: registry.example.com/shop/web:1.4.2
              - name: proxy
                # mirrored into the allowed registry
                image: registry.example.com/mirror/nginx:1.27.3
    `],
  },
  admission: {
    kinds: POD_TEMPLATE_KINDS,
    // Only with an allow-list (an empty one allows nothing); a malformed reference is image-tag-required's finding.
    // The one-element list binds the image's registry/repository as `n`.
    expression: ({ settings }) => (settings.allowedRegistries
      ? `variables.containers.all(c, !(has(c.image) && ${celWellFormed('c.image')}) || [${celRegistryAndRepository('c.image', DEFAULT_REGISTRY)}].exists(n, ${celRegistryAllowed('n', settings.allowedRegistries)}))`
      : undefined),
  },
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
