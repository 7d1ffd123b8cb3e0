
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'tenantctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'tenantctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'tenantctl' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--lease-wait', '--lease-wait', [CompletionResultType]::ParameterName, 'lease-wait')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'audit-log')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--break-lease', '--break-lease', [CompletionResultType]::ParameterName, 'break-lease')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Bootstrap (or reconcile) the shared platform: user pool, buckets, tier parameters, TVM role')
            [CompletionResult]::new('tenant', 'tenant', [CompletionResultType]::ParameterValue, 'Onboard, list and inspect tenants')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Add, remove and list a tenant''s users')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Evaluate IAM policies locally; snapshot AWS managed policies from an account')
            [CompletionResult]::new('registry', 'registry', [CompletionResultType]::ParameterValue, 'Maintain the tenant registry (its index)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Prove tenant isolation, or find drift between the registry and the account')
            [CompletionResult]::new('cost', 'cost', [CompletionResultType]::ParameterValue, 'Per-tenant cost (Cost Explorer, CUR 2.0 Parquet, Athena): reports, budget checks, billing setup, reconciliation')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages (one per command) into DIR (scripts/gen-completions.sh)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;init' {
            [CompletionResult]::new('--lease-wait', '--lease-wait', [CompletionResultType]::ParameterName, 'Wait up to SECS for another operator''s lease instead of failing at once')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Also append the audit record to FILE (one JSON line per command)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--allow-tier-removal', '--allow-tier-removal', [CompletionResultType]::ParameterName, 'Apply a config that no longer has a tier live tenants use (they lose access to their data). Without it, init refuses (exit 2) and names the tenants')
            [CompletionResult]::new('--break-lease', '--break-lease', [CompletionResultType]::ParameterName, 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;tenant' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('onboard', 'onboard', [CompletionResultType]::ParameterValue, 'Onboard one tenant, or many with --from')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tenants from the registry')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one tenant''s record and users')
            [CompletionResult]::new('suspend', 'suspend', [CompletionResultType]::ParameterValue, 'Sign out and disable every user of a tenant (data untouched); `resume` reverses it')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Re-enable a suspended tenant''s users after its isolation is verified')
            [CompletionResult]::new('set-tier', 'set-tier', [CompletionResultType]::ParameterValue, 'Move a tenant to another tier: users'' claims, data prefix, dedicated role, record')
            [CompletionResult]::new('offboard', 'offboard', [CompletionResultType]::ParameterValue, 'Remove a tenant: access first, then archive (verified), then delete; leaves a tombstone')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Bring an offboarded tenant''s data, parameters and users back from one archive run')
            [CompletionResult]::new('migrate-membership', 'migrate-membership', [CompletionResultType]::ParameterValue, 'Record the membership of tenants registered before tenantctl recorded memberships, from their users'' current claims (review the list with --dry-run first)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;tenant;onboard' {
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'Tier the tenant belongs to (must exist in the config)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'A user''s email (repeatable)')
            [CompletionResult]::new('--users', '--users', [CompletionResultType]::ParameterName, 'CSV file of users: one `email` column (header optional)')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Bedrock project id for cost attribution (else one created for the tenant with `[bedrock] create_projects`, else the tier''s)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Bulk: CSV (tenant,tier,users with users separated by '';'') or JSON array of {tenant,tier,users}')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many tenants to onboard at once')
            [CompletionResult]::new('--lease-wait', '--lease-wait', [CompletionResultType]::ParameterName, 'Wait up to SECS for another operator''s lease instead of failing at once')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Also append the audit record to FILE (one JSON line per command)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--invite', '--invite', [CompletionResultType]::ParameterName, 'Send Cognito''s invitation message (suppressed by default)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--break-lease', '--break-lease', [CompletionResultType]::ParameterName, 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;tenant;list' {
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'Only tenants of this tier')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include offboarded tenants')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;tenant;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;tenant;suspend' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the record and shown by `tenant show`)')
            [CompletionResult]::new('--lease-wait', '--lease-wait', [CompletionResultType]::ParameterName, 'Wait up to SECS for another operator''s lease instead of failing at once')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Also append the audit record to FILE (one JSON line per command)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Confirm without a prompt (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm without a prompt (required when stdin is not a terminal)')
            [CompletionResult]::new('--break-lease', '--break-lease', [CompletionResultType]::ParameterName, 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;tenant;resume' {
            [CompletionResult]::new('--lease-wait', '--lease-wait', [CompletionResultType]::ParameterName, 'Wait up to SECS for another operator''s lease instead of failing at once')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Also append the audit record to FILE (one JSON line per command)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--break-lease', '--break-lease', [CompletionResultType]::ParameterName, 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;tenant;set-tier' {
            [CompletionResult]::new('--lease-wait', '--lease-wait', [CompletionResultType]::ParameterName, 'Wait up to SECS for another operator''s lease instead of failing at once')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Also append the audit record to FILE (one JSON line per command)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Confirm without a prompt (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm without a prompt (required when stdin is not a terminal)')
            [CompletionResult]::new('--break-lease', '--break-lease', [CompletionResultType]::ParameterName, 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;tenant;offboard' {
            [CompletionResult]::new('--lease-wait', '--lease-wait', [CompletionResultType]::ParameterName, 'Wait up to SECS for another operator''s lease instead of failing at once')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Also append the audit record to FILE (one JSON line per command)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--purge', '--purge', [CompletionResultType]::ParameterName, 'Delete without archiving first. Irreversible; requires --yes')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Confirm without a prompt (required when stdin is not a terminal, and with --purge)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm without a prompt (required when stdin is not a terminal, and with --purge)')
            [CompletionResult]::new('--break-lease', '--break-lease', [CompletionResultType]::ParameterName, 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;tenant;restore' {
            [CompletionResult]::new('--from-archive', '--from-archive', [CompletionResultType]::ParameterName, 'The offboarding run to restore (shown by `tenant show`; e.g. 20260115T101500Z-1a2b3c4d)')
            [CompletionResult]::new('--lease-wait', '--lease-wait', [CompletionResultType]::ParameterName, 'Wait up to SECS for another operator''s lease instead of failing at once')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Also append the audit record to FILE (one JSON line per command)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--invite', '--invite', [CompletionResultType]::ParameterName, 'Email each re-created user an invitation with a temporary password (default: none sent)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Confirm without a prompt (needed only when the plan overwrites something that exists)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm without a prompt (needed only when the plan overwrites something that exists)')
            [CompletionResult]::new('--break-lease', '--break-lease', [CompletionResultType]::ParameterName, 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;tenant;migrate-membership' {
            [CompletionResult]::new('--lease-wait', '--lease-wait', [CompletionResultType]::ParameterName, 'Wait up to SECS for another operator''s lease instead of failing at once')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Also append the audit record to FILE (one JSON line per command)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan (every user each tenant would record) and change nothing')
            [CompletionResult]::new('--break-lease', '--break-lease', [CompletionResultType]::ParameterName, 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;tenant;help' {
            [CompletionResult]::new('onboard', 'onboard', [CompletionResultType]::ParameterValue, 'Onboard one tenant, or many with --from')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tenants from the registry')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one tenant''s record and users')
            [CompletionResult]::new('suspend', 'suspend', [CompletionResultType]::ParameterValue, 'Sign out and disable every user of a tenant (data untouched); `resume` reverses it')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Re-enable a suspended tenant''s users after its isolation is verified')
            [CompletionResult]::new('set-tier', 'set-tier', [CompletionResultType]::ParameterValue, 'Move a tenant to another tier: users'' claims, data prefix, dedicated role, record')
            [CompletionResult]::new('offboard', 'offboard', [CompletionResultType]::ParameterValue, 'Remove a tenant: access first, then archive (verified), then delete; leaves a tombstone')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Bring an offboarded tenant''s data, parameters and users back from one archive run')
            [CompletionResult]::new('migrate-membership', 'migrate-membership', [CompletionResultType]::ParameterValue, 'Record the membership of tenants registered before tenantctl recorded memberships, from their users'' current claims (review the list with --dry-run first)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;tenant;help;onboard' {
            break
        }
        'tenantctl;tenant;help;list' {
            break
        }
        'tenantctl;tenant;help;show' {
            break
        }
        'tenantctl;tenant;help;suspend' {
            break
        }
        'tenantctl;tenant;help;resume' {
            break
        }
        'tenantctl;tenant;help;set-tier' {
            break
        }
        'tenantctl;tenant;help;offboard' {
            break
        }
        'tenantctl;tenant;help;restore' {
            break
        }
        'tenantctl;tenant;help;migrate-membership' {
            break
        }
        'tenantctl;tenant;help;help' {
            break
        }
        'tenantctl;user' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add users to a tenant (they carry its tier and clinic id claims)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Sign out and delete users of a tenant')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a tenant''s users')
            [CompletionResult]::new('export-memory', 'export-memory', [CompletionResultType]::ParameterValue, 'Export one user''s AgentCore Memory events to a local file (an access request)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;user;add' {
            [CompletionResult]::new('--users', '--users', [CompletionResultType]::ParameterName, 'CSV file of users: one `email` column (header optional)')
            [CompletionResult]::new('--lease-wait', '--lease-wait', [CompletionResultType]::ParameterName, 'Wait up to SECS for another operator''s lease instead of failing at once')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Also append the audit record to FILE (one JSON line per command)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('--break-lease', '--break-lease', [CompletionResultType]::ParameterName, 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;user;remove' {
            [CompletionResult]::new('--lease-wait', '--lease-wait', [CompletionResultType]::ParameterName, 'Wait up to SECS for another operator''s lease instead of failing at once')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Also append the audit record to FILE (one JSON line per command)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Confirm without a prompt (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm without a prompt (required when stdin is not a terminal)')
            [CompletionResult]::new('--break-lease', '--break-lease', [CompletionResultType]::ParameterName, 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;user;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;user;export-memory' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'File to write, one JSON event per line (must not exist; created readable by you only)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;user;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add users to a tenant (they carry its tier and clinic id claims)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Sign out and delete users of a tenant')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a tenant''s users')
            [CompletionResult]::new('export-memory', 'export-memory', [CompletionResultType]::ParameterValue, 'Export one user''s AgentCore Memory events to a local file (an access request)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;user;help;add' {
            break
        }
        'tenantctl;user;help;remove' {
            break
        }
        'tenantctl;user;help;list' {
            break
        }
        'tenantctl;user;help;export-memory' {
            break
        }
        'tenantctl;user;help;help' {
            break
        }
        'tenantctl;policy' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Print a policy rendered from templates/ for this config (e.g. for offline validation in a PR)')
            [CompletionResult]::new('managed-snapshot', 'managed-snapshot', [CompletionResultType]::ParameterValue, 'Read AWS managed policies from the account into a snapshot file, to use instead of the one shipped with tenantctl (online; writes only FILE)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;policy;simulate' {
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'One JSON simulation request (file path or - for stdin). Format: docs/policy-simulate.md')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'JSON Lines: one request per line, one result line each, same order')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;policy;render' {
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Account id to render ARNs for')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'tenant')
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'tier')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tenantctl;policy;managed-snapshot' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Snapshot file to write (JSON Lines: a header line, then one policy per line, sorted by ARN)')
            [CompletionResult]::new('--arn', '--arn', [CompletionResultType]::ParameterName, 'Only this AWS managed policy (repeatable), e.g. arn:aws:iam::aws:policy/ReadOnlyAccess')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many policies to read at once')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite FILE if it exists')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;policy;help' {
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Print a policy rendered from templates/ for this config (e.g. for offline validation in a PR)')
            [CompletionResult]::new('managed-snapshot', 'managed-snapshot', [CompletionResultType]::ParameterValue, 'Read AWS managed policies from the account into a snapshot file, to use instead of the one shipped with tenantctl (online; writes only FILE)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;policy;help;simulate' {
            break
        }
        'tenantctl;policy;help;render' {
            break
        }
        'tenantctl;policy;help;managed-snapshot' {
            break
        }
        'tenantctl;policy;help;help' {
            break
        }
        'tenantctl;registry' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('reindex', 'reindex', [CompletionResultType]::ParameterValue, 'Rebuild the registry index (what `tenant list` reads) from the tenant records and memberships; also builds it for a registry from before the index')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;registry;reindex' {
            [CompletionResult]::new('--lease-wait', '--lease-wait', [CompletionResultType]::ParameterName, 'Wait up to SECS for another operator''s lease instead of failing at once')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Also append the audit record to FILE (one JSON line per command)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan (every shard that would change, and its tenants) and change nothing')
            [CompletionResult]::new('--break-lease', '--break-lease', [CompletionResultType]::ParameterName, 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;registry;help' {
            [CompletionResult]::new('reindex', 'reindex', [CompletionResultType]::ParameterValue, 'Rebuild the registry index (what `tenant list` reads) from the tenant records and memberships; also builds it for a registry from before the index')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;registry;help;reindex' {
            break
        }
        'tenantctl;registry;help;help' {
            break
        }
        'tenantctl;validate' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('isolation', 'isolation', [CompletionResultType]::ParameterValue, 'Prove that every tenant session reaches its own resources and nothing of any other tenant''s (exit 0 isolated, 1 findings, 2 bad input, 3 could not read the account)')
            [CompletionResult]::new('drift', 'drift', [CompletionResultType]::ParameterValue, 'Compare the registry with the account: users, prefixes, parameters, policies')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;validate;isolation' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Only pairs involving this tenant')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Offline: a permission policy of the TVM role (repeatable)')
            [CompletionResult]::new('--cloudformation', '--cloudformation', [CompletionResultType]::ParameterName, 'Offline: a CloudFormation template (YAML or JSON; repeatable) to read the TVM roles (trust allows sts:TagSession), the roles they trust, their policies and the bucket policies from, instead of --policy/--trust-policy/--runtime-policy/--bucket-policy')
            [CompletionResult]::new('--stack-name', '--stack-name', [CompletionResultType]::ParameterName, 'With --cloudformation: the stack name (AWS::StackName)')
            [CompletionResult]::new('--parameter', '--parameter', [CompletionResultType]::ParameterName, 'With --cloudformation: a template parameter''s value (repeatable), e.g. `Env=prod`')
            [CompletionResult]::new('--managed-policies', '--managed-policies', [CompletionResultType]::ParameterName, 'With --cloudformation: AWS managed policies from this snapshot (`tenantctl policy managed-snapshot`) instead of the one shipped with tenantctl')
            [CompletionResult]::new('--trust-policy', '--trust-policy', [CompletionResultType]::ParameterName, 'Offline: the TVM role''s trust policy (enables the trust and session lint)')
            [CompletionResult]::new('--runtime-policy', '--runtime-policy', [CompletionResultType]::ParameterName, 'Offline: a permission policy of the runtime role (enables the TVM-bypass check; repeatable)')
            [CompletionResult]::new('--bucket-policy', '--bucket-policy', [CompletionResultType]::ParameterName, 'Offline: the data bucket''s policy (resource policy of every S3 request; also checked for anonymous callers and principals of other accounts)')
            [CompletionResult]::new('--tenants', '--tenants', [CompletionResultType]::ParameterName, 'Offline: tenants as `a,b=premium` (a tier after `=`, else the first configured tier)')
            [CompletionResult]::new('--tenants-file', '--tenants-file', [CompletionResultType]::ParameterName, 'Offline: file with one `tenant[,tier]` per line')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Offline: account id the policies were rendered for')
            [CompletionResult]::new('--max-findings-per-rule', '--max-findings-per-rule', [CompletionResultType]::ParameterName, 'Findings kept in detail per rule, in every output (JSON, CSV, JUnit, SARIF); 0 keeps all. Counts are always complete, and omitted findings are reported as omitted')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write a JUnit XML report (one test case per rule)')
            [CompletionResult]::new('--sarif', '--sarif', [CompletionResultType]::ParameterName, 'Also write a SARIF 2.1.0 report (one result per finding)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Validate policy files or CloudFormation templates instead of the account (no AWS access)')
            [CompletionResult]::new('--no-adversarial', '--no-adversarial', [CompletionResultType]::ParameterName, 'Skip the synthetic adversarial tenants and sessions (not recommended)')
            [CompletionResult]::new('--live', '--live', [CompletionResultType]::ParameterName, 'Also probe the real account: assume the TVM role with each tenant''s tags and try a canary object in another tenant''s prefix, expecting AccessDenied (cleaned up after)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;validate;drift' {
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write a JUnit XML report (one test case per rule)')
            [CompletionResult]::new('--sarif', '--sarif', [CompletionResultType]::ParameterName, 'Also write a SARIF 2.1.0 report (one result per finding)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;validate;help' {
            [CompletionResult]::new('isolation', 'isolation', [CompletionResultType]::ParameterValue, 'Prove that every tenant session reaches its own resources and nothing of any other tenant''s (exit 0 isolated, 1 findings, 2 bad input, 3 could not read the account)')
            [CompletionResult]::new('drift', 'drift', [CompletionResultType]::ParameterValue, 'Compare the registry with the account: users, prefixes, parameters, policies')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;validate;help;isolation' {
            break
        }
        'tenantctl;validate;help;drift' {
            break
        }
        'tenantctl;validate;help;help' {
            break
        }
        'tenantctl;cost' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Cost per tenant, tier or service from Cost Explorer, CUR 2.0 Parquet or Athena, with the untagged remainder shown or allocated')
            [CompletionResult]::new('budget', 'budget', [CompletionResultType]::ParameterValue, 'Month-to-date and forecast cost per tenant against its tier''s monthly budget; exit 1 when any tenant is at/over the threshold')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Check, and with --apply create, what billing needs: active cost allocation tags (incl. iamPrincipal/*), the export bucket and its policy, a CUR 2.0 export with caller identity')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Cost Explorer''s total per service against the CUR''s (Parquet or Athena) for a month; exit 1 naming the services that differ by more than the tolerance')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;cost;report' {
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Where the cost comes from: Cost Explorer; CUR 2.0 Parquet files at LOCATION (a directory or s3://bucket/prefix); or an Athena query over the CUR 2.0 table ([cost.athena] in tenantctl.toml)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'First day of the report, YYYY-MM-DD (inclusive)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'End of the report, YYYY-MM-DD, EXCLUSIVE: the first day NOT included (--to 2026-11-01 ends with Oct 31)')
            [CompletionResult]::new('--month', '--month', [CompletionResultType]::ParameterName, 'A calendar month, YYYY-MM (instead of --from/--to). Default: the last complete month')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Rows per tenant, tier, service, or tenant and service')
            [CompletionResult]::new('--granularity', '--granularity', [CompletionResultType]::ParameterName, 'granularity')
            [CompletionResult]::new('--metric', '--metric', [CompletionResultType]::ParameterName, 'Cost Explorer metric')
            [CompletionResult]::new('--allocate-shared', '--allocate-shared', [CompletionResultType]::ParameterName, 'Split the untagged (shared) remainder across tenants: by their direct cost, evenly, by their metered usage (Bedrock tokens; cur/athena), or not at all')
            [CompletionResult]::new('--chart', '--chart', [CompletionResultType]::ParameterName, 'Also write a bar chart of the top entries to this SVG file')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'How many entries the bar charts show')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-storage', '--no-storage', [CompletionResultType]::ParameterName, 'Skip the storage usage column (one ListObjectsV2 sweep per tenant prefix)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;cost;budget' {
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Where month-to-date cost comes from (as for `cost report`): Cost Explorer, CUR 2.0 Parquet at LOCATION, or Athena')
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'Flag tenants whose month-to-date or projected month-end cost reaches this % of their tier''s budget')
            [CompletionResult]::new('--month', '--month', [CompletionResultType]::ParameterName, 'Month to check, YYYY-MM. Default: the current month')
            [CompletionResult]::new('--metric', '--metric', [CompletionResultType]::ParameterName, 'metric')
            [CompletionResult]::new('--forecast', '--forecast', [CompletionResultType]::ParameterName, 'Month-end projection: Cost Explorer''s forecast (one billed request per tenant with cost), the run rate, or none')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List every tenant, not only those at/over the threshold')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;cost;setup' {
            [CompletionResult]::new('--lease-wait', '--lease-wait', [CompletionResultType]::ParameterName, 'Wait up to SECS for another operator''s lease instead of failing at once')
            [CompletionResult]::new('--audit-log', '--audit-log', [CompletionResultType]::ParameterName, 'Also append the audit record to FILE (one JSON line per command)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--apply', '--apply', [CompletionResultType]::ParameterName, 'Make the planned changes (idempotent: a second run plans none). Under the platform''s lease, with an audit record, like `init`')
            [CompletionResult]::new('--break-lease', '--break-lease', [CompletionResultType]::ParameterName, 'Take over another operator''s lease on the tenant (or the platform). Only when you know its holder is gone')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;cost;reconcile' {
            [CompletionResult]::new('--month', '--month', [CompletionResultType]::ParameterName, 'Month to reconcile, YYYY-MM. Default: the last complete month')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'The CUR to compare with: Parquet files at LOCATION, or the Athena table of [cost.athena]')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Largest difference per service (in the currency) that still reconciles')
            [CompletionResult]::new('--metric', '--metric', [CompletionResultType]::ParameterName, 'metric')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;cost;help' {
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Cost per tenant, tier or service from Cost Explorer, CUR 2.0 Parquet or Athena, with the untagged remainder shown or allocated')
            [CompletionResult]::new('budget', 'budget', [CompletionResultType]::ParameterValue, 'Month-to-date and forecast cost per tenant against its tier''s monthly budget; exit 1 when any tenant is at/over the threshold')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Check, and with --apply create, what billing needs: active cost allocation tags (incl. iamPrincipal/*), the export bucket and its policy, a CUR 2.0 export with caller identity')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Cost Explorer''s total per service against the CUR''s (Parquet or Athena) for a month; exit 1 naming the services that differ by more than the tolerance')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;cost;help;report' {
            break
        }
        'tenantctl;cost;help;budget' {
            break
        }
        'tenantctl;cost;help;setup' {
            break
        }
        'tenantctl;cost;help;reconcile' {
            break
        }
        'tenantctl;cost;help;help' {
            break
        }
        'tenantctl;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;man' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region). Checked here because it reaches ARNs in policies: `--region ''*''` must never widen one')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)')
            [CompletionResult]::new('--max-retry-time', '--max-retry-time', [CompletionResultType]::ParameterName, 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)')
            [CompletionResult]::new('--attempt-timeout', '--attempt-timeout', [CompletionResultType]::ParameterName, 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tenantctl;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Bootstrap (or reconcile) the shared platform: user pool, buckets, tier parameters, TVM role')
            [CompletionResult]::new('tenant', 'tenant', [CompletionResultType]::ParameterValue, 'Onboard, list and inspect tenants')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Add, remove and list a tenant''s users')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Evaluate IAM policies locally; snapshot AWS managed policies from an account')
            [CompletionResult]::new('registry', 'registry', [CompletionResultType]::ParameterValue, 'Maintain the tenant registry (its index)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Prove tenant isolation, or find drift between the registry and the account')
            [CompletionResult]::new('cost', 'cost', [CompletionResultType]::ParameterValue, 'Per-tenant cost (Cost Explorer, CUR 2.0 Parquet, Athena): reports, budget checks, billing setup, reconciliation')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages (one per command) into DIR (scripts/gen-completions.sh)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;help;init' {
            break
        }
        'tenantctl;help;tenant' {
            [CompletionResult]::new('onboard', 'onboard', [CompletionResultType]::ParameterValue, 'Onboard one tenant, or many with --from')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tenants from the registry')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one tenant''s record and users')
            [CompletionResult]::new('suspend', 'suspend', [CompletionResultType]::ParameterValue, 'Sign out and disable every user of a tenant (data untouched); `resume` reverses it')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Re-enable a suspended tenant''s users after its isolation is verified')
            [CompletionResult]::new('set-tier', 'set-tier', [CompletionResultType]::ParameterValue, 'Move a tenant to another tier: users'' claims, data prefix, dedicated role, record')
            [CompletionResult]::new('offboard', 'offboard', [CompletionResultType]::ParameterValue, 'Remove a tenant: access first, then archive (verified), then delete; leaves a tombstone')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Bring an offboarded tenant''s data, parameters and users back from one archive run')
            [CompletionResult]::new('migrate-membership', 'migrate-membership', [CompletionResultType]::ParameterValue, 'Record the membership of tenants registered before tenantctl recorded memberships, from their users'' current claims (review the list with --dry-run first)')
            break
        }
        'tenantctl;help;tenant;onboard' {
            break
        }
        'tenantctl;help;tenant;list' {
            break
        }
        'tenantctl;help;tenant;show' {
            break
        }
        'tenantctl;help;tenant;suspend' {
            break
        }
        'tenantctl;help;tenant;resume' {
            break
        }
        'tenantctl;help;tenant;set-tier' {
            break
        }
        'tenantctl;help;tenant;offboard' {
            break
        }
        'tenantctl;help;tenant;restore' {
            break
        }
        'tenantctl;help;tenant;migrate-membership' {
            break
        }
        'tenantctl;help;user' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add users to a tenant (they carry its tier and clinic id claims)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Sign out and delete users of a tenant')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a tenant''s users')
            [CompletionResult]::new('export-memory', 'export-memory', [CompletionResultType]::ParameterValue, 'Export one user''s AgentCore Memory events to a local file (an access request)')
            break
        }
        'tenantctl;help;user;add' {
            break
        }
        'tenantctl;help;user;remove' {
            break
        }
        'tenantctl;help;user;list' {
            break
        }
        'tenantctl;help;user;export-memory' {
            break
        }
        'tenantctl;help;policy' {
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Print a policy rendered from templates/ for this config (e.g. for offline validation in a PR)')
            [CompletionResult]::new('managed-snapshot', 'managed-snapshot', [CompletionResultType]::ParameterValue, 'Read AWS managed policies from the account into a snapshot file, to use instead of the one shipped with tenantctl (online; writes only FILE)')
            break
        }
        'tenantctl;help;policy;simulate' {
            break
        }
        'tenantctl;help;policy;render' {
            break
        }
        'tenantctl;help;policy;managed-snapshot' {
            break
        }
        'tenantctl;help;registry' {
            [CompletionResult]::new('reindex', 'reindex', [CompletionResultType]::ParameterValue, 'Rebuild the registry index (what `tenant list` reads) from the tenant records and memberships; also builds it for a registry from before the index')
            break
        }
        'tenantctl;help;registry;reindex' {
            break
        }
        'tenantctl;help;validate' {
            [CompletionResult]::new('isolation', 'isolation', [CompletionResultType]::ParameterValue, 'Prove that every tenant session reaches its own resources and nothing of any other tenant''s (exit 0 isolated, 1 findings, 2 bad input, 3 could not read the account)')
            [CompletionResult]::new('drift', 'drift', [CompletionResultType]::ParameterValue, 'Compare the registry with the account: users, prefixes, parameters, policies')
            break
        }
        'tenantctl;help;validate;isolation' {
            break
        }
        'tenantctl;help;validate;drift' {
            break
        }
        'tenantctl;help;cost' {
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Cost per tenant, tier or service from Cost Explorer, CUR 2.0 Parquet or Athena, with the untagged remainder shown or allocated')
            [CompletionResult]::new('budget', 'budget', [CompletionResultType]::ParameterValue, 'Month-to-date and forecast cost per tenant against its tier''s monthly budget; exit 1 when any tenant is at/over the threshold')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Check, and with --apply create, what billing needs: active cost allocation tags (incl. iamPrincipal/*), the export bucket and its policy, a CUR 2.0 export with caller identity')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Cost Explorer''s total per service against the CUR''s (Parquet or Athena) for a month; exit 1 naming the services that differ by more than the tolerance')
            break
        }
        'tenantctl;help;cost;report' {
            break
        }
        'tenantctl;help;cost;budget' {
            break
        }
        'tenantctl;help;cost;setup' {
            break
        }
        'tenantctl;help;cost;reconcile' {
            break
        }
        'tenantctl;help;completions' {
            break
        }
        'tenantctl;help;man' {
            break
        }
        'tenantctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
