/**
 * Container image references, parsed by the grammar of the distribution project
 * (github.com/distribution/reference):
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ registry "/" ] path
 *   registry  := host [ ":" port ]
 *   path      := component ( "/" component )*
 *   component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
 *   tag       := [\w][\w.-]{0,127}
 *   digest    := algorithm ":" hex
 *
 * As in Docker, the first component is a registry only when it contains "." or ":" or is
 * "localhost"; `nginx` and `team/app` are paths on the default registry. Nothing is normalised
 * (no `docker.io/library/` is added): the parts are what the string says.
 */

export interface ImageReference {
  /** `registry.example.com`, `localhost:5000`; absent for the default registry. */
  registry?: string;
  /** The path within the registry: `nginx`, `shop/web`. */
  repository: string;
  tag?: string;
  /** `sha256:<hex>` */
  digest?: string;
}

export type ParseResult = { ok: true; value: ImageReference } | { ok: false; error: string };

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[0-9a-fA-F:.]+\]$/;
const PORT = /^[0-9]+$/;
export const DIGEST_HEX_LENGTHS: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };
/** The distribution project's limit on the whole name (registry and path). */
export const NAME_MAX_LENGTH = 255;

function fail(error: string): ParseResult {
  return { ok: false, error };
}

function registryProblem(registry: string): string | undefined {
  const colon = registry.startsWith('[') ? registry.indexOf(':', registry.indexOf(']')) : registry.indexOf(':');
  const host = colon === -1 ? registry : registry.slice(0, colon);
  const port = colon === -1 ? undefined : registry.slice(colon + 1);
  if (port !== undefined && !PORT.test(port)) {
    return port === '' ? 'its registry port is empty' : `its registry port (${JSON.stringify(port)}) is not a number`;
  }
  const hostOk = IPV6_HOST.test(host) || (host !== '' && host.split('.').every((part) => DOMAIN_COMPONENT.test(part)));
  return hostOk ? undefined : `its registry host (${JSON.stringify(host)}) is not a valid host name`;
}

export function parseImageReference(ref: string): ParseResult {
  const q = JSON.stringify(ref);
  if (typeof ref !== 'string') return fail(`${String(q)} is not a string`);
  if (ref === '') return fail('"" is empty: an image reference needs at least a repository name');
  if (/\s/.test(ref)) return fail(`${q} contains whitespace`);

  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (digest.includes('@')) return fail(`${q} has more than one "@"`);
    const colon = digest.indexOf(':');
    if (colon === -1) return fail(`${q} has a digest (${JSON.stringify(digest)}) without an algorithm; digests look like "sha256:<64 hex digits>"`);
    const algorithm = digest.slice(0, colon);
    const hex = digest.slice(colon + 1);
    const expected = DIGEST_HEX_LENGTHS[algorithm];
    if (expected === undefined) return fail(`${q} has a digest with an unknown algorithm (${JSON.stringify(algorithm)}); use sha256, sha384 or sha512`);
    if (!/^[0-9a-f]*$/.test(hex)) return fail(`${q} has a ${algorithm} digest that is not lower-case hexadecimal`);
    if (hex.length !== expected) return fail(`${q} has a ${algorithm} digest of ${hex.length} hex digits; ${algorithm} digests have ${expected}`);
  }

  // A ":" after the last "/" starts the tag; one before it belongs to the registry's port.
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (tag === '') return fail(`${q} ends its name with ":" but gives no tag after it`);
    if (!TAG.test(tag)) return fail(`${q} has an invalid tag (${JSON.stringify(tag)}); a tag is up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"`);
  }

  const name = rest;
  if (name === '') return fail(`${q} has no repository name`);
  if (name.length > NAME_MAX_LENGTH) return fail(`${q} has a name of ${name.length} characters; the limit is ${NAME_MAX_LENGTH}`);

  let registry: string | undefined;
  let repository = name;
  const slash = name.indexOf('/');
  if (slash !== -1) {
    const first = name.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      repository = name.slice(slash + 1);
      const problem = registryProblem(registry);
      if (problem) return fail(`${q} has an invalid registry (${JSON.stringify(registry)}): ${problem}`);
      if (repository === '') return fail(`${q} names a registry but no repository`);
    }
  }

  const components = repository.split('/');
  if (components.some((c) => c === '')) return fail(`${q} has an empty path component in its repository name (${JSON.stringify(repository)})`);
  if (!components.every((c) => PATH_COMPONENT.test(c))) {
    if (components.every((c) => PATH_COMPONENT.test(c.toLowerCase()))) {
      return fail(`${q} has an upper-case repository name (${JSON.stringify(repository)}); repository names are lower case`);
    }
    return fail(`${q} has an invalid repository name (${JSON.stringify(repository)}); path components are lower-case letters and digits separated by ".", "_", "__" or "-"`);
  }

  const value: ImageReference = { repository };
  if (registry !== undefined) value.registry = registry;
  if (tag !== undefined) value.tag = tag;
  if (digest !== undefined) value.digest = digest;
  return { ok: true, value };
}

