# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tenantctl_global_optspecs
    string join \n config= profile= region= endpoint-url= o/output= no-progress v/verbose q/quiet max-attempts= max-retry-time= attempt-timeout= retry-mode= break-lease lease-wait= audit-log= h/help V/version
end

function __fish_tenantctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tenantctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tenantctl_using_subcommand
    set -l cmd (__fish_tenantctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tenantctl -n "__fish_tenantctl_needs_command" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_needs_command" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l lease-wait -r
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l audit-log -r -F
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l break-lease
complete -c tenantctl -n "__fish_tenantctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -s V -l version -d 'Print version'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "init" -d 'Bootstrap (or reconcile) the shared platform: user pool, buckets, tier parameters, TVM role'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "tenant" -d 'Onboard, list and inspect tenants'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "user" -d 'Add, remove and list a tenant\'s users'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "policy" -d 'Evaluate IAM policies locally; snapshot AWS managed policies from an account'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "registry" -d 'Maintain the tenant registry (its index)'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "validate" -d 'Prove tenant isolation, or find drift between the registry and the account'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "cost" -d 'Per-tenant cost (Cost Explorer, CUR 2.0 Parquet, Athena): reports, budget checks, billing setup, reconciliation'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "man" -d 'Write the man pages (one per command) into DIR (scripts/gen-completions.sh)'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l lease-wait -d 'Wait up to SECS for another operator\'s lease instead of failing at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l audit-log -d 'Also append the audit record to FILE (one JSON line per command)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l dry-run -d 'Print the plan and change nothing'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l allow-tier-removal -d 'Apply a config that no longer has a tier live tenants use (they lose access to their data). Without it, init refuses (exit 2) and names the tenants'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l break-lease -d 'Take over another operator\'s lease on the tenant (or the platform). Only when you know its holder is gone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -f -a "onboard" -d 'Onboard one tenant, or many with --from'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -f -a "list" -d 'List tenants from the registry'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -f -a "show" -d 'Show one tenant\'s record and users'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -f -a "suspend" -d 'Sign out and disable every user of a tenant (data untouched); `resume` reverses it'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -f -a "resume" -d 'Re-enable a suspended tenant\'s users after its isolation is verified'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -f -a "set-tier" -d 'Move a tenant to another tier: users\' claims, data prefix, dedicated role, record'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -f -a "offboard" -d 'Remove a tenant: access first, then archive (verified), then delete; leaves a tombstone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -f -a "restore" -d 'Bring an offboarded tenant\'s data, parameters and users back from one archive run'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -f -a "migrate-membership" -d 'Record the membership of tenants registered before tenantctl recorded memberships, from their users\' current claims (review the list with --dry-run first)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show suspend resume set-tier offboard restore migrate-membership help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l tier -d 'Tier the tenant belongs to (must exist in the config)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l user -d 'A user\'s email (repeatable)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l users -d 'CSV file of users: one `email` column (header optional)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l project-id -d 'Bedrock project id for cost attribution (else one created for the tenant with `[bedrock] create_projects`, else the tier\'s)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l from -d 'Bulk: CSV (tenant,tier,users with users separated by \';\') or JSON array of {tenant,tier,users}' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l concurrency -d 'How many tenants to onboard at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l lease-wait -d 'Wait up to SECS for another operator\'s lease instead of failing at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l audit-log -d 'Also append the audit record to FILE (one JSON line per command)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l invite -d 'Send Cognito\'s invitation message (suppressed by default)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l dry-run -d 'Print the plan and change nothing'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l break-lease -d 'Take over another operator\'s lease on the tenant (or the platform). Only when you know its holder is gone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l tier -d 'Only tenants of this tier' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l all -d 'Include offboarded tenants'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l reason -d 'Why (kept in the record and shown by `tenant show`)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l lease-wait -d 'Wait up to SECS for another operator\'s lease instead of failing at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l audit-log -d 'Also append the audit record to FILE (one JSON line per command)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l dry-run -d 'Print the plan and change nothing'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -s y -l yes -d 'Confirm without a prompt (required when stdin is not a terminal)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l break-lease -d 'Take over another operator\'s lease on the tenant (or the platform). Only when you know its holder is gone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l lease-wait -d 'Wait up to SECS for another operator\'s lease instead of failing at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l audit-log -d 'Also append the audit record to FILE (one JSON line per command)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l dry-run -d 'Print the plan and change nothing'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l break-lease -d 'Take over another operator\'s lease on the tenant (or the platform). Only when you know its holder is gone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -l lease-wait -d 'Wait up to SECS for another operator\'s lease instead of failing at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -l audit-log -d 'Also append the audit record to FILE (one JSON line per command)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -l dry-run -d 'Print the plan and change nothing'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -s y -l yes -d 'Confirm without a prompt (required when stdin is not a terminal)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -l break-lease -d 'Take over another operator\'s lease on the tenant (or the platform). Only when you know its holder is gone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from set-tier" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l lease-wait -d 'Wait up to SECS for another operator\'s lease instead of failing at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l audit-log -d 'Also append the audit record to FILE (one JSON line per command)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l purge -d 'Delete without archiving first. Irreversible; requires --yes'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l dry-run -d 'Print the plan and change nothing'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -s y -l yes -d 'Confirm without a prompt (required when stdin is not a terminal, and with --purge)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l break-lease -d 'Take over another operator\'s lease on the tenant (or the platform). Only when you know its holder is gone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from offboard" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l from-archive -d 'The offboarding run to restore (shown by `tenant show`; e.g. 20260115T101500Z-1a2b3c4d)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l lease-wait -d 'Wait up to SECS for another operator\'s lease instead of failing at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l audit-log -d 'Also append the audit record to FILE (one JSON line per command)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l invite -d 'Email each re-created user an invitation with a temporary password (default: none sent)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l dry-run -d 'Print the plan and change nothing'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -s y -l yes -d 'Confirm without a prompt (needed only when the plan overwrites something that exists)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l break-lease -d 'Take over another operator\'s lease on the tenant (or the platform). Only when you know its holder is gone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -l lease-wait -d 'Wait up to SECS for another operator\'s lease instead of failing at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -l audit-log -d 'Also append the audit record to FILE (one JSON line per command)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -l dry-run -d 'Print the plan (every user each tenant would record) and change nothing'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -l break-lease -d 'Take over another operator\'s lease on the tenant (or the platform). Only when you know its holder is gone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from migrate-membership" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "onboard" -d 'Onboard one tenant, or many with --from'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "list" -d 'List tenants from the registry'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one tenant\'s record and users'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "suspend" -d 'Sign out and disable every user of a tenant (data untouched); `resume` reverses it'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Re-enable a suspended tenant\'s users after its isolation is verified'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "set-tier" -d 'Move a tenant to another tier: users\' claims, data prefix, dedicated role, record'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "offboard" -d 'Remove a tenant: access first, then archive (verified), then delete; leaves a tombstone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Bring an offboarded tenant\'s data, parameters and users back from one archive run'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "migrate-membership" -d 'Record the membership of tenants registered before tenantctl recorded memberships, from their users\' current claims (review the list with --dry-run first)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -f -a "add" -d 'Add users to a tenant (they carry its tier and clinic id claims)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -f -a "remove" -d 'Sign out and delete users of a tenant'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -f -a "list" -d 'List a tenant\'s users'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -f -a "export-memory" -d 'Export one user\'s AgentCore Memory events to a local file (an access request)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and not __fish_seen_subcommand_from add remove list export-memory help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l users -d 'CSV file of users: one `email` column (header optional)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l lease-wait -d 'Wait up to SECS for another operator\'s lease instead of failing at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l audit-log -d 'Also append the audit record to FILE (one JSON line per command)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l dry-run -d 'Print the plan and change nothing'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l break-lease -d 'Take over another operator\'s lease on the tenant (or the platform). Only when you know its holder is gone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -l lease-wait -d 'Wait up to SECS for another operator\'s lease instead of failing at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -l audit-log -d 'Also append the audit record to FILE (one JSON line per command)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -l dry-run -d 'Print the plan and change nothing'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Confirm without a prompt (required when stdin is not a terminal)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -l break-lease -d 'Take over another operator\'s lease on the tenant (or the platform). Only when you know its holder is gone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from list" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from list" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from list" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from list" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from list" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from list" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from list" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from list" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -l out -d 'File to write, one JSON event per line (must not exist; created readable by you only)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from export-memory" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add users to a tenant (they carry its tier and clinic id claims)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Sign out and delete users of a tenant'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'List a tenant\'s users'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "export-memory" -d 'Export one user\'s AgentCore Memory events to a local file (an access request)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -f -a "simulate" -d 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -f -a "render" -d 'Print a policy rendered from templates/ for this config (e.g. for offline validation in a PR)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -f -a "managed-snapshot" -d 'Read AWS managed policies from the account into a snapshot file, to use instead of the one shipped with tenantctl (online; writes only FILE)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate render managed-snapshot help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l input -d 'One JSON simulation request (file path or - for stdin). Format: docs/policy-simulate.md' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l batch -d 'JSON Lines: one request per line, one result line each, same order' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -l account -d 'Account id to render ARNs for' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -l tenant -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -l tier -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -l out -d 'Snapshot file to write (JSON Lines: a header line, then one policy per line, sorted by ARN)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -l arn -d 'Only this AWS managed policy (repeatable), e.g. arn:aws:iam::aws:policy/ReadOnlyAccess' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -l concurrency -d 'How many policies to read at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -l force -d 'Overwrite FILE if it exists'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from managed-snapshot" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "simulate" -d 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "render" -d 'Print a policy rendered from templates/ for this config (e.g. for offline validation in a PR)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "managed-snapshot" -d 'Read AWS managed policies from the account into a snapshot file, to use instead of the one shipped with tenantctl (online; writes only FILE)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -f -a "reindex" -d 'Rebuild the registry index (what `tenant list` reads) from the tenant records and memberships; also builds it for a registry from before the index'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and not __fish_seen_subcommand_from reindex help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -l lease-wait -d 'Wait up to SECS for another operator\'s lease instead of failing at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -l audit-log -d 'Also append the audit record to FILE (one JSON line per command)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -l dry-run -d 'Print the plan (every shard that would change, and its tenants) and change nothing'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -l break-lease -d 'Take over another operator\'s lease on the tenant (or the platform). Only when you know its holder is gone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from reindex" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "reindex" -d 'Rebuild the registry index (what `tenant list` reads) from the tenant records and memberships; also builds it for a registry from before the index'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand registry; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -f -a "isolation" -d 'Prove that every tenant session reaches its own resources and nothing of any other tenant\'s (exit 0 isolated, 1 findings, 2 bad input, 3 could not read the account)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -f -a "drift" -d 'Compare the registry with the account: users, prefixes, parameters, policies'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and not __fish_seen_subcommand_from isolation drift help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l tenant -d 'Only pairs involving this tenant' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l policy -d 'Offline: a permission policy of the TVM role (repeatable)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l cloudformation -d 'Offline: a CloudFormation template (YAML or JSON; repeatable) to read the TVM roles (trust allows sts:TagSession), the roles they trust, their policies and the bucket policies from, instead of --policy/--trust-policy/--runtime-policy/--bucket-policy' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l stack-name -d 'With --cloudformation: the stack name (AWS::StackName)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l parameter -d 'With --cloudformation: a template parameter\'s value (repeatable), e.g. `Env=prod`' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l managed-policies -d 'With --cloudformation: AWS managed policies from this snapshot (`tenantctl policy managed-snapshot`) instead of the one shipped with tenantctl' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l trust-policy -d 'Offline: the TVM role\'s trust policy (enables the trust and session lint)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l runtime-policy -d 'Offline: a permission policy of the runtime role (enables the TVM-bypass check; repeatable)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l bucket-policy -d 'Offline: the data bucket\'s policy (resource policy of every S3 request; also checked for anonymous callers and principals of other accounts)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l tenants -d 'Offline: tenants as `a,b=premium` (a tier after `=`, else the first configured tier)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l tenants-file -d 'Offline: file with one `tenant[,tier]` per line' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l account -d 'Offline: account id the policies were rendered for' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l max-findings-per-rule -d 'Findings kept in detail per rule, in every output (JSON, CSV, JUnit, SARIF); 0 keeps all. Counts are always complete, and omitted findings are reported as omitted' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l junit -d 'Also write a JUnit XML report (one test case per rule)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l sarif -d 'Also write a SARIF 2.1.0 report (one result per finding)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l offline -d 'Validate policy files or CloudFormation templates instead of the account (no AWS access)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l no-adversarial -d 'Skip the synthetic adversarial tenants and sessions (not recommended)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l live -d 'Also probe the real account: assume the TVM role with each tenant\'s tags and try a canary object in another tenant\'s prefix, expecting AccessDenied (cleaned up after)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from isolation" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -l junit -d 'Also write a JUnit XML report (one test case per rule)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -l sarif -d 'Also write a SARIF 2.1.0 report (one result per finding)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from drift" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from help" -f -a "isolation" -d 'Prove that every tenant session reaches its own resources and nothing of any other tenant\'s (exit 0 isolated, 1 findings, 2 bad input, 3 could not read the account)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from help" -f -a "drift" -d 'Compare the registry with the account: users, prefixes, parameters, policies'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand validate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -f -a "report" -d 'Cost per tenant, tier or service from Cost Explorer, CUR 2.0 Parquet or Athena, with the untagged remainder shown or allocated'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -f -a "budget" -d 'Month-to-date and forecast cost per tenant against its tier\'s monthly budget; exit 1 when any tenant is at/over the threshold'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -f -a "setup" -d 'Check, and with --apply create, what billing needs: active cost allocation tags (incl. iamPrincipal/*), the export bucket and its policy, a CUR 2.0 export with caller identity'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -f -a "reconcile" -d 'Cost Explorer\'s total per service against the CUR\'s (Parquet or Athena) for a month; exit 1 naming the services that differ by more than the tolerance'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and not __fish_seen_subcommand_from report budget setup reconcile help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l source -d 'Where the cost comes from: Cost Explorer; CUR 2.0 Parquet files at LOCATION (a directory or s3://bucket/prefix); or an Athena query over the CUR 2.0 table ([cost.athena] in tenantctl.toml)' -r -f -a "cost-explorer\t''
cur\t''
athena\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l from -d 'First day of the report, YYYY-MM-DD (inclusive)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l to -d 'End of the report, YYYY-MM-DD, EXCLUSIVE: the first day NOT included (--to 2026-11-01 ends with Oct 31)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l month -d 'A calendar month, YYYY-MM (instead of --from/--to). Default: the last complete month' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l by -d 'Rows per tenant, tier, service, or tenant and service' -r -f -a "tenant\t''
tier\t''
service\t''
tenant\,service\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l granularity -r -f -a "daily\t''
monthly\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l metric -d 'Cost Explorer metric' -r -f -a "unblended\t''
amortized\t''
net-unblended\t''
net-amortized\t''
blended\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l allocate-shared -d 'Split the untagged (shared) remainder across tenants: by their direct cost, evenly, by their metered usage (Bedrock tokens; cur/athena), or not at all' -r -f -a "none\t''
proportional\t''
even\t''
usage\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l chart -d 'Also write a bar chart of the top entries to this SVG file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l top -d 'How many entries the bar charts show' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l no-storage -d 'Skip the storage usage column (one ListObjectsV2 sweep per tenant prefix)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from report" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l source -d 'Where month-to-date cost comes from (as for `cost report`): Cost Explorer, CUR 2.0 Parquet at LOCATION, or Athena' -r -f -a "cost-explorer\t''
cur\t''
athena\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l threshold -d 'Flag tenants whose month-to-date or projected month-end cost reaches this % of their tier\'s budget' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l month -d 'Month to check, YYYY-MM. Default: the current month' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l metric -r -f -a "unblended\t''
amortized\t''
net-unblended\t''
net-amortized\t''
blended\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l forecast -d 'Month-end projection: Cost Explorer\'s forecast (one billed request per tenant with cost), the run rate, or none' -r -f -a "cost-explorer\t''
run-rate\t''
none\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l all -d 'List every tenant, not only those at/over the threshold'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from budget" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -l lease-wait -d 'Wait up to SECS for another operator\'s lease instead of failing at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -l audit-log -d 'Also append the audit record to FILE (one JSON line per command)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -l apply -d 'Make the planned changes (idempotent: a second run plans none). Under the platform\'s lease, with an audit record, like `init`'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -l break-lease -d 'Take over another operator\'s lease on the tenant (or the platform). Only when you know its holder is gone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from setup" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -l month -d 'Month to reconcile, YYYY-MM. Default: the last complete month' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -l source -d 'The CUR to compare with: Parquet files at LOCATION, or the Athena table of [cost.athena]' -r -f -a "cur\t''
athena\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -l tolerance -d 'Largest difference per service (in the currency) that still reconciles' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -l metric -r -f -a "unblended\t''
amortized\t''
net-unblended\t''
net-amortized\t''
blended\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from reconcile" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from help" -f -a "report" -d 'Cost per tenant, tier or service from Cost Explorer, CUR 2.0 Parquet or Athena, with the untagged remainder shown or allocated'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from help" -f -a "budget" -d 'Month-to-date and forecast cost per tenant against its tier\'s monthly budget; exit 1 when any tenant is at/over the threshold'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from help" -f -a "setup" -d 'Check, and with --apply create, what billing needs: active cost allocation tags (incl. iamPrincipal/*), the export bucket and its policy, a CUR 2.0 export with caller identity'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from help" -f -a "reconcile" -d 'Cost Explorer\'s total per service against the CUR\'s (Parquet or Athena) for a month; exit 1 naming the services that differ by more than the tolerance'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand cost; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand man" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand man" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand man" -l region -d 'AWS region (overrides the config file\'s region). Checked here because it reaches ARNs in policies: `--region \'*\'` must never widen one' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand man" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand man" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand man" -l max-attempts -d 'Attempts per AWS call (adaptive retry: client-side rate limiting, backoff with jitter)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand man" -l max-retry-time -d 'Longest one AWS call may take with all its retries, in seconds; then the command stops (exit 4: re-run it to resume)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand man" -l attempt-timeout -d 'Longest one attempt of an AWS call may wait for its answer, in seconds; then it is retried (a copy whose attempt timed out is first looked for at its destination, never blindly sent again). Raise it for very large server-side copies' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand man" -l retry-mode -d 'Retry mode: `adaptive` adds a client-side rate limiter per service that slows down when AWS throttles (best against real, quota-based throttling); `standard` retries with backoff and jitter only (for endpoints that fail at random rather than by rate)' -r -f -a "adaptive\t''
standard\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand man" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand man" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand man" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand man" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant user policy registry validate cost completions man help" -f -a "init" -d 'Bootstrap (or reconcile) the shared platform: user pool, buckets, tier parameters, TVM role'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant user policy registry validate cost completions man help" -f -a "tenant" -d 'Onboard, list and inspect tenants'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant user policy registry validate cost completions man help" -f -a "user" -d 'Add, remove and list a tenant\'s users'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant user policy registry validate cost completions man help" -f -a "policy" -d 'Evaluate IAM policies locally; snapshot AWS managed policies from an account'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant user policy registry validate cost completions man help" -f -a "registry" -d 'Maintain the tenant registry (its index)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant user policy registry validate cost completions man help" -f -a "validate" -d 'Prove tenant isolation, or find drift between the registry and the account'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant user policy registry validate cost completions man help" -f -a "cost" -d 'Per-tenant cost (Cost Explorer, CUR 2.0 Parquet, Athena): reports, budget checks, billing setup, reconciliation'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant user policy registry validate cost completions man help" -f -a "completions" -d 'Print shell completions'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant user policy registry validate cost completions man help" -f -a "man" -d 'Write the man pages (one per command) into DIR (scripts/gen-completions.sh)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant user policy registry validate cost completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "onboard" -d 'Onboard one tenant, or many with --from'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "list" -d 'List tenants from the registry'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "show" -d 'Show one tenant\'s record and users'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "suspend" -d 'Sign out and disable every user of a tenant (data untouched); `resume` reverses it'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "resume" -d 'Re-enable a suspended tenant\'s users after its isolation is verified'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "set-tier" -d 'Move a tenant to another tier: users\' claims, data prefix, dedicated role, record'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "offboard" -d 'Remove a tenant: access first, then archive (verified), then delete; leaves a tombstone'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "restore" -d 'Bring an offboarded tenant\'s data, parameters and users back from one archive run'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "migrate-membership" -d 'Record the membership of tenants registered before tenantctl recorded memberships, from their users\' current claims (review the list with --dry-run first)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "add" -d 'Add users to a tenant (they carry its tier and clinic id claims)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "remove" -d 'Sign out and delete users of a tenant'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'List a tenant\'s users'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "export-memory" -d 'Export one user\'s AgentCore Memory events to a local file (an access request)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "simulate" -d 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "render" -d 'Print a policy rendered from templates/ for this config (e.g. for offline validation in a PR)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "managed-snapshot" -d 'Read AWS managed policies from the account into a snapshot file, to use instead of the one shipped with tenantctl (online; writes only FILE)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from registry" -f -a "reindex" -d 'Rebuild the registry index (what `tenant list` reads) from the tenant records and memberships; also builds it for a registry from before the index'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from validate" -f -a "isolation" -d 'Prove that every tenant session reaches its own resources and nothing of any other tenant\'s (exit 0 isolated, 1 findings, 2 bad input, 3 could not read the account)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from validate" -f -a "drift" -d 'Compare the registry with the account: users, prefixes, parameters, policies'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from cost" -f -a "report" -d 'Cost per tenant, tier or service from Cost Explorer, CUR 2.0 Parquet or Athena, with the untagged remainder shown or allocated'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from cost" -f -a "budget" -d 'Month-to-date and forecast cost per tenant against its tier\'s monthly budget; exit 1 when any tenant is at/over the threshold'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from cost" -f -a "setup" -d 'Check, and with --apply create, what billing needs: active cost allocation tags (incl. iamPrincipal/*), the export bucket and its policy, a CUR 2.0 export with caller identity'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from cost" -f -a "reconcile" -d 'Cost Explorer\'s total per service against the CUR\'s (Parquet or Athena) for a month; exit 1 naming the services that differ by more than the tolerance'
