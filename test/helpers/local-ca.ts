import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalCa {
  /** The CA's certificate (PEM) and its file. */
  readonly caCert: string;
  readonly caFile: string;
  /** A server certificate for 127.0.0.1 / localhost signed by that CA, with its key. */
  readonly server: { readonly key: string; readonly cert: string; readonly certFile: string };
}

/** A throw-away certificate authority and one server certificate it signed, made with the system's openssl. */
export function createLocalCa(name: string): LocalCa {
  const dir = mkdtempSync(join(tmpdir(), 'misp-agentx-ca-'));
  const file = (base: string) => join(dir, base);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-new', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('server.ext'));
  return {
    caCert: readFileSync(file('ca.pem'), 'utf8'),
    caFile: file('ca.pem'),
    server: { key: readFileSync(file('server.key'), 'utf8'), cert: readFileSync(file('server.pem'), 'utf8'), certFile: file('server.pem') },
  };
}
