
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
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --lease-wait 'lease-wait'
            cand --audit-log 'audit-log'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand --break-lease 'break-lease'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Bootstrap (or reconcile) the shared platform: user pool, buckets, tier parameters, TVM role'
            cand tenant 'Onboard, list and inspect tenants'
            cand user 'Add, remove and list a tenant''s users'
            cand policy 'Evaluate IAM policies locally; snapshot AWS managed policies from an account'
            cand registry 'Maintain the tenant registry (its index)'
            cand validate 'Prove tenant isolation, or find drift between the registry and the account'
            cand cost 'Per-tenant cost (Cost Explorer, CUR 2.0 Parquet, Athena): reports, budget checks, billing setup, reconciliation'
            cand completions 'Print shell completions'
            cand man 'Write the man pages (one per command) into DIR (scripts/gen-completions.sh)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;init'= {
            cand --lease-wait 'Wait up to SECS for another operator''s lease instead of failing at once'
            cand --audit-log 'Also append the audit record to FILE (one JSON line per command)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --dry-run 'Print the plan and change nothing'
            cand --allow-tier-removal 'Apply a config that no longer has a tier live tenants use (they lose access to their data). Without it, init refuses (exit 2) and names the tenants'
            cand --break-lease 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone'
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
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
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
            cand suspend 'Sign out and disable every user of a tenant (data untouched); `resume` reverses it'
            cand resume 'Re-enable a suspended tenant''s users after its isolation is verified'
            cand set-tier 'Move a tenant to another tier: users'' claims, data prefix, dedicated role, record'
            cand offboard 'Remove a tenant: access first, then archive (verified), then delete; leaves a tombstone'
            cand restore 'Bring an offboarded tenant''s data, parameters and users back from one archive run'
            cand migrate-membership 'Record the membership of tenants registered before tenantctl recorded memberships, from their users'' current claims (review the list with --dry-run first)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;tenant;onboard'= {
            cand --tier 'Tier the tenant belongs to (must exist in the config)'
            cand --user 'A user''s email (repeatable)'
            cand --users 'CSV file of users: one `email` column (header optional)'
            cand --project-id 'Bedrock project id for cost attribution (else one created for the tenant with `[bedrock] create_projects`, else the tier''s)'
            cand --from 'Bulk: CSV (tenant,tier,users with users separated by '';'') or JSON array of {tenant,tier,users}'
            cand --concurrency 'How many tenants to onboard at once'
            cand --lease-wait 'Wait up to SECS for another operator''s lease instead of failing at once'
            cand --audit-log 'Also append the audit record to FILE (one JSON line per command)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --invite 'Send Cognito''s invitation message (suppressed by default)'
            cand --dry-run 'Print the plan and change nothing'
            cand --break-lease 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone'
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
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
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
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;tenant;suspend'= {
            cand --reason 'Why (kept in the record and shown by `tenant show`)'
            cand --lease-wait 'Wait up to SECS for another operator''s lease instead of failing at once'
            cand --audit-log 'Also append the audit record to FILE (one JSON line per command)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Confirm without a prompt (required when stdin is not a terminal)'
            cand --yes 'Confirm without a prompt (required when stdin is not a terminal)'
            cand --break-lease 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;tenant;resume'= {
            cand --lease-wait 'Wait up to SECS for another operator''s lease instead of failing at once'
            cand --audit-log 'Also append the audit record to FILE (one JSON line per command)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --dry-run 'Print the plan and change nothing'
            cand --break-lease 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;tenant;set-tier'= {
            cand --lease-wait 'Wait up to SECS for another operator''s lease instead of failing at once'
            cand --audit-log 'Also append the audit record to FILE (one JSON line per command)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Confirm without a prompt (required when stdin is not a terminal)'
            cand --yes 'Confirm without a prompt (required when stdin is not a terminal)'
            cand --break-lease 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;tenant;offboard'= {
            cand --lease-wait 'Wait up to SECS for another operator''s lease instead of failing at once'
            cand --audit-log 'Also append the audit record to FILE (one JSON line per command)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --purge 'Delete without archiving first. Irreversible; requires --yes'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Confirm without a prompt (required when stdin is not a terminal, and with --purge)'
            cand --yes 'Confirm without a prompt (required when stdin is not a terminal, and with --purge)'
            cand --break-lease 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;tenant;restore'= {
            cand --from-archive 'The offboarding run to restore (shown by `tenant show`; e.g. 20260115T101500Z-1a2b3c4d)'
            cand --lease-wait 'Wait up to SECS for another operator''s lease instead of failing at once'
            cand --audit-log 'Also append the audit record to FILE (one JSON line per command)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --invite 'Email each re-created user an invitation with a temporary password (default: none sent)'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Confirm without a prompt (needed only when the plan overwrites something that exists)'
            cand --yes 'Confirm without a prompt (needed only when the plan overwrites something that exists)'
            cand --break-lease 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;tenant;migrate-membership'= {
            cand --lease-wait 'Wait up to SECS for another operator''s lease instead of failing at once'
            cand --audit-log 'Also append the audit record to FILE (one JSON line per command)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --dry-run 'Print the plan (every user each tenant would record) and change nothing'
            cand --break-lease 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone'
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
            cand suspend 'Sign out and disable every user of a tenant (data untouched); `resume` reverses it'
            cand resume 'Re-enable a suspended tenant''s users after its isolation is verified'
            cand set-tier 'Move a tenant to another tier: users'' claims, data prefix, dedicated role, record'
            cand offboard 'Remove a tenant: access first, then archive (verified), then delete; leaves a tombstone'
            cand restore 'Bring an offboarded tenant''s data, parameters and users back from one archive run'
            cand migrate-membership 'Record the membership of tenants registered before tenantctl recorded memberships, from their users'' current claims (review the list with --dry-run first)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;tenant;help;onboard'= {
        }
        &'tenantctl;tenant;help;list'= {
        }
        &'tenantctl;tenant;help;show'= {
        }
        &'tenantctl;tenant;help;suspend'= {
        }
        &'tenantctl;tenant;help;resume'= {
        }
        &'tenantctl;tenant;help;set-tier'= {
        }
        &'tenantctl;tenant;help;offboard'= {
        }
        &'tenantctl;tenant;help;restore'= {
        }
        &'tenantctl;tenant;help;migrate-membership'= {
        }
        &'tenantctl;tenant;help;help'= {
        }
        &'tenantctl;user'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add users to a tenant (they carry its tier and clinic id claims)'
            cand remove 'Sign out and delete users of a tenant'
            cand list 'List a tenant''s users'
            cand export-memory 'Export one user''s AgentCore Memory events to a local file (an access request)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;user;add'= {
            cand --users 'CSV file of users: one `email` column (header optional)'
            cand --lease-wait 'Wait up to SECS for another operator''s lease instead of failing at once'
            cand --audit-log 'Also append the audit record to FILE (one JSON line per command)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --dry-run 'Print the plan and change nothing'
            cand --break-lease 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;user;remove'= {
            cand --lease-wait 'Wait up to SECS for another operator''s lease instead of failing at once'
            cand --audit-log 'Also append the audit record to FILE (one JSON line per command)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Confirm without a prompt (required when stdin is not a terminal)'
            cand --yes 'Confirm without a prompt (required when stdin is not a terminal)'
            cand --break-lease 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;user;list'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;user;export-memory'= {
            cand --out 'File to write, one JSON event per line (must not exist; created readable by you only)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;user;help'= {
            cand add 'Add users to a tenant (they carry its tier and clinic id claims)'
            cand remove 'Sign out and delete users of a tenant'
            cand list 'List a tenant''s users'
            cand export-memory 'Export one user''s AgentCore Memory events to a local file (an access request)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;user;help;add'= {
        }
        &'tenantctl;user;help;remove'= {
        }
        &'tenantctl;user;help;list'= {
        }
        &'tenantctl;user;help;export-memory'= {
        }
        &'tenantctl;user;help;help'= {
        }
        &'tenantctl;policy'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
            cand simulate 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)'
            cand render 'Print a policy rendered from templates/ for this config (e.g. for offline validation in a PR)'
            cand managed-snapshot 'Read AWS managed policies from the account into a snapshot file, to use instead of the one shipped with tenantctl (online; writes only FILE)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;policy;simulate'= {
            cand --input 'One JSON simulation request (file path or - for stdin). Format: docs/policy-simulate.md'
            cand --batch 'JSON Lines: one request per line, one result line each, same order'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;policy;render'= {
            cand --account 'Account id to render ARNs for'
            cand --tenant 'tenant'
            cand --tier 'tier'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tenantctl;policy;managed-snapshot'= {
            cand --out 'Snapshot file to write (JSON Lines: a header line, then one policy per line, sorted by ARN)'
            cand --arn 'Only this AWS managed policy (repeatable), e.g. arn:aws:iam::aws:policy/ReadOnlyAccess'
            cand --concurrency 'How many policies to read at once'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --force 'Overwrite FILE if it exists'
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
            cand render 'Print a policy rendered from templates/ for this config (e.g. for offline validation in a PR)'
            cand managed-snapshot 'Read AWS managed policies from the account into a snapshot file, to use instead of the one shipped with tenantctl (online; writes only FILE)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;policy;help;simulate'= {
        }
        &'tenantctl;policy;help;render'= {
        }
        &'tenantctl;policy;help;managed-snapshot'= {
        }
        &'tenantctl;policy;help;help'= {
        }
        &'tenantctl;registry'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
            cand reindex 'Rebuild the registry index (what `tenant list` reads) from the tenant records and memberships; also builds it for a registry from before the index'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;registry;reindex'= {
            cand --lease-wait 'Wait up to SECS for another operator''s lease instead of failing at once'
            cand --audit-log 'Also append the audit record to FILE (one JSON line per command)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --dry-run 'Print the plan (every shard that would change, and its tenants) and change nothing'
            cand --break-lease 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;registry;help'= {
            cand reindex 'Rebuild the registry index (what `tenant list` reads) from the tenant records and memberships; also builds it for a registry from before the index'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;registry;help;reindex'= {
        }
        &'tenantctl;registry;help;help'= {
        }
        &'tenantctl;validate'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
            cand isolation 'Prove that every tenant session reaches its own resources and nothing of any other tenant''s (exit 0 isolated, 1 findings, 2 bad input, 3 could not read the account)'
            cand drift 'Compare the registry with the account: users, prefixes, parameters, policies'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;validate;isolation'= {
            cand --tenant 'Only pairs involving this tenant'
            cand --policy 'Offline: a permission policy of the TVM role (repeatable)'
            cand --cloudformation 'Offline: a CloudFormation template (YAML or JSON; repeatable) to read the TVM roles (trust allows sts:TagSession), the roles they trust, their policies and the bucket policies from, instead of --policy/--trust-policy/--runtime-policy/--bucket-policy'
            cand --stack-name 'With --cloudformation: the stack name (AWS::StackName)'
            cand --parameter 'With --cloudformation: a template parameter''s value (repeatable), e.g. `Env=prod`'
            cand --managed-policies 'With --cloudformation: AWS managed policies from this snapshot (`tenantctl policy managed-snapshot`) instead of the one shipped with tenantctl'
            cand --trust-policy 'Offline: the TVM role''s trust policy (enables the trust and session lint)'
            cand --runtime-policy 'Offline: a permission policy of the runtime role (enables the TVM-bypass check; repeatable)'
            cand --bucket-policy 'Offline: the data bucket''s policy (resource policy of every S3 request; also checked for anonymous callers and principals of other accounts)'
            cand --tenants 'Offline: tenants as `a,b=premium` (a tier after `=`, else the first configured tier)'
            cand --tenants-file 'Offline: file with one `tenant[,tier]` per line'
            cand --account 'Offline: account id the policies were rendered for'
            cand --max-findings-per-rule 'Findings kept in detail per rule, in every output (JSON, CSV, JUnit, SARIF); 0 keeps all. Counts are always complete, and omitted findings are reported as omitted'
            cand --junit 'Also write a JUnit XML report (one test case per rule)'
            cand --sarif 'Also write a SARIF 2.1.0 report (one result per finding)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --offline 'Validate policy files or CloudFormation templates instead of the account (no AWS access)'
            cand --no-adversarial 'Skip the synthetic adversarial tenants and sessions (not recommended)'
            cand --live 'Also probe the real account: assume the TVM role with each tenant''s tags and try a canary object in another tenant''s prefix, expecting AccessDenied (cleaned up after)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;validate;drift'= {
            cand --junit 'Also write a JUnit XML report (one test case per rule)'
            cand --sarif 'Also write a SARIF 2.1.0 report (one result per finding)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;validate;help'= {
            cand isolation 'Prove that every tenant session reaches its own resources and nothing of any other tenant''s (exit 0 isolated, 1 findings, 2 bad input, 3 could not read the account)'
            cand drift 'Compare the registry with the account: users, prefixes, parameters, policies'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;validate;help;isolation'= {
        }
        &'tenantctl;validate;help;drift'= {
        }
        &'tenantctl;validate;help;help'= {
        }
        &'tenantctl;cost'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
            cand report 'Cost per tenant, tier or service from Cost Explorer, CUR 2.0 Parquet or Athena, with the untagged remainder shown or allocated'
            cand budget 'Month-to-date and forecast cost per tenant against its tier''s monthly budget; exit 1 when any tenant is at/over the threshold'
            cand setup 'Check, and with --apply create, what billing needs: active cost allocation tags (incl. iamPrincipal/*), the export bucket and its policy, a CUR 2.0 export with caller identity'
            cand reconcile 'Cost Explorer''s total per service against the CUR''s (Parquet or Athena) for a month; exit 1 naming the services that differ by more than the tolerance'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;cost;report'= {
            cand --source 'Where the cost comes from: Cost Explorer; CUR 2.0 Parquet files at LOCATION (a directory or s3://bucket/prefix); or an Athena query over the CUR 2.0 table ([cost.athena] in tenantctl.toml)'
            cand --from 'First day of the report, YYYY-MM-DD (inclusive)'
            cand --to 'End of the report, YYYY-MM-DD, EXCLUSIVE: the first day NOT included (--to 2026-11-01 ends with Oct 31)'
            cand --month 'A calendar month, YYYY-MM (instead of --from/--to). Default: the last complete month'
            cand --by 'Rows per tenant, tier, service, or tenant and service'
            cand --granularity 'granularity'
            cand --metric 'Cost Explorer metric'
            cand --allocate-shared 'Split the untagged (shared) remainder across tenants: by their direct cost, evenly, by their metered usage (Bedrock tokens; cur/athena), or not at all'
            cand --chart 'Also write a bar chart of the top entries to this SVG file'
            cand --top 'How many entries the bar charts show'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-storage 'Skip the storage usage column (one ListObjectsV2 sweep per tenant prefix)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;cost;budget'= {
            cand --source 'Where month-to-date cost comes from (as for `cost report`): Cost Explorer, CUR 2.0 Parquet at LOCATION, or Athena'
            cand --threshold 'Flag tenants whose month-to-date or projected month-end cost reaches this % of their tier''s budget'
            cand --month 'Month to check, YYYY-MM. Default: the current month'
            cand --metric 'metric'
            cand --forecast 'Month-end projection: Cost Explorer''s forecast (one billed request per tenant with cost), the run rate, or none'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --all 'List every tenant, not only those at/over the threshold'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;cost;setup'= {
            cand --lease-wait 'Wait up to SECS for another operator''s lease instead of failing at once'
            cand --audit-log 'Also append the audit record to FILE (one JSON line per command)'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --apply 'Make the planned changes (idempotent: a second run plans none). Under the platform''s lease, with an audit record, like `init`'
            cand --break-lease 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;cost;reconcile'= {
            cand --month 'Month to reconcile, YYYY-MM. Default: the last complete month'
            cand --source 'The CUR to compare with: Parquet files at LOCATION, or the Athena table of [cost.athena]'
            cand --tolerance 'Largest difference per service (in the currency) that still reconciles'
            cand --metric 'metric'
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;cost;help'= {
            cand report 'Cost per tenant, tier or service from Cost Explorer, CUR 2.0 Parquet or Athena, with the untagged remainder shown or allocated'
            cand budget 'Month-to-date and forecast cost per tenant against its tier''s monthly budget; exit 1 when any tenant is at/over the threshold'
            cand setup 'Check, and with --apply create, what billing needs: active cost allocation tags (incl. iamPrincipal/*), the export bucket and its policy, a CUR 2.0 export with caller identity'
            cand reconcile 'Cost Explorer''s total per service against the CUR''s (Parquet or Athena) for a month; exit 1 naming the services that differ by more than the tolerance'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;cost;help;report'= {
        }
        &'tenantctl;cost;help;budget'= {
        }
        &'tenantctl;cost;help;setup'= {
        }
        &'tenantctl;cost;help;reconcile'= {
        }
        &'tenantctl;cost;help;help'= {
        }
        &'tenantctl;completions'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
            cand --no-progress 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
            cand -v 'More detail (error causes, retries); repeat for more'
            cand --verbose 'More detail (error causes, retries); repeat for more'
            cand -q 'Only errors and results'
            cand --quiet 'Only errors and results'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tenantctl;man'= {
            cand --config 'Platform configuration file'
            cand --profile 'AWS named profile (standard credential chain otherwise)'
            cand --region 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one'
            cand --endpoint-url 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing'
            cand -o 'Output format for results (human table, or stable machine formats)'
            cand --output 'Output format for results (human table, or stable machine formats)'
            cand --max-attempts 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)'
            cand --max-retry-time 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)'
            cand --attempt-timeout 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies'
            cand --retry-mode 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)'
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
            cand user 'Add, remove and list a tenant''s users'
            cand policy 'Evaluate IAM policies locally; snapshot AWS managed policies from an account'
            cand registry 'Maintain the tenant registry (its index)'
            cand validate 'Prove tenant isolation, or find drift between the registry and the account'
            cand cost 'Per-tenant cost (Cost Explorer, CUR 2.0 Parquet, Athena): reports, budget checks, billing setup, reconciliation'
            cand completions 'Print shell completions'
            cand man 'Write the man pages (one per command) into DIR (scripts/gen-completions.sh)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tenantctl;help;init'= {
        }
        &'tenantctl;help;tenant'= {
            cand onboard 'Onboard one tenant, or many with --from'
            cand list 'List tenants from the registry'
            cand show 'Show one tenant''s record and users'
            cand suspend 'Sign out and disable every user of a tenant (data untouched); `resume` reverses it'
            cand resume 'Re-enable a suspended tenant''s users after its isolation is verified'
            cand set-tier 'Move a tenant to another tier: users'' claims, data prefix, dedicated role, record'
            cand offboard 'Remove a tenant: access first, then archive (verified), then delete; leaves a tombstone'
            cand restore 'Bring an offboarded tenant''s data, parameters and users back from one archive run'
            cand migrate-membership 'Record the membership of tenants registered before tenantctl recorded memberships, from their users'' current claims (review the list with --dry-run first)'
        }
        &'tenantctl;help;tenant;onboard'= {
        }
        &'tenantctl;help;tenant;list'= {
        }
        &'tenantctl;help;tenant;show'= {
        }
        &'tenantctl;help;tenant;suspend'= {
        }
        &'tenantctl;help;tenant;resume'= {
        }
        &'tenantctl;help;tenant;set-tier'= {
        }
        &'tenantctl;help;tenant;offboard'= {
        }
        &'tenantctl;help;tenant;restore'= {
        }
        &'tenantctl;help;tenant;migrate-membership'= {
        }
        &'tenantctl;help;user'= {
            cand add 'Add users to a tenant (they carry its tier and clinic id claims)'
            cand remove 'Sign out and delete users of a tenant'
            cand list 'List a tenant''s users'
            cand export-memory 'Export one user''s AgentCore Memory events to a local file (an access request)'
        }
        &'tenantctl;help;user;add'= {
        }
        &'tenantctl;help;user;remove'= {
        }
        &'tenantctl;help;user;list'= {
        }
        &'tenantctl;help;user;export-memory'= {
        }
        &'tenantctl;help;policy'= {
            cand simulate 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)'
            cand render 'Print a policy rendered from templates/ for this config (e.g. for offline validation in a PR)'
            cand managed-snapshot 'Read AWS managed policies from the account into a snapshot file, to use instead of the one shipped with tenantctl (online; writes only FILE)'
        }
        &'tenantctl;help;policy;simulate'= {
        }
        &'tenantctl;help;policy;render'= {
        }
        &'tenantctl;help;policy;managed-snapshot'= {
        }
        &'tenantctl;help;registry'= {
            cand reindex 'Rebuild the registry index (what `tenant list` reads) from the tenant records and memberships; also builds it for a registry from before the index'
        }
        &'tenantctl;help;registry;reindex'= {
        }
        &'tenantctl;help;validate'= {
            cand isolation 'Prove that every tenant session reaches its own resources and nothing of any other tenant''s (exit 0 isolated, 1 findings, 2 bad input, 3 could not read the account)'
            cand drift 'Compare the registry with the account: users, prefixes, parameters, policies'
        }
        &'tenantctl;help;validate;isolation'= {
        }
        &'tenantctl;help;validate;drift'= {
        }
        &'tenantctl;help;cost'= {
            cand report 'Cost per tenant, tier or service from Cost Explorer, CUR 2.0 Parquet or Athena, with the untagged remainder shown or allocated'
            cand budget 'Month-to-date and forecast cost per tenant against its tier''s monthly budget; exit 1 when any tenant is at/over the threshold'
            cand setup 'Check, and with --apply create, what billing needs: active cost allocation tags (incl. iamPrincipal/*), the export bucket and its policy, a CUR 2.0 export with caller identity'
            cand reconcile 'Cost Explorer''s total per service against the CUR''s (Parquet or Athena) for a month; exit 1 naming the services that differ by more than the tolerance'
        }
        &'tenantctl;help;cost;report'= {
        }
        &'tenantctl;help;cost;budget'= {
        }
        &'tenantctl;help;cost;setup'= {
        }
        &'tenantctl;help;cost;reconcile'= {
        }
        &'tenantctl;help;completions'= {
        }
        &'tenantctl;help;man'= {
        }
        &'tenantctl;help;help'= {
        }
    ]
    $completions[$command]
}
