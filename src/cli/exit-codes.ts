/** misp-agentx's exit codes; documented in docs/configuration.md and `--help`. */
export const EXIT = {
  ok: 0,
  /** check or doctor found something wrong; run failed at runtime. */
  problem: 1,
  /** Unknown command, option or argument. */
  usage: 2,
  /** EX_CONFIG (sysexits.h): the unit uses RestartPreventExitStatus=78 so a bad file is not retried in a loop. */
  config: 78,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
