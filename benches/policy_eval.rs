//! Evaluations per second of the policy engine on the project's ABAC policy shape.
//! `cargo bench --bench policy_eval` (release profile). Prints single-thread and
//! all-core rates; no assertion, this is a measurement.

use std::time::Instant;

use tenantctl::policy::{
    decide, decide_parts, evaluate, Context, Decision, NamedPolicy, PolicyDocument, PolicySet,
    PreparedPrincipal, PreparedResource, Request, RequestParts,
};

const ABAC: &str = r#"{"Version":"2012-10-17","Statement":[
 {"Sid":"S3ObjectsInOwnPrefix","Effect":"Allow","Action":["s3:GetObject","s3:GetObjectVersion","s3:PutObject","s3:DeleteObject"],
  "Resource":"arn:aws:s3:::data-bkt/${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}/*"},
 {"Sid":"S3ListOwnPrefixOnly","Effect":"Allow","Action":["s3:ListBucket","s3:ListBucketVersions"],"Resource":"arn:aws:s3:::data-bkt",
  "Condition":{"StringLike":{"s3:prefix":["${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}/","${aws:PrincipalTag/Tier}/${aws:PrincipalTag/ClinicId}/*"]}}},
 {"Sid":"SsmReadOwnParameters","Effect":"Allow","Action":["ssm:GetParameter","ssm:GetParameters","ssm:GetParametersByPath"],
  "Resource":["arn:aws:ssm:us-east-1:111122223333:parameter/ns/tenants/${aws:PrincipalTag/ClinicId}","arn:aws:ssm:us-east-1:111122223333:parameter/ns/tenants/${aws:PrincipalTag/ClinicId}/*"]},
 {"Sid":"SsmWriteOwnAppParameters","Effect":"Allow","Action":["ssm:PutParameter","ssm:DeleteParameter"],
  "Resource":"arn:aws:ssm:us-east-1:111122223333:parameter/ns/tenants/${aws:PrincipalTag/ClinicId}/app/*"},
 {"Sid":"DynamoDbOwnPartitionOnly","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query","dynamodb:PutItem"],
  "Resource":"arn:aws:dynamodb:us-east-1:111122223333:table/ns-*",
  "Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/ClinicId}"]},"Null":{"dynamodb:LeadingKeys":"false"}}},
 {"Sid":"InvokeModelForTier","Effect":"Allow","Action":["bedrock:InvokeModel","bedrock:InvokeModelWithResponseStream"],
  "Resource":"arn:aws:bedrock:us-east-1::foundation-model/anthropic.*","Condition":{"StringEquals":{"aws:PrincipalTag/Tier":"basic"}}},
 {"Sid":"BedrockOwnTaggedResources","Effect":"Allow","Action":["bedrock:InvokeAgent","bedrock:Retrieve"],
  "Resource":"arn:aws:bedrock:us-east-1:111122223333:*","Condition":{"StringEquals":{"aws:ResourceTag/ClinicId":"${aws:PrincipalTag/ClinicId}"}}},
 {"Sid":"DenyOutsideTenant","Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::data-bkt","arn:aws:s3:::data-bkt/*"]}
]}"#;

/// How a request's resource ARN is built from the target tenant's index.
type ResourceFor = fn(usize) -> String;

fn requests(tenants: usize) -> Vec<Request> {
    let actions: [(&str, ResourceFor); 6] = [
        ("s3:GetObject", |t| {
            format!("arn:aws:s3:::data-bkt/basic/clinic-{t}/notes/1.json")
        }),
        ("s3:ListBucket", |_| "arn:aws:s3:::data-bkt".into()),
        ("ssm:GetParameter", |t| {
            format!("arn:aws:ssm:us-east-1:111122223333:parameter/ns/tenants/clinic-{t}/project-id")
        }),
        ("dynamodb:Query", |_| {
            "arn:aws:dynamodb:us-east-1:111122223333:table/ns-data".into()
        }),
        ("bedrock:InvokeAgent", |_| {
            "arn:aws:bedrock:us-east-1:111122223333:agent/AG1".into()
        }),
        ("bedrock:InvokeModel", |_| {
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude".into()
        }),
    ];
    let mut out = Vec::new();
    for me in 0..tenants {
        for target in 0..tenants {
            for (action, res) in &actions {
                let mut c = Context::new();
                c.set("aws:PrincipalTag/ClinicId", format!("clinic-{me}"));
                c.set("aws:PrincipalTag/Tier", "basic");
                c.set("aws:PrincipalTag/UserId", "u-1");
                c.set("s3:prefix", format!("basic/clinic-{target}/"));
                c.set("dynamodb:LeadingKeys", vec![format!("clinic-{target}")]);
                c.set("aws:ResourceTag/ClinicId", format!("clinic-{target}"));
                out.push(Request {
                    principal: "arn:aws:sts::111122223333:assumed-role/tenantctl-tvm/u-1".into(),
                    action: action.to_string(),
                    resource: res(target),
                    resource_account: Some("111122223333".into()),
                    context: c,
                });
            }
        }
    }
    out
}

