/** One HTTP answer as the client read it: status, headers and the (size-capped) body. */
export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export function headerValue(answer: HttpAnswer, name: string): string {
  const value = answer.headers[name.toLowerCase()];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

export function looksLikeHtml(answer: HttpAnswer): boolean {
  if (/html/i.test(headerValue(answer, 'content-type'))) return true;
  const start = answer.body.subarray(0, 64).toString('latin1').trimStart().toLowerCase();
  return start.startsWith('<!doctype') || start.startsWith('<html') || start.startsWith('<');
}
