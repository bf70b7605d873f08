import { ImageReference, parseImageReference, pinIssue } from './image-ref';

/**
 * A pinned container image: a reference with a version tag that is not `latest`, or a digest.
 * Constructing one from anything else throws, so a value of this type is pinned by construction.
 */
export class ContainerImage {
  /** Parses and checks a reference; throws with the reason when it is not pinned. */
  public static of(ref: string): ContainerImage {
    const problem = ContainerImage.problem(ref);
    if (problem) throw new Error(`invalid image reference: ${problem}`);
    return new ContainerImage(ref, (parseImageReference(ref) as { value: ImageReference }).value);
  }

  /** Why a reference cannot be used in production, or undefined when it can. */
  public static problem(ref: unknown): string | undefined {
    if (typeof ref !== 'string') return `expected a string, got ${ref === null ? 'null' : typeof ref}`;
    return pinIssue(ref)?.message;
  }

  private constructor(
    /** The reference as written. */
    public readonly ref: string,
    public readonly parts: ImageReference,
  ) {}

  /** A pinned image never changes, so the node's copy is as good as the registry's. */
  public get pullPolicy(): 'IfNotPresent' {
    return 'IfNotPresent';
  }

  /** What `app.kubernetes.io/version` says: the tag, else the first 12 hex digits of the digest. */
  public get version(): string {
    if (this.parts.tag) return this.parts.tag;
    return this.parts.digest!.split(':')[1].slice(0, 12);
  }

  public toString(): string {
    return this.ref;
  }
}
