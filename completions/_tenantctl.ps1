
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
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Bootstrap (or reconcile) the shared platform: user pool, buckets, tier parameters, TVM role')
            [CompletionResult]::new('tenant', 'tenant', [CompletionResultType]::ParameterValue, 'Onboard, list and inspect tenants')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Evaluate IAM policies locally')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;init' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
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
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
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
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;tenant;onboard' {
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'Tier the tenant belongs to (must exist in the config)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'A user''s email (repeatable)')
            [CompletionResult]::new('--users', '--users', [CompletionResultType]::ParameterName, 'CSV file of users: one `email` column (header optional)')
            [CompletionResult]::new('--project-id', '--project-id', [CompletionResultType]::ParameterName, 'Bedrock project id for cost attribution (else created or the tier''s)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Bulk: CSV (tenant,tier,users with users separated by '';'') or JSON array of {tenant,tier,users}')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many tenants to onboard at once')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--invite', '--invite', [CompletionResultType]::ParameterName, 'Send Cognito''s invitation message (suppressed by default)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
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
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
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
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
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
        'tenantctl;tenant;help;help' {
            break
        }
        'tenantctl;policy' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Never draw progress bars (they are only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail (error causes, retries); repeat for more')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;policy;simulate' {
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'One JSON simulation request (file path or - for stdin). Format: docs/policy-simulate.md')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'JSON Lines: one request per line, one result line each, same order')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
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
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tenantctl;policy;help;simulate' {
            break
        }
        'tenantctl;policy;help;help' {
            break
        }
        'tenantctl;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Platform configuration file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile (standard credential chain otherwise)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (overrides the config file''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (e.g. a local emulator). S3 then uses path-style addressing')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for results (human table, or stable machine formats)')
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
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Evaluate IAM policies locally')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
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
        'tenantctl;help;policy' {
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Evaluate one request (--input) or a JSON Lines stream of requests (--batch)')
            break
        }
        'tenantctl;help;policy;simulate' {
            break
        }
        'tenantctl;help;completions' {
            break
        }
        'tenantctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
