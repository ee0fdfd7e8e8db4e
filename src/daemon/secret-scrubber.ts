const REPLACEMENT = '[REDACTED]';
// Shorter "secrets" would blank out ordinary words in every line.
const MIN_SECRET_LENGTH = 8;

/**
 * The last line of defence for API keys: every serialized log line passes through scrub(), which
 * replaces each known key, as written and as JSON escapes it, wherever it landed (message, error
 * stack, nested field). Cheap: a substring test per key per line.
 */
export class SecretScrubber {
  private readonly forms = new Set<string>();

  /** Registers keys to hide from now on; keys of a configuration reloaded earlier stay hidden. */
  add(secrets: Iterable<string>): void {
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      this.forms.add(secret);
      this.forms.add(JSON.stringify(secret).slice(1, -1));
    }
  }

  scrub(line: string): string {
    let clean = line;
    for (const form of this.forms) if (clean.includes(form)) clean = clean.split(form).join(REPLACEMENT);
    return clean;
  }
}
