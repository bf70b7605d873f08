/**
 * Folders of a container's filesystem that a volume must not cover, for the two kinds of mount
 * the constructs make: read-only configuration (ConfiguredApp's files and Secrets) and writable
 * scratch space (emptyDirs). One list, two meanings, so they cannot drift apart.
 */

/** The image's own system and the kernel's and kubelet's filesystems: no volume goes over them or below them. */
const SEALED = ['/bin', '/sbin', '/usr', '/lib', '/lib32', '/lib64', '/libx32', '/boot', '/proc', '/sys', '/dev',
  '/var/run/secrets/kubernetes.io', '/run/secrets/kubernetes.io'];

/** Too broad to cover: a volume over them hides what the image keeps there (its app, its libraries, its config). */
const BROAD = ['/', '/etc', '/var', '/opt', '/srv', '/home', '/root', '/app', '/var/lib', '/var/run/secrets', '/run/secrets'];

/** Writable space stays out of the image's configuration and of the secrets the kubelet mounts. */
const NO_WRITABLE_BELOW = ['/etc', '/var/run/secrets', '/run/secrets'];

/** The runtime's own folders: /tmp is the workload's writable tmp, /run and /var/run hold sockets and pid files. */
const RUNTIME = ['/tmp', '/run', '/var/run'];

function below(p: string, folders: readonly string[]): boolean {
  return folders.some((f) => p.startsWith(`${f}/`));
}

/** Whether a read-only config or Secret mount at `p` (absolute, normalised) would hide the image's own files. */
export function configMountCoversSystem(p: string): boolean {
  return SEALED.includes(p) || BROAD.includes(p) || RUNTIME.includes(p) || below(p, SEALED);
}

/** Whether a writable emptyDir at `p` (absolute, normalised) would cover the image's own files. */
export function writableMountCoversSystem(p: string): boolean {
  return SEALED.includes(p) || BROAD.includes(p) || below(p, SEALED) || below(p, NO_WRITABLE_BELOW);
}
