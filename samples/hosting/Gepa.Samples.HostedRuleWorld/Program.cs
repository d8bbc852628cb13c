using Gepa.Samples.HostedRuleWorld;

// A .NET worker that optimizes a prompt in RuleWorld (a deterministic SIMULATION: no key, no network) and prints each
// accepted candidate as the run streams it. Settings come from appsettings.json, the environment or the command line,
// for example: dotnet run --project samples/hosting/Gepa.Samples.HostedRuleWorld -- --Gepa:MaxMetricCalls=1000
// The budget policy is the library's default, adaptive (appsettings.json names it); --Gepa:BudgetPolicy=Fixed runs the
// reference's allocation.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await HostedRuleWorld.RunAsync(args, Console.Out, cancel.Token);
