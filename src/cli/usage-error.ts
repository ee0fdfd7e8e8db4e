/** A mistake on the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    /** The command whose --help to point at, or '' for the program's. */
    readonly command: string,
  ) {
    super(message);
  }
}
