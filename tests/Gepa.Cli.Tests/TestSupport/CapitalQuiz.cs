using Gepa.Cli.Tests.Loopback;

namespace Gepa.Cli.Tests.TestSupport;

/// <summary>How the loopback server answers the sample data's capital-city questions: the reflection model proposes a
/// better prompt, and the task model answers right only under that prompt.</summary>
internal static class CapitalQuiz
{
    /// <summary>The capital of each country the sample data asks about.</summary>
    public static readonly IReadOnlyDictionary<string, string> Capitals = new Dictionary<string, string>
    {
        ["France"] = "Paris", ["Italy"] = "Rome", ["Spain"] = "Madrid", ["Japan"] = "Tokyo", ["Peru"] = "Lima", ["Chile"] = "Santiago",
    };

    /// <summary>The improving prompt from the reflection model; from the task model, the capital of the country asked
    /// about under that prompt and "I am not sure." under any other.</summary>
    /// <param name="request">The request the server received.</param>
    /// <returns>The reply.</returns>
    public static FakeReply Answer(RecordedRequest request)
    {
        var body = request.Json;
        if (body["model"]!.GetValue<string>() == "reflection-model")
        {
            return FakeReply.Ok("```\nAnswer with the capital city's name.\n```");
        }

        var messages = body["messages"]!.AsArray();
        var system = messages[0]!["content"]!.ToString();
        var question = messages[^1]!["content"]!.ToString();
        var country = Capitals.Keys.First(c => question.Contains(c, StringComparison.Ordinal));
        return FakeReply.Ok(system.Contains("capital city", StringComparison.Ordinal) ? Capitals[country] : "I am not sure.");
    }

    /// <summary>The improving prompt from the reflection model; from the task model, every capital at once under that
    /// prompt (so a metric that looks for the answer inside the output scores it) and "no idea" under any other.</summary>
    /// <param name="request">The request the server received.</param>
    /// <returns>The reply.</returns>
    public static FakeReply AllCapitals(RecordedRequest request) => request.Json["model"]!.GetValue<string>() == "reflection-model"
        ? FakeReply.Ok("```\nAnswer with the capital city's name.\n```")
        : FakeReply.Ok(request.Body.Contains("capital city", StringComparison.Ordinal) ? "Paris Rome Madrid Tokyo Lima Santiago" : "no idea");
}
