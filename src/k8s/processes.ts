/**
 * Init processes that forward signals and reap zombies when they run as PID 1 (pattern 2): one
 * table for the pid1-init rule, the Dockerfile audit and the constructs' `imageInit`.
 */
export type ImageInit = 'tini' | 'dumb-init' | 'catatonit' | 's6-overlay';

interface InitProgram {
  /** The name the pod annotation records (`cdk8s-prod.io/init`) and `imageInit` accepts. */
  readonly init: ImageInit;
  /** The programs' basenames. */
  readonly programs: readonly string[];
  /** Release assets keep their suffixes: tini-static-amd64, dumb-init_1.2.5_x86_64. */
  readonly asset?: RegExp;
}

const INIT_PROGRAMS: readonly InitProgram[] = [
  { init: 'tini', programs: ['tini', 'tini-static', 'docker-init'], asset: /^tini(-[a-z0-9_]+)+$/ },
  { init: 'dumb-init', programs: ['dumb-init'], asset: /^dumb-init[_-]/ },
  { init: 'catatonit', programs: ['catatonit'] },
  // s6-overlay installs its init as /init.
  { init: 's6-overlay', programs: ['init', 's6-svscan'] },
];

export const IMAGE_INITS: readonly ImageInit[] = INIT_PROGRAMS.map((p) => p.init);

/** The program names of the inits, and the patterns of their release assets (for the admission gate's CEL). */
export const INIT_PROGRAM_NAMES: readonly string[] = INIT_PROGRAMS.flatMap((p) => p.programs);
export const INIT_ASSET_PATTERNS: readonly RegExp[] = INIT_PROGRAMS.flatMap((p) => (p.asset ? [p.asset] : []));

/** The init a program (a path or a name) is, if it is one. */
export function initOfProgram(program: string): ImageInit | undefined {
  // A container's and an image's paths are POSIX paths whatever the machine that checks them.
  const name = program.slice(program.lastIndexOf('/') + 1);
  const found = INIT_PROGRAMS.find((p) => p.programs.includes(name) || p.asset?.test(name));
  return found?.init;
}
