/**
 * Rule packs: every rule belongs to exactly one, named for what its rules judge. A pack is a
 * field of each rule (`pack`), so it cannot be lost when the catalogue is sorted; this table
 * holds the packs' names and what they cover, for the docs, `rules --pack` and `check --pack`.
 */
export const PACKS = [
  { id: 'objects', title: 'Objects', description: 'Objects as such: typed fields, one identity each, lists kubectl expands, namespaces only where they mean something, suppressions with reasons' },
  { id: 'pod-security', title: 'Pod security', description: 'Pod Security Standards (restricted) and host isolation: privilege, users, capabilities, seccomp, AppArmor, SELinux, host namespaces, paths and ports' },
  { id: 'service-accounts', title: 'Service accounts', description: 'Credentials for the Kubernetes API: a ServiceAccount of its own for each workload, and no token unless the workload calls the API' },
  { id: 'images', title: 'Images', description: 'Image references: a tag that is not latest and does not move, digests, pull policy, allowed registries (pattern 7)' },
  { id: 'probes', title: 'Probes', description: 'Liveness, readiness and startup probes that exist, differ and can succeed (pattern 8)' },
  { id: 'resources', title: 'Resources', description: 'Requests and limits of CPU and memory, the size of scratch space, and persistent claims of a stated size and StorageClass (pattern 10)' },
  { id: 'runtime', title: 'Runtime', description: 'How the process runs: an init as PID 1, logs to stdout, an immutable root filesystem (patterns 2, 5, 6)' },
  { id: 'batch', title: 'Batch', description: 'Jobs and CronJobs that cannot run away: deadlines, retries, restart policies, TTLs, schedules, concurrency (pattern 9)' },
  { id: 'availability', title: 'Availability', description: 'Pods under a controller, replicas, disruption budgets, rollouts and spreading over nodes and zones (pattern 3)' },
  { id: 'namespaces', title: 'Namespaces', description: 'Namespaces: not default, Pod Security labels, resource quotas that fit and limit ranges (pattern 10)' },
  { id: 'network', title: 'Network', description: 'NetworkPolicies, Services that reach their pods, and the proxy or mesh in front of an app (patterns 12, 13)' },
  { id: 'configuration', title: 'Configuration', description: 'Configuration and secrets outside the image: no literal secrets, content-hashed ConfigMaps, Secrets as files (pattern 11)' },
  { id: 'dockerfile', title: 'Dockerfiles', description: 'The Dockerfiles that build the images: build and runtime apart, an init, a non-root user, pinned bases, no baked config (patterns 1, 2, 6, 11)' },
] as const;

export type PackId = typeof PACKS[number]['id'];

export const PACK_IDS: readonly PackId[] = PACKS.map((p) => p.id);

export function isPackId(x: string): x is PackId {
  return (PACK_IDS as readonly string[]).includes(x);
}
