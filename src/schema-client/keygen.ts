import {SpError} from '../errors/sp-error.js'
import {messageOf, type RegistryClient} from './client.js'
import {SCHEMA_CLIENT_ERROR_CODES, responseError} from './errors.js'
import {explainKeygenFailure} from './explain.js'

export interface KeyPair {
  read: string
  write: string
}

/** igluctl's rule for --vendor-prefix: `*` or `[a-zA-Z0-9-_.]+`. */
export function checkVendorPrefix(prefix: string): string {
  if (prefix === '*' || /^[a-zA-Z0-9-_.]+$/.test(prefix)) return prefix
  throw new SpError(
    SCHEMA_CLIENT_ERROR_CODES.vendorPrefix,
    `Invalid --vendor-prefix ${JSON.stringify(prefix)}: use * or a vendor such as com.acme (letters, digits, - _ .).`,
  )
}

/** `POST /api/auth/keygen {"vendorPrefix": …}` → a read key and a write key for that prefix. */
export async function generateKeys(client: RegistryClient, vendorPrefix: string): Promise<KeyPair> {
  const answer = await client.keygen(checkVendorPrefix(vendorPrefix))
  const body = answer.body as Partial<KeyPair> | undefined
  if (answer.status === 200 && typeof body?.read === 'string' && typeof body.write === 'string') {
    return {read: body.read, write: body.write}
  }
  const hint = explainKeygenFailure(answer)
  throw responseError(`The registry refused keygen (${answer.status}): ${messageOf(answer)}${hint ? `\n  ${hint}` : ''}`, answer.body)
}
