// Turn the peer conformance corpus into `tenantctl policy simulate` requests (JSON Lines),
// repeated until at least N lines. Usage: node gen-requests.mjs CASES_DIR N [--distinct] > requests.jsonl
// --distinct: every line's policy text differs from every other line's by JSON whitespace
// inside its identityPolicies array (the same policies, the same answers), so no two lines
// share a policy set: tenantctl compiles every line's policies, as the peer core's
// "parsed per request" pass does.
// The translation is the one tests/it/policy_conformance.rs applies (see that file's header).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const [dir, nArg, flag] = process.argv.slice(2)
const distinct = flag === '--distinct'
// Line i's whitespace: i in binary, space for 0 and tab for 1, after a newline-free marker.
const spaces = (i) => ' ' + i.toString(2).replaceAll('0', ' ').replaceAll('1', '\t')
const want = Number(nArg ?? 100000)

function walk(d) {
  return readdirSync(d).sort().flatMap((f) => {
    const p = join(d, f)
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [p] : []
  })
}

function toRequest(c, file) {
  const r = c.request
  const resource = r.resource.resource
  const principal = typeof r.principal === 'string' ? r.principal : 'anonymous'
  const levels = (k) => (c[k] ?? []).map((l) => l.policies)
  const out = {
    id: `${relative(dir, file)}: ${c.name}`,
    principal,
    action: r.action,
    resource,
    resourceAccount: r.resource.accountId,
    context: r.context ?? {},
    identityPolicies: c.identityPolicies ?? [],
    permissionBoundaries: c.permissionBoundaries ?? [],
    serviceControlPolicies: levels('serviceControlPolicies'),
    resourceControlPolicies: levels('resourceControlPolicies'),
    endpointPolicies: c.endpointPolicies ?? [],
    resourceIsPattern: !r.wildcardOnlyAction && /[*?]/.test(resource)
  }
  if (c.resourcePolicy) out.resourcePolicy = c.resourcePolicy
  if (c.sessionPolicy) out.sessionPolicy = c.sessionPolicy
  return out
}

const base = walk(dir).flatMap((f) => JSON.parse(readFileSync(f, 'utf8')).map((c) => toRequest(c, f)))
const lines = base.map((r) => JSON.stringify(r))
let n = 0
const chunks = []
for (let round = 0; n < want; round++) {
  for (const l of lines) {
    // JSON.stringify escapes quotes inside strings, so this text occurs only as the key.
    chunks.push(distinct ? l.replace('"identityPolicies":[', '"identityPolicies":[' + spaces(n)) : l)
    n++
  }
  if (chunks.length > 5000) {
    process.stdout.write(chunks.join('\n') + '\n')
    chunks.length = 0
  }
}
if (chunks.length) process.stdout.write(chunks.join('\n') + '\n')
process.stderr.write(`${n} requests from ${base.length} cases\n`)
