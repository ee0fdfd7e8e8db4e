/**
 * Just enough XML-RPC for supervisord's read-only calls: a call without parameters, and the
 * answer's value (string, int, boolean, double, nil, array, struct) or fault. supervisord answers
 * with Python's xmlrpc marshaller, which writes nothing else (no attributes, no CDATA, no
 * comments). Our own ~80 lines rather than a package: the npm XML-RPC clients bring an XML parser
 * and their own HTTP stack, and this needs neither.
 */

export type XmlRpcValue = string | number | boolean | null | XmlRpcValue[] | { [name: string]: XmlRpcValue };

export class XmlRpcError extends Error {}

export function xmlRpcCall(method: string): string {
  if (!/^[A-Za-z0-9_.]+$/.test(method)) throw new XmlRpcError(`not a method name: ${method}`);
  return `<?xml version="1.0"?>\n<methodCall><methodName>${method}</methodName><params/></methodCall>\n`;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

type Token = { readonly tag: string; readonly close: boolean; readonly empty: boolean } | { readonly text: string };

function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /<\?[^>]*\?>|<(\/?)([A-Za-z][A-Za-z0-9.]*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = pattern.exec(xml)) !== null) {
    end = pattern.lastIndex;
    if (match[2] !== undefined) tokens.push({ tag: match[2], close: match[1] === '/', empty: match[3] === '/' });
    else if (match[4] !== undefined) tokens.push({ text: unescapeXml(match[4]) });
  }
  if (end !== xml.length) throw new XmlRpcError('the answer is not XML-RPC');
  // Whitespace between elements carries nothing (a string's own spaces sit inside <string>).
  return tokens.filter((token) => !('text' in token) || token.text.trim() !== '');
}

class Reader {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  private next(): Token {
    const token = this.tokens[this.position++];
    if (token === undefined) throw new XmlRpcError('the answer ends too early');
    return token;
  }

  open(tag: string): boolean {
    const token = this.next();
    if (!('tag' in token) || token.tag !== tag || token.close) throw new XmlRpcError(`expected <${tag}>`);
    return token.empty;
  }

  close(tag: string): void {
    const token = this.next();
    if (!('tag' in token) || token.tag !== tag || !token.close) throw new XmlRpcError(`expected </${tag}>`);
  }

  peekTag(): string | null {
    const token = this.tokens[this.position];
    return token !== undefined && 'tag' in token && !token.close ? token.tag : null;
  }

  text(tag: string): string {
    const token = this.tokens[this.position];
    if (token !== undefined && 'text' in token) {
      this.position++;
      return token.text;
    }
    if (token === undefined || !('tag' in token) || token.tag !== tag) throw new XmlRpcError(`expected the text of <${tag}>`);
    return '';
  }

  /** <value>...</value> */
  value(): XmlRpcValue {
    if (this.open('value')) return '';
    const type = this.peekTag();
    if (type === null) {
      const bare = this.text('value');
      this.close('value');
      return bare;
    }
    const result = this.typed(type);
    this.close('value');
    return result;
  }

  private typed(type: string): XmlRpcValue {
    const empty = this.open(type);
    if (type === 'array') {
      const items: XmlRpcValue[] = [];
      if (!empty && !this.open('data')) {
        while (this.peekTag() === 'value') items.push(this.value());
        this.close('data');
      }
      if (!empty) this.close('array');
      return items;
    }
    if (type === 'struct') {
      const members: Record<string, XmlRpcValue> = {};
      while (!empty && this.peekTag() === 'member') {
        this.open('member');
        this.open('name');
        const name = this.text('name');
        this.close('name');
        members[name] = this.value();
        this.close('member');
      }
      if (!empty) this.close('struct');
      return members;
    }
    if (type === 'nil') return null;
    const text = empty ? '' : this.text(type);
    if (!empty) this.close(type);
    if (type === 'string') return text;
    if (type === 'int' || type === 'i4' || type === 'i8' || type === 'double') {
      const number = Number(text.trim());
      if (!Number.isFinite(number)) throw new XmlRpcError(`<${type}> holds no number`);
      return number;
    }
    if (type === 'boolean') return text.trim() === '1';
    throw new XmlRpcError(`unsupported XML-RPC type <${type}>`);
  }
}

/** The value of a methodResponse; a fault becomes an XmlRpcError with supervisord's text. */
export function parseXmlRpcAnswer(xml: string): XmlRpcValue {
  const reader = new Reader(tokenize(xml));
  reader.open('methodResponse');
  if (reader.peekTag() === 'fault') {
    reader.open('fault');
    const fault = reader.value();
    const text = fault !== null && typeof fault === 'object' && !Array.isArray(fault) ? fault.faultString : undefined;
    throw new XmlRpcError(`fault: ${typeof text === 'string' ? text : 'unknown'}`);
  }
  reader.open('params');
  reader.open('param');
  return reader.value();
}
