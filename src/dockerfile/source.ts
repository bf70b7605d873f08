/** Marks a construct whose image's Dockerfile the synth must audit; ProductionApp reads it. */
export const DOCKERFILE_SOURCE = Symbol.for('cdk8s-prod.dockerfile-source');

export interface DockerfileSource {
  /** The path as shown in findings. */
  readonly file: string;
  readonly text: string;
}
