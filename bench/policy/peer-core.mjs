// The peer's core engine, not its wrapper: `authorize` from @cloud-copilot/iam-simulate's
// core_engine (what its own conformance tests call, and where the corpus expectations come
// from), with policies loaded by @cloud-copilot/iam-policy's `loadPolicy`, no validation.
// Runs the same requests, in the same order, as gen-requests.mjs writes for tenantctl (it walks
// the same corpus the same way), twice in one process:
//   parse:      every request loads its policies (parsing included, like tenantctl --batch);
//   preparsed:  each case's policies loaded once, then only `authorize` per request.
// Prints one result line per request of the `parse` pass ({"id", "decision"}) and the timings
// of both passes on stderr as JSON. The runner applies the corpus semantics README.md states:
// each RCP level also holds the default allow-all RCP; wildcardOnlyAction as given.
// Usage: node peer-core.mjs CASES_DIR N > results.jsonl
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { createRequire } from 'node:module'
import { loadPolicy } from '@cloud-copilot/iam-policy'

// `authorize` and friends are not in the package's export map; import the files directly.
const require = createRequire(import.meta.url)
const base = join(require.resolve('@cloud-copilot/iam-simulate'), '..', '..', 'esm')
const { authorize } = await import(join(base, 'core_engine/CoreSimulatorEngine.js'))
const { AwsRequestImpl } = await import(join(base, 'request/request.js'))
const { RequestContextImpl } = await import(join(base, 'requestContext.js'))
const { DiscoveryContextKeyConstraints } = await import(join(base, 'context_keys/discoveryContextKeyConstraints.js'))

const [dir, nArg] = process.argv.slice(2)
const want = Number(nArg ?? 100000)
const ALLOW_ALL_RCP = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }

function walk(d) {
  return readdirSync(d).sort().flatMap((f) => {
    const p = join(d, f)
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [p] : []
  })
}

const cases = walk(dir).flatMap((f) => JSON.parse(readFileSync(f, 'utf8')).map((c) => ({ ...c, id: `${relative(dir, f)}: ${c.name}` })))

function load(c) {
  const named = (prefix, list) => (list ?? []).map((p, i) => loadPolicy(p, { name: `${prefix}${i}` }))
  const levels = (prefix, ls, extra) =>
    (ls ?? []).map((l, i) => ({ orgIdentifier: l.orgIdentifier ?? `${prefix}-${i}`, policies: named(`${prefix}${i}-`, extra ? [...l.policies, extra] : l.policies) }))
  return {
    identityPolicies: named('identity', c.identityPolicies),
    serviceControlPolicies: levels('scp', c.serviceControlPolicies),
    resourceControlPolicies: levels('rcp', c.resourceControlPolicies, ALLOW_ALL_RCP),
    permissionBoundaries: c.permissionBoundaries ? named('pb', c.permissionBoundaries) : undefined,
    vpcEndpointPolicies: c.endpointPolicies ? named('vpce', c.endpointPolicies) : undefined,
    resourcePolicy: c.resourcePolicy ? loadPolicy(c.resourcePolicy, { name: 'resource' }) : undefined,
    sessionPolicy: c.sessionPolicy ? loadPolicy(c.sessionPolicy, { name: 'session' }) : undefined
  }
}

const params = { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) }
function run(c, loaded) {
  const r = c.request
  const principal = typeof r.principal === 'string' ? r.principal : { type: 'Anonymous' }
  const request = new AwsRequestImpl(principal, { resource: r.resource.resource, accountId: r.resource.accountId }, r.action, new RequestContextImpl(r.context ?? {}), r.wildcardOnlyAction ?? false)
  return authorize({ request, ...loaded, simulationParameters: params }).result
}

// The request order of gen-requests.mjs: whole rounds over the corpus until at least N.
const order = []
while (order.length < want) for (let i = 0; i < cases.length; i++) order.push(i)

const out = new Array(order.length)
let t0 = process.hrtime.bigint()
for (let k = 0; k < order.length; k++) {
  const c = cases[order[k]]
  let decision
  try { decision = run(c, load(c)) } catch (e) { decision = 'Error' }
  out[k] = decision
}
const parseNs = Number(process.hrtime.bigint() - t0)

const loaded = cases.map((c) => { try { return load(c) } catch { return null } })
t0 = process.hrtime.bigint()
let sink = 0
for (let k = 0; k < order.length; k++) {
  const i = order[k]
  if (!loaded[i]) continue
  try { sink += run(cases[i], loaded[i]).length } catch { }
}
const preNs = Number(process.hrtime.bigint() - t0)

const lines = []
for (let k = 0; k < order.length; k++) {
  lines.push(JSON.stringify({ id: cases[order[k]].id, decision: out[k] }))
  if (lines.length >= 4096) { process.stdout.write(lines.join('\n') + '\n'); lines.length = 0 }
}
if (lines.length) process.stdout.write(lines.join('\n') + '\n')
const agree = order.filter((i, k) => out[k] === cases[i].expected.response).length
process.stderr.write(JSON.stringify({ requests: order.length, parse_s: parseNs / 1e9, preparsed_s: preNs / 1e9, agree_with_corpus: agree, sink }) + '\n')
