import { describe, expect, it } from 'vitest';
import { classifyHttpAnswer, classifyThrown } from '../../../src/http/classify.js';
import type { HttpAnswer } from '../../../src/http/read-body.js';
import { PollError } from '../../../src/http/poll-error.js';

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(JSON.stringify(body)),
});
const html = (statusCode: number, headers: Record<string, string> = {}): HttpAnswer => ({
  statusCode,
  headers: { 'content-type': 'text/html', ...headers },
  body: Buffer.from('<!DOCTYPE html><html><body>Bad Gateway</body></html>'),
});
const mispError = (statusCode: number, text: string) => json(statusCode, { name: text, message: text, url: '/servers/getWorkers' });

describe('classifyHttpAnswer', () => {
  it('passes 2xx', () => {
    expect(classifyHttpAnswer(json(200, {}))).toBeNull();
  });
  it.each([
    ['Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.', 'authFailed'],
    ['Auth key is expired', 'authFailed'],
    ['Authentication failed. Your user account has been disabled.', 'authFailed'],
    ['Remote IP address 10.0.0.1 is not allowed for this auth key.', 'authFailed'],
    ['You do not have permission to use this functionality.', 'permissionDenied'],
    ['Forbidden by policy', 'permissionDenied'],
  ])('403 "%s" -> %s', (text, status) => {
    expect(classifyHttpAnswer(mispError(403, text))?.status).toBe(status);
  });
  it('keeps MISP message in the error text', () => {
    expect(classifyHttpAnswer(mispError(403, 'Auth key is expired'))?.message).toBe('HTTP 403: Auth key is expired');
  });
  it('302 to /users/login is maintenance, other redirects are invalid', () => {
    expect(classifyHttpAnswer(html(302, { location: 'https://misp.test/users/login' }))?.status).toBe('maintenance');
    expect(classifyHttpAnswer(html(301, { location: '/elsewhere' }))?.status).toBe('invalidResponse');
  });
  it.each([
    [401, 'authFailed'],
    [404, 'notFound'],
    [429, 'rateLimited'],
    [500, 'serverError'],
    [502, 'serverError'],
    [504, 'serverError'],
    [400, 'invalidResponse'],
  ])('HTTP %i -> %s', (code, status) => {
    const failure = classifyHttpAnswer(html(code));
    expect(failure?.status).toBe(status);
    expect(failure?.message).toBe(`HTTP ${code}: HTML page`);
  });
  it('shortens and sanitizes a hostile error body', () => {
    const failure = classifyHttpAnswer({ statusCode: 500, headers: {}, body: Buffer.from(`oops\r\n\u001b[31m${'y'.repeat(20_000)}`) });
    expect(failure?.message.length).toBeLessThan(100);
    expect(failure?.message).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('classifyThrown', () => {
  const coded = (code: string, name = 'Error') => Object.assign(new Error('boom'), { code, name });
  it.each([
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['ECONNREFUSED', 'unreachable'],
    ['ECONNRESET', 'unreachable'],
    ['UND_ERR_SOCKET', 'unreachable'],
    ['ENOTFOUND', 'dnsError'],
    ['EAI_AGAIN', 'dnsError'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tlsError'],
    ['CERT_HAS_EXPIRED', 'tlsError'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tlsError'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tlsError'],
  ])('%s -> %s', (code, status) => {
    expect(classifyThrown(coded(code)).status).toBe(status);
  });
  it('looks through error causes (undici wraps socket errors)', () => {
    const wrapped = Object.assign(new TypeError('fetch failed'), { cause: coded('SELF_SIGNED_CERT_IN_CHAIN') });
    expect(classifyThrown(wrapped).status).toBe('tlsError');
  });
  it('treats aborts and timeouts as timeout', () => {
    expect(classifyThrown(new DOMException('x', 'TimeoutError')).status).toBe('timeout');
    expect(classifyThrown(new DOMException('x', 'AbortError')).status).toBe('timeout');
  });
  it('passes a PollError through and never uses a foreign message', () => {
    const original = new PollError('tooLarge', 'too big');
    expect(classifyThrown(original)).toBe(original);
    expect(classifyThrown(new Error('secret-key-in-message')).message).not.toContain('secret');
  });
});
