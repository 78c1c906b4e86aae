import {generateKeyPairSync, X509Certificate, randomBytes} from 'node:crypto'
import {readFileSync} from 'node:fs'
import https from 'node:https'
import type {AddressInfo} from 'node:net'
import type {FastifyInstance} from 'fastify'
import forge from 'node-forge'
import {SpError} from '../errors/sp-error.js'
import {listenError} from './errors.js'

/** HTTPS beside HTTP, as Micro runs it (its `collector.ssl.port`, 9543 by default). */
export interface MicroTlsOptions {
  /** 0 = a free port */
  port: number
  /** PEM certificate (chain) and key, or a PKCS12 bundle and its password */
  cert?: string | Buffer
  key?: string | Buffer
  pfx?: Buffer
  passphrase?: string
  /** where the certificate came from, for the startup line */
  source: string
}

export const MICRO_TLS_PORT = 9543
export const LOCAL_HOSTS = ['localhost', '127.0.0.1', '::1']
export const TLS_ERROR_CODES = {invalidCertificate: 'TLS_INVALID_CERTIFICATE'} as const

export interface TlsSources {
  port?: number
  /** Micro's `ssl-certificate.p12` and MICRO_SSL_CERT_PASSWORD */
  p12File?: string
  p12Password?: string
  certFile?: string
  keyFile?: string
  selfSigned?: boolean
  /** names and addresses the self-signed certificate covers (default: localhost, 127.0.0.1, ::1) */
  selfSignedHosts?: string[]
}

/** The HTTPS settings the sources make, or undefined when none asks for HTTPS. */
export function tlsFromSources(s: TlsSources, log: (line: string) => void = () => {}): MicroTlsOptions | undefined {
  const port = s.port ?? MICRO_TLS_PORT
  if (s.certFile !== undefined || s.keyFile !== undefined) {
    if (s.certFile === undefined || s.keyFile === undefined) throw tlsError('--tls-cert and --tls-key go together (PEM certificate and PEM private key)')
    return {port, cert: readTlsFile(s.certFile), key: readTlsFile(s.keyFile), source: s.certFile}
  }
  if (s.p12File !== undefined && s.p12Password !== undefined) {
    return {port, pfx: readTlsFile(s.p12File), passphrase: s.p12Password, source: s.p12File}
  }
  if (s.selfSigned) {
    const hosts = s.selfSignedHosts ?? LOCAL_HOSTS
    const generated = selfSignedCertificate(hosts)
    log(`Self-signed certificate for ${hosts.join(', ')}, SHA-256 fingerprint ${generated.fingerprint256}`)
    return {port, cert: generated.cert, key: generated.key, source: 'self-signed'}
  }
  return undefined
}

function readTlsFile(file: string): Buffer {
  try {
    return readFileSync(file)
  } catch (error) {
    throw tlsError(`Cannot read ${file}: ${(error as Error).message}`)
  }
}

function tlsError(message: string): SpError {
  return new SpError(TLS_ERROR_CODES.invalidCertificate, message)
}

export interface SelfSigned {
  cert: string
  key: string
  fingerprint256: string
}

/** A certificate for localhost (RSA 2048, SHA-256, one year), for phones and test devices on the LAN. */
export function selfSignedCertificate(hosts: string[] = LOCAL_HOSTS): SelfSigned {
  // node's RSA key generation is native (fast); forge only builds and signs the certificate
  const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 2048, publicKeyEncoding: {type: 'spki', format: 'pem'}, privateKeyEncoding: {type: 'pkcs8', format: 'pem'}})
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey)
  cert.serialNumber = '01' + randomBytes(15).toString('hex')
  cert.validity.notBefore = new Date(Date.now() - 60_000)
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000)
  const subject = [{name: 'commonName', value: hosts[0]!}, {name: 'organizationName', value: 'sp micro'}]
  cert.setSubject(subject)
  cert.setIssuer(subject)
  cert.setExtensions([
    {name: 'basicConstraints', cA: true},
    {name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true},
    {name: 'extKeyUsage', serverAuth: true},
    {name: 'subjectAltName', altNames: hosts.map((h) => (/^[\d.]+$|:/.test(h) ? {type: 7, ip: h} : {type: 2, value: h}))},
  ])
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create())
  const pem = forge.pki.certificateToPem(cert)
  return {cert: pem, key: privateKey, fingerprint256: new X509Certificate(pem).fingerprint256}
}

export interface RunningTls {
  url: string
  port: number
  close(): Promise<void>
}

/** A second listener (HTTPS) in front of the same fastify routes. */
export async function listenTls(app: FastifyInstance, tls: MicroTlsOptions, host: string, maxHeaderSize: number): Promise<RunningTls> {
  let server: https.Server
  try {
    server = https.createServer({cert: tls.cert, key: tls.key, pfx: tls.pfx, passphrase: tls.passphrase, maxHeaderSize}, (req, res) => app.routing(req, res))
  } catch (error) {
    throw tlsError(`Cannot use the certificate ${tls.source} for HTTPS: ${(error as Error).message}${tls.pfx ? ' (check MICRO_SSL_CERT_PASSWORD; PKCS12 files using legacy RC2/3DES encryption need re-exporting with AES)' : ''}`)
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(tls.port, host, () => {
      server.off('error', reject)
      resolve()
    })
  }).catch((error: unknown) => {
    const failure = listenError(error, host, tls.port)
    failure.message = failure.message.replace('--port', '--tls-port')
    throw failure
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `https://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      }),
  }
}
