/**
 * The one policy for keeping the MISP API key out of every output (logs, poll errors served over
 * SNMP, configuration errors): a key we know is hidden with any piece of it of 8 or more
 * characters, as written and as JSON escapes it; text that merely looks like a key (a run of 32+
 * letters and digits) or a URL's user:password is hidden where no key is known yet (configuration
 * errors); structured log fields that hold a key are censored by name.
 */

/**
 * Pieces of a key at least this long are hidden too: a cut-off excerpt must not keep half a key.
 * Shorter pieces would blank out ordinary words; a key shorter than this (config warns about it)
 * is hidden whole.
 */
const MIN_SECRET_PIECE = 8;

/** What replaces a key in a log line or a censored log field. */
export const LOG_CENSOR = '[REDACTED]';

/** Log fields that hold a key or an Authorization header wherever they are logged, one or two levels deep (pino's redact paths). */
export const SECRET_LOG_FIELDS = ['apiKey', 'key', 'authorization', 'Authorization', 'headers.authorization', 'headers.Authorization', 'headers["x-misp-auth"]'].flatMap(
  (path) => [path, `*.${path}`, `*.*.${path}`],
);

/** `text` with `secret` and every piece of it of 8+ characters (also as JSON escapes them) replaced by `marker`. */
export function hideSecret(text: string, secret: string, marker: string): string {
  if (secret === '') return text;
  let result = text;
  // The JSON-escaped form first: it is the longer one when they differ.
  for (const form of new Set([JSON.stringify(secret).slice(1, -1), secret])) {
    for (let length = form.length; length >= Math.min(MIN_SECRET_PIECE, form.length); length--) {
      for (let start = 0; start + length <= form.length; start++) {
        const piece = form.slice(start, start + length);
        if (result.includes(piece)) result = result.split(piece).join(marker);
      }
    }
  }
  return result;
}

/** A poll error's text without the instance's key, before it is stored, served or logged. */
export function redact(text: string, secret: string): string {
  return hideSecret(text, secret, '<redacted>');
}

/**
 * The last line of defence for logs: every serialized line passes through scrub(), which hides
 * each known key wherever it landed (message, error stack, nested field).
 */
export class SecretScrubber {
  private readonly secrets = new Set<string>();

  /** Registers keys to hide from now on; keys of a configuration reloaded earlier stay hidden. */
  add(secrets: Iterable<string>): void {
    for (const secret of secrets) this.secrets.add(secret);
  }

  scrub(line: string): string {
    let clean = line;
    for (const secret of this.secrets) clean = hideSecret(clean, secret, LOG_CENSOR);
    return clean;
  }
}

// A run of 32+ letters and digits is most likely an API key pasted in the wrong field.
const KEY_SHAPED = /[A-Za-z0-9]{32,}/g;
const URL_CREDENTIALS = /\/\/[^/@\s]+@/g;

/** Hides anything shaped like an API key or a URL's user:password, for text read before any key is known. */
export function redactSecrets(text: string): string {
  return text.replace(KEY_SHAPED, '<hidden: looks like an API key>').replace(URL_CREDENTIALS, '//<hidden>@');
}
