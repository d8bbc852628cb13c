using Gepa.Cli.Cli;
using Gepa.Cli.Running;

// Never disposed: the runtime calls signal handlers on a thread of their own, and one seen in CI ran after Main had
// returned and disposed the source, so the process died with SIGABRT instead of exiting 130. It lives as long as the
// process does.
var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C cancels the run gracefully; a second one kills the process.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};

// SIGTERM (kill, docker stop, systemd) stops as gracefully as Ctrl+C: the run directory stays resumable.
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
{
    c.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
});

ITaskSetup taskSetup = new ChatPromptTaskSetup();
return await GepaCli.RunAsync(args, CliEnvironment.FromProcess(taskSetup), cancel.Token);