fn main() {
    let doc = PolicyDocument::parse(ABAC).expect("bench policy parses");
    let set = PolicySet {
        identity: vec![NamedPolicy::new("role/tenantctl-tvm:inline/abac", doc)],
        ..Default::default()
    };
    let reqs = requests(40); // 40 × 40 × 6 = 9,600 distinct requests
    let rounds = 100;
    // Warm up and sanity-check: the own tenant is allowed the five tenant-scoped actions;
    // the tier's shared foundation model is allowed to every tenant; nothing else.
    let allowed = reqs
        .iter()
        .filter(|r| evaluate(&set, r).decision == Decision::Allowed)
        .count();
    assert_eq!(
        allowed,
        40 * 5 + 40 * 40,
        "own tenant: 5 scoped actions; every tenant: the tier model"
    );

    let start = Instant::now();
    let mut n = 0u64;
    for _ in 0..rounds {
        for r in &reqs {
            std::hint::black_box(evaluate(&set, std::hint::black_box(r)));
            n += 1;
        }
    }
    let single = n as f64 / start.elapsed().as_secs_f64();
    println!("policy_eval: evaluate (with explanation), single thread: {n} evaluations, {single:.0} evaluations/s");

    let start = Instant::now();
    for _ in 0..rounds {
        for r in &reqs {
            std::hint::black_box(decide(&set, std::hint::black_box(r)));
        }
    }
    let single = n as f64 / start.elapsed().as_secs_f64();
    println!("policy_eval: decide (no explanation), single thread: {n} evaluations, {single:.0} evaluations/s");

    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            let (set, reqs) = (&set, &reqs);
            s.spawn(move || {
                for _ in 0..rounds {
                    for r in reqs.iter().skip(t).step_by(threads) {
                        std::hint::black_box(decide(set, std::hint::black_box(r)));
                    }
                }
            });
        }
    });
    let multi = n as f64 / start.elapsed().as_secs_f64();
    println!("policy_eval: decide, {threads} threads: {multi:.0} evaluations/s");

    bulk_path(&set, &reqs, rounds);
}

/// The isolation matrix's path over the same requests: the set specialised once per session
/// and restricted per action, resources parsed once, the request keys as an overlay.
fn bulk_path(set: &PolicySet, reqs: &[Request], rounds: usize) {
    const VARYING: [&str; 3] = [
        "s3:prefix",
        "dynamodb:LeadingKeys",
        "aws:ResourceTag/ClinicId",
    ];
    struct Prepared {
        session: usize,
        action: usize,
        resource: PreparedResource,
        overlay: Context,
    }
    // Sessions are the distinct principal-tag sets; actions the distinct action names.
    let mut sessions: Vec<(Context, Vec<(String, PolicySet)>)> = Vec::new();
    let mut prepared = Vec::with_capacity(reqs.len());
    for r in reqs {
        let mut session = r.context.clone();
        let mut overlay = Context::new();
        for k in VARYING {
            if let Some(v) = r.context.get(k) {
                overlay.set(k, v.clone());
            }
            session.remove(k);
        }
        let si = match sessions.iter().position(|(c, _)| *c == session) {
            Some(i) => i,
            None => {
                sessions.push((session, Vec::new()));
                sessions.len() - 1
            }
        };
        let (ctx, per_action) = &mut sessions[si];
        let ai = match per_action.iter().position(|(a, _)| *a == r.action) {
            Some(i) => i,
            None => {
                let fast = set.specialize(ctx, &VARYING).for_action(&r.action);
                per_action.push((r.action.clone(), fast));
                per_action.len() - 1
            }
        };
        prepared.push(Prepared {
            session: si,
            action: ai,
            resource: PreparedResource::new(&r.resource, r.resource_account.as_deref()),
            overlay,
        });
    }
    let principal = PreparedPrincipal::new(&reqs[0].principal);
    let decide_one = |p: &Prepared| {
        let (ctx, per_action) = &sessions[p.session];
        let (action, set) = &per_action[p.action];
        decide_parts(
            set,
            &RequestParts {
                principal,
                action,
                resource: &p.resource,
                context: ctx,
                overlay: Some(&p.overlay),
            },
        )
    };
    // Same decisions as `decide` on every request, or the figure below means nothing.
    for (r, p) in reqs.iter().zip(&prepared) {
        assert_eq!(decide_one(p), decide(set, r), "{r:?}");
    }
    let start = Instant::now();
    let mut n = 0u64;
    for _ in 0..rounds {
        for p in &prepared {
            std::hint::black_box(decide_one(std::hint::black_box(p)));
            n += 1;
        }
    }
    let single = n as f64 / start.elapsed().as_secs_f64();
    println!("policy_eval: decide_parts (specialised per session and action), single thread: {n} evaluations, {single:.0} evaluations/s");
}
