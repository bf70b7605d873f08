import { celString } from '../engine/cel';
import { DIGEST_HEX_LENGTHS, MOVING_WORDS, NAME_MAX_LENGTH } from '../k8s/image-ref';

/*
 * The image reference grammar of k8s/image-ref.ts (parseImageReference, pinIssue, movingTag) as
 * CEL, for the admission policies of the images pack. Each function takes the CEL of an image
 * string and gives a CEL condition. The grammar is tested with RE2 patterns written from the
 * same parts as the TypeScript regular expressions, all ASCII, so both read them alike (a
 * reference with whitespace or non-ASCII letters is malformed on both sides, whichever check
 * fails first). The parts of a well-formed reference are then cut with indexOf and substring,
 * as parseImageReference cuts them; on a well-formed reference every index is ASCII, so code
 * points and UTF-16 units agree.
 */

/** A path component: `[a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*` (PATH_COMPONENT). */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const PATH = `${COMPONENT}(?:/${COMPONENT})*`;
/** A domain label (DOMAIN_COMPONENT); a host is labels joined by ".", or an IPv6 address in brackets (IPV6_HOST). */
const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const REGISTRY = `(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?`;
/** TAG: `\w[\w.-]{0,127}`, where JavaScript's `\w` (no `u` flag) is ASCII. */
const TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const DIGEST = `(?:${Object.entries(DIGEST_HEX_LENGTHS).map(([algorithm, n]) => `${algorithm}:[0-9a-f]{${n}}`).join('|')})`;
const SUFFIX = `(?::${TAG})?(?:@${DIGEST})?$`;

/**
 * The first component names a registry: it is followed by "/" and holds "." or ":", or is
 * "localhost". parseImageReference decides so before it reads the parts, so a first component
 * such as `a_b.c` is a bad registry, not a good path component.
 */
const NAMES_REGISTRY = '^(?:[^/]*[.:][^/]*|localhost)/';
const WITH_REGISTRY = `^${REGISTRY}/${PATH}${SUFFIX}`;
const WITHOUT_REGISTRY = `^${PATH}${SUFFIX}`;
/**
 * The name (what precedes the tag and the digest) has at most NAME_MAX_LENGTH characters. The
 * tag's ":" is the last one before "@" with no "/" after it; a reference without a tag has a
 * name of everything before "@".
 */
const NAME_LENGTH = `^[^@]{0,${NAME_MAX_LENGTH}}(?::[^:/@]*)?(?:@|$)`;

/** The tag words of movingTag (MOVING_WORD), matched on the lower-cased tag. */
const MOVING_WORD = `(?:^|[-_.])(?:${MOVING_WORDS.join('|')})(?:$|[-_.])`;

/** `image` parses (parseImageReference is ok). */
export function celWellFormed(image: string): string {
  return `(${image}.matches(${celString(NAME_LENGTH)}) && (${image}.matches(${celString(NAMES_REGISTRY)}) `
    + `? ${image}.matches(${celString(WITH_REGISTRY)}) : ${image}.matches(${celString(WITHOUT_REGISTRY)})))`;
}

// The functions below read a well-formed reference.

/** It carries a digest: a well-formed reference has "@" only before its digest. */
export function celHasDigest(image: string): string {
  return `${image}.contains('@')`;
}

/** It carries a tag (read without a digest): a ":" after the last "/" starts the tag, as in parseImageReference. */
export function celHasTag(image: string): string {
  return `${image}.lastIndexOf(':') > ${image}.lastIndexOf('/')`;
}

/** Its tag (without a digest). */
function celTag(image: string): string {
  return `${image}.substring(${image}.lastIndexOf(':') + 1)`;
}

/** movingTag(tag) !== undefined: `latest` in any case, a branch or channel word, or no digit. The tag is ASCII. */
function celMovingTag(tag: string): string {
  return `(${tag}.lowerAscii() == 'latest' || ${tag}.lowerAscii().matches(${celString(MOVING_WORD)}) || !${tag}.matches('[0-9]'))`;
}

/** pinIssue kind 'latest': no digest, and the tag is latest in any case. */
export function celLatest(image: string): string {
  return `(!${celHasDigest(image)} && ${celHasTag(image)} && ${celTag(image)}.lowerAscii() == 'latest')`;
}

/** pinIssue kind 'moving': no digest, and a tag other than latest that moves. */
export function celMoving(image: string): string {
  return `(!${celHasDigest(image)} && ${celHasTag(image)} && ${celTag(image)}.lowerAscii() != 'latest' && ${celMovingTag(celTag(image))})`;
}

/** isPinned: a digest, or a tag that does not move. */
export function celPinned(image: string): string {
  return `(${celHasDigest(image)} || (${celHasTag(image)} && !${celMovingTag(celTag(image))}))`;
}

/**
 * The registry and repository as one string, `registry/repository`, with `defaultRegistry` for
 * a reference that names none (registryAllowed's `full`): the reference without its digest and
 * tag, CEL (1.28 has no `cel.bind`) binding the part before "@" as `r` in a one-element list.
 */
export function celRegistryAndRepository(image: string, defaultRegistry: string): string {
  const name = `[${image}.split('@')[0]].map(r, r.lastIndexOf(':') > r.lastIndexOf('/') ? r.substring(0, r.lastIndexOf(':')) : r)[0]`;
  return `(${image}.matches(${celString(NAMES_REGISTRY)}) ? '' : ${celString(`${defaultRegistry}/`)}) + ${name}`;
}
