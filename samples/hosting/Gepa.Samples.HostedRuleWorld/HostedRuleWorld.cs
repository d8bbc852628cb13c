using Gepa.Simulation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gepa.Samples.HostedRuleWorld;

/// <summary>Builds and runs the sample host: Gepa's options from configuration (validated on start), the simulated
/// RuleWorld models as keyed chat clients, and a worker that streams the run's progress.</summary>
public static class HostedRuleWorld
{
    /// <summary>Runs the host until the optimization ends.</summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--Gepa:MaxMetricCalls=1000</c>).</param>
    /// <param name="output">Where progress and the result are written.</param>
    /// <param name="cancellationToken">Stops the run; the best candidate so far is still printed.</param>
    /// <returns>0 when the run completed, 2 when the settings were refused.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();

        // The options: the "Gepa" section of appsettings.json, environment variables (Gepa__MaxMetricCalls) or --Gepa:Key.
        builder.Services.AddGepa(builder.Configuration.GetSection("Gepa"));

        // The models, one per role, under Gepa's keys. A real host registers real clients here (OpenAI, Azure OpenAI,
        // Ollama...); RuleWorld's simulated ones need nothing.
        var world = new RuleWorld(new RuleWorldOptions { Modules = 1 });
        builder.Services.AddSingleton(world);
        builder.Services.AddKeyedChatClient(GepaChatClientKeys.Task, new RuleWorldTaskChatClient(world));
        builder.Services.AddKeyedChatClient(GepaChatClientKeys.Reflection, new RuleWorldReflectionChatClient(world));

        var progress = new OptimizationWorker.Output(output);
        builder.Services.AddSingleton(progress);
        builder.Services.AddHostedService<OptimizationWorker>();

        using var host = builder.Build();
        try
        {
            await host.RunAsync(cancellationToken); // the worker stops the host when the run ends
        }
        catch (OptionsValidationException e)
        {
            await output.WriteLineAsync("error: " + e.Message);
            return 2;
        }

        return progress.Completed ? 0 : 1;
    }
}
