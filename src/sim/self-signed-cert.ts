import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SelfSignedCertificate {
  readonly key: string;
  readonly cert: string;
  /** The certificate's file, usable as an instance's caFile. */
  readonly certFile: string;
}

export interface CertificateOptions {
  /** Valid from 2020-01-01 to 2020-01-02 only, so every check finds it expired. */
  readonly expired?: boolean;
  /** Where the key and certificate files go (a directory the caller removes); a new temp dir by default. */
  readonly dir?: string;
}

const KEY_AND_NAME = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'];

/** `openssl req -x509` cannot back-date a certificate; `openssl ca -selfsign` can, with a minimal CA setup. */
async function signExpired(dir: string, keyFile: string, certFile: string): Promise<void> {
  const csr = join(dir, 'request.csr');
  await run('openssl', ['req', '-new', ...KEY_AND_NAME, '-keyout', keyFile, '-out', csr]);
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'serial'), '01\n');
  const config = join(dir, 'ca.cnf');
  await writeFile(config, `[ca]\ndefault_ca=d\n[d]\ndatabase=${dir}/index.txt\nnew_certs_dir=${dir}\nserial=${dir}/serial\ndefault_md=sha256\npolicy=p\ncopy_extensions=copy\n[p]\ncommonName=supplied\n`);
  await run('openssl', ['ca', '-batch', '-config', config, '-selfsign', '-keyfile', keyFile, '-in', csr, '-out', certFile, '-notext', '-startdate', '20200101000000Z', '-enddate', '20200102000000Z']);
}

/** A throw-away certificate for 127.0.0.1 / localhost, made with the system's openssl in a temp dir. */
export async function createSelfSignedCertificate(options: CertificateOptions = {}): Promise<SelfSignedCertificate> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'misp-sim-tls-')));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  if (options.expired) await signExpired(dir, keyFile, certFile);
  else await run('openssl', ['req', '-x509', ...KEY_AND_NAME, '-keyout', keyFile, '-out', certFile, '-days', '2']);
  return { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8'), certFile };
}