/** Words that make a tag follow a branch or a channel rather than name a build. */
export const MOVING_WORDS: readonly string[] = [
  'latest', 'stable', 'mainline', 'main', 'master', 'trunk', 'head', 'edge', 'nightly', 'canary', 'next', 'beta', 'alpha',
  'dev', 'develop', 'development', 'snapshot', 'unstable', 'testing', 'current', 'lts', 'rc', 'release', 'prod', 'production', 'staging',
];
const MOVING_WORD = new RegExp(`(?:^|[-_.])(?:${MOVING_WORDS.join('|')})(?:$|[-_.])`, 'i');

/**
 * Why a tag moves (it is re-pushed as new builds arrive), or undefined for a tag that names a
 * build: `latest` in any case, a channel or branch word (`stable`, `main`, `lts-alpine`,
 * `3.12-rc`), or a tag without a single digit (`alpine`, `bookworm`), which names no version.
 */
export function movingTag(tag: string): string | undefined {
  if (tag.toLowerCase() === 'latest') return 'latest';
  const word = MOVING_WORD.exec(tag);
  if (word) return `moves with "${word[0].replace(/^[-_.]|[-_.]$/g, '')}"`;
  if (!/[0-9]/.test(tag)) return 'names no version';
  return undefined;
}

/** A reference that names one image for good: a digest, or a tag that does not move. */
export function isPinned(ref: ImageReference): boolean {
  return ref.digest !== undefined || (ref.tag !== undefined && movingTag(ref.tag) === undefined);
}

export type PinIssueKind = 'malformed' | 'untagged' | 'latest' | 'moving';

/**
 * Why a reference is not fit for production, classified, so that each kind of problem can be
 * reported by exactly one rule.
 */
export function pinIssue(ref: string): { kind: PinIssueKind; message: string } | undefined {
  const parsed = parseImageReference(ref);
  if (!parsed.ok) return { kind: 'malformed', message: parsed.error };
  const { registry, tag, digest } = parsed.value;
  const q = JSON.stringify(ref);
  if (digest !== undefined) return undefined;
  if (tag === undefined) {
    const port = registry?.match(/:([0-9]+)$/)?.[1];
    const note = port !== undefined ? ` (":${port}" is the registry's port, not a tag)` : '';
    return { kind: 'untagged', message: `${q} has no tag and no digest${note}, so it means whatever "latest" is when the image is pulled` };
  }
  if (tag.toLowerCase() === 'latest') return { kind: 'latest', message: `${q} uses the "${tag}" tag, which does not say which version runs` };
  const moving = movingTag(tag);
  if (moving) return { kind: 'moving', message: `${q} uses the tag "${tag}", which ${moving}: it is pushed again as new builds arrive, so it does not say which version runs` };
  return undefined;
}

/** The reason a reference string is not acceptable for production (malformed, untagged, `latest`, a moving tag), if any. */
export function pinProblem(ref: string): string | undefined {
  return pinIssue(ref)?.message;
}
