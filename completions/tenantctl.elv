
use builtin;
use str;

set edit:completion:arg-completer[tenantctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'tenantctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'tenantctl'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region)'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Bootstrap (or reconcile) the shared platform: user pool, buckets, tier parameters, TVM role'
            cand tenant 'Onboard, list and inspect tenants'
            cand policy 'Evaluate IAM policies locally'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;init'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region)'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --dry-run 'Print the plan and change nothing'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;tenant'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region)'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
            cand onboard 'Onboard one tenant, or many with --from'
            cand list 'List tenants from the registry'
            cand show 'Show one tenant''s record and users'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;tenant;onboard'= {
            cand --tier 'Tier the tenant belongs to (must exist in the config)'
            cand --user 'A user''s email (repeatable)'
            cand --users 'CSV file of users: one `email` column (header optional)'
            cand --project-id 'Bedrock project id for cost attribution (else created or the tier''s)'
            cand --from 'Bulk: CSV (tenant,tier,users with users separated by '';'') or JSON array of {tenant,tier,users}'
            cand --concurrency 'How many tenants to onboard at once'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region)'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --invite 'Send Cognito''s invitation message (suppressed by default)'
            cand --dry-run 'Print the plan and change nothing'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;tenant;list'= {
            cand --tier 'Only tenants of this tier'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region)'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --all 'Include offboarded tenants'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;tenant;show'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region)'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;tenant;help'= {
            cand onboard 'Onboard one tenant, or many with --from'
            cand list 'List tenants from the registry'
            cand show 'Show one tenant''s record and users'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;tenant;help;onboard'= {
        }
        &'tenantctl;tenant;help;list'= {
        }
        &'tenantctl;tenant;help;show'= {
        }
        &'tenantctl;tenant;help;help'= {
        }
        &'tenantctl;policy'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region)'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
            cand simulate 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;policy;simulate'= {
            cand --input 'One JSON simulation request (file path or - for stdin). Format: docs/policy-simulate.md'
            cand --batch 'JSON Lines: one request per line, one result line each, same order'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region)'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;policy;help'= {
            cand simulate 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;policy;help;simulate'= {
        }
        &'tenantctl;policy;help;help'= {
        }
        &'tenantctl;completions'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region)'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;help'= {
            cand init 'Bootstrap (or reconcile) the shared platform: user pool, buckets, tier parameters, TVM role'
            cand tenant 'Onboard, list and inspect tenants'
            cand policy 'Evaluate IAM policies locally'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;help;init'= {
        }
        &'tenantctl;help;tenant'= {
            cand onboard 'Onboard one tenant, or many with --from'
            cand list 'List tenants from the registry'
            cand show 'Show one tenant''s record and users'
        }
        &'tenantctl;help;tenant;onboard'= {
        }
        &'tenantctl;help;tenant;list'= {
        }
        &'tenantctl;help;tenant;show'= {
        }
        &'tenantctl;help;policy'= {
            cand simulate 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)'
        }
        &'tenantctl;help;policy;simulate'= {
        }
        &'tenantctl;help;completions'= {
        }
        &'tenantctl;help;help'= {
        }
    ]
    $completions[$command]
}
