import { describe, expect, it } from 'vitest';
import { hideSecret, redactSecrets, SecretScrubber } from '../../../src/common/secrets.js';

const KEY = 'AbCdEfGh0123456789IjKlMnOpQrStUvWxYz0123';

describe('the secret policy', () => {
  it('hides the key, any 8+ character piece of it, and a key shorter than that whole', () => {
    expect(hideSecret(`a ${KEY} b`, KEY, '#')).toBe('a # b');
    expect(hideSecret(`cut ${KEY.slice(5, 13)}!`, KEY, '#')).toBe('cut #!');
    expect(hideSecret(`cut ${KEY.slice(5, 12)}!`, KEY, '#')).toBe(`cut ${KEY.slice(5, 12)}!`);
    expect(hideSecret('short key abc12 here', 'abc12', '#')).toBe('short key # here');
    expect(hideSecret('nothing', '', '#')).toBe('nothing');
  });

  it('applies the same rule to log lines, JSON-escaped keys included', () => {
    const scrubber = new SecretScrubber();
    const quoted = 'Key"With\\Quotes-zyxwvut';
    scrubber.add([KEY, quoted]);
    expect(scrubber.scrub(`{"msg":"x${KEY.slice(0, 20)}y"}`)).toBe('{"msg":"x[REDACTED]y"}');
    expect(scrubber.scrub(JSON.stringify({ msg: quoted }))).toBe('{"msg":"[REDACTED]"}');
  });

  it('hides key-shaped text and URL credentials where no key is known yet', () => {
    expect(redactSecrets(`level: ${KEY}`)).toBe('level: <hidden: looks like an API key>');
    expect(redactSecrets('https://user:pw@misp.example.org')).toBe('https://<hidden>@misp.example.org');
  });
});
