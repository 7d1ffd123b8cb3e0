// Read `tenantctl policy simulate` requests (JSON Lines) and evaluate each with the peer
// simulator (@cloud-copilot/iam-simulate, Strict mode), one result line each:
// {"id": ..., "decision": ...}. Usage: node peer.mjs requests.jsonl > results.jsonl
// runSimulation adds AWS's RCPFullAWSAccess to every RCP level itself.
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { runSimulation } from '@cloud-copilot/iam-simulate'

const named = (prefix, list) => list.map((policy, i) => ({ name: `${prefix}${i}`, policy }))
const levels = (prefix, ls) => ls.map((policies, l) => ({ orgIdentifier: `${prefix}-${l}`, policies: named(`${prefix}${l}-`, policies) }))

function toSimulation(r) {
  const sim = {
    request: {
      principal: r.principal === 'anonymous' ? { type: 'Anonymous' } : r.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: r.resourceAccount },
      contextVariables: r.context ?? {}
    },
    identityPolicies: named('identity', r.identityPolicies ?? []),
    serviceControlPolicies: levels('scp', r.serviceControlPolicies ?? []),
    resourceControlPolicies: levels('rcp', r.resourceControlPolicies ?? []),
    permissionBoundaryPolicies: named('pb', r.permissionBoundaries ?? []),
    vpcEndpointPolicies: named('vpce', r.endpointPolicies ?? [])
  }
  if (r.resourcePolicy) sim.resourcePolicy = r.resourcePolicy
  if (r.sessionPolicy) sim.sessionPolicy = r.sessionPolicy
  return sim
}

const rl = createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })
const out = []
let n = 0
for await (const line of rl) {
  if (!line.trim()) continue
  const r = JSON.parse(line)
  const res = await runSimulation(toSimulation(r), { simulationMode: 'Strict' })
  const decision = res.resultType === 'error' ? 'Error' : res.overallResult
  out.push(JSON.stringify({ id: r.id, decision }))
  if (out.length >= 4096) {
    process.stdout.write(out.join('\n') + '\n')
    out.length = 0
  }
  n++
}
if (out.length) process.stdout.write(out.join('\n') + '\n')
process.stderr.write(`peer: ${n} requests\n`)
