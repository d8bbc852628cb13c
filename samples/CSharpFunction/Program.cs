using System.ClientModel;
using CSharpFunction;
using Gepa;
using Microsoft.Extensions.AI;
using OpenAI;

if (args.Contains("--worker"))
{
    return Worker.Run();
}

// Usage: dotnet run --project samples/CSharpFunction -- --model gpt-4.1-mini [--base-url URL] [--budget 20]
var model = Arg("--model");
if (model is null)
{
    Console.Error.WriteLine("This sample needs a real reflection model: --model NAME (OPENAI_API_KEY, or --base-url of an OpenAI-compatible server).");
    Console.Error.WriteLine("Offline, its tests drive it with a scripted ladder of candidates: dotnet test tests/Gepa.Samples.Tests.");
    return 2;
}

var baseUrl = Arg("--base-url");
var key = Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? (baseUrl is null ? null : "none");
if (key is null)
{
    Console.Error.WriteLine("error: --model needs OPENAI_API_KEY (or --base-url).");
    return 2;
}

var client = new OpenAIClient(new ApiKeyCredential(key), baseUrl is null ? new OpenAIClientOptions() : new OpenAIClientOptions { Endpoint = new Uri(baseUrl) });
var result = await CSharpFunctionRun.RunAsync(client.GetChatClient(model).AsIChatClient(), int.Parse(Arg("--budget") ?? "20", System.Globalization.CultureInfo.InvariantCulture), Arg("--out"));
Console.WriteLine(result.BestText);
Console.WriteLine($"best score {result.BestScore:0.000} (seed {result.Gepa?.ValAggregateScores[0]:0.000}) after {result.EvaluationsUsed} evaluations, {result.EvaluationFailures} failed; {result.StopMessage}");
return 0;

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
