using System.ClientModel;
using System.Globalization;
using Microsoft.Extensions.AI;
using OpenAI;
using RegexForge;

// Usage: dotnet run --project samples/RegexForge [-- --budget 150] [--model gpt-4.1-mini [--base-url URL]] [--out DIR]
var budget = 150;
string? model = null, baseUrl = null, output = null;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--budget": budget = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--model": model = args[++i]; break;
        case "--base-url": baseUrl = args[++i]; break;
        case "--out": output = args[++i]; break;
        default: break;
    }
}

IChatClient reflection;
if (model is null)
{
    reflection = new SimulatedRegexProposer();
    Console.WriteLine("SIMULATED PROPOSER: the reflection model is a deterministic synthesis heuristic, not a language model (pass --model to use one).");
}
else
{
    var key = Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? (baseUrl is null ? null : "none");
    if (key is null)
    {
        Console.Error.WriteLine("error: --model needs OPENAI_API_KEY (or --base-url of an OpenAI-compatible server).");
        return 2;
    }

    var client = new OpenAIClient(new ApiKeyCredential(key), baseUrl is null ? new OpenAIClientOptions() : new OpenAIClientOptions { Endpoint = new Uri(baseUrl) });
    reflection = client.GetChatClient(model).AsIChatClient();
}

var result = await RegexForgeRun.RunAsync(reflection, budget, output);
Console.WriteLine($"seed  {RegexForgeRun.Seed}");
Console.WriteLine($"best  {result.BestText}");
Console.WriteLine($"mean F1 over the categories: best {result.BestScore:0.000} after {result.EvaluationsUsed}/{result.MaxEvaluations} evaluations");
Console.WriteLine($"held-out F1: seed {result.SeedTestScore:0.000} -> best {result.BestTestScore:0.000}");
Console.WriteLine($"NonBacktracking accepts the best: {RegexEvaluator.NonBacktrackingAccepts(result.BestText!)}; stopped: {result.StopMessage}");
if (model is null)
{
    Console.WriteLine("Note: a simulated proposer memorizes the strings it was shown; a real model generalizes (try --model).");
}

return 0;
