export interface VersionData {
  readonly text: string;
  /** major * 1_000_000 + minor * 1_000 + patch: 2.4.130 -> 2004130. */
  readonly number: number;
}
