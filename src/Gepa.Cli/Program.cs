using Gepa.Cli.Cli;
using Gepa.Cli.Running;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C cancels the run gracefully; a second one kills the process.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};

ITaskSetup taskSetup = new ChatPromptTaskSetup();
return await GepaCli.RunAsync(args, CliEnvironment.FromProcess(taskSetup), cancel.Token);
