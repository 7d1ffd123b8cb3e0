# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tenantctl_global_optspecs
    string join \n config= profile= region= endpoint-url= o/output= no-progress v/verbose q/quiet h/help V/version
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
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l region -d 'AWS region (overrides the config file\'s region)' -r
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_needs_command" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_needs_command" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -s V -l version -d 'Print version'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "init" -d 'Bootstrap (or reconcile) the shared platform: user pool, buckets, tier parameters, TVM role'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "tenant" -d 'Onboard, list and inspect tenants'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "policy" -d 'Evaluate IAM policies locally'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c tenantctl -n "__fish_tenantctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l region -d 'AWS region (overrides the config file\'s region)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l dry-run -d 'Print the plan and change nothing'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand init" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show help" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show help" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show help" -l region -d 'AWS region (overrides the config file\'s region)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show help" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show help" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show help" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show help" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show help" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show help" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show help" -f -a "onboard" -d 'Onboard one tenant, or many with --from'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show help" -f -a "list" -d 'List tenants from the registry'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show help" -f -a "show" -d 'Show one tenant\'s record and users'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and not __fish_seen_subcommand_from onboard list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l tier -d 'Tier the tenant belongs to (must exist in the config)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l user -d 'A user\'s email (repeatable)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l users -d 'CSV file of users: one `email` column (header optional)' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l project-id -d 'Bedrock project id for cost attribution (else created or the tier\'s)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l from -d 'Bulk: CSV (tenant,tier,users with users separated by \';\') or JSON array of {tenant,tier,users}' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l concurrency -d 'How many tenants to onboard at once' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l region -d 'AWS region (overrides the config file\'s region)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l invite -d 'Send Cognito\'s invitation message (suppressed by default)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l dry-run -d 'Print the plan and change nothing'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from onboard" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l tier -d 'Only tenants of this tier' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l region -d 'AWS region (overrides the config file\'s region)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l all -d 'Include offboarded tenants'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l region -d 'AWS region (overrides the config file\'s region)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "onboard" -d 'Onboard one tenant, or many with --from'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "list" -d 'List tenants from the registry'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one tenant\'s record and users'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate help" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate help" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate help" -l region -d 'AWS region (overrides the config file\'s region)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate help" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate help" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate help" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate help" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate help" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate help" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate help" -f -a "simulate" -d 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and not __fish_seen_subcommand_from simulate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l input -d 'One JSON simulation request (file path or - for stdin). Format: docs/policy-simulate.md' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l batch -d 'JSON Lines: one request per line, one result line each, same order' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l region -d 'AWS region (overrides the config file\'s region)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from simulate" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "simulate" -d 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l config -d 'Platform configuration file' -r -F
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l profile -d 'AWS named profile (standard credential chain otherwise)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l region -d 'AWS region (overrides the config file\'s region)' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l endpoint-url -d 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing' -r
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -s o -l output -d 'Output format for results (human table, or stable machine formats)' -r -f -a "table\t''
json\t''
csv\t''"
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -l no-progress -d 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -s v -l verbose -d 'More detail (error causes, retries); repeat for more'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -s q -l quiet -d 'Only errors and results'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant policy completions help" -f -a "init" -d 'Bootstrap (or reconcile) the shared platform: user pool, buckets, tier parameters, TVM role'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant policy completions help" -f -a "tenant" -d 'Onboard, list and inspect tenants'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant policy completions help" -f -a "policy" -d 'Evaluate IAM policies locally'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant policy completions help" -f -a "completions" -d 'Print shell completions'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and not __fish_seen_subcommand_from init tenant policy completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "onboard" -d 'Onboard one tenant, or many with --from'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "list" -d 'List tenants from the registry'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "show" -d 'Show one tenant\'s record and users'
complete -c tenantctl -n "__fish_tenantctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "simulate" -d 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)'
