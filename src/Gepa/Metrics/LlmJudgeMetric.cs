using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Asks a judge model to score the response in [0, 1] and explain the score.</summary>
/// <remarks>
/// <para>The prompt template may use the placeholders <c>{input}</c>, <c>{answer}</c>, <c>{response}</c> and
/// <c>{context}</c>; it must use <c>{response}</c>. They are replaced in a single pass, so a response that itself
/// contains <c>{answer}</c> is not expanded. A missing answer or context is shown as <c>(none)</c>.</para>
/// <para>The judge must reply with a JSON object <c>{"score": 0.8, "feedback": "…"}</c> (a fenced block or surrounding
/// prose is fine) or with lines <c>Score: 0.8</c> and <c>Feedback: …</c>. A reply without a readable score in [0, 1], or
/// a failed judge call, is an <see cref="ExampleEvaluationException"/> naming the example: never a silent 0, which would
/// look like a bad response.</para>
/// </remarks>
public sealed partial class LlmJudgeMetric : IChatMetric
{
    /// <summary>The prompt used when none is given.</summary>
    public const string DefaultPromptTemplate = """
        You are grading a response to a task.

        Task input:
        {input}

        Expected answer (may be "(none)"):
        {answer}

        Response to grade:
        {response}

        Judge how well the response accomplishes the task, using the expected answer as the reference when one is given. Reply with only a JSON object: {"score": <a number from 0 to 1>, "feedback": "<one to three sentences: what is right, what is wrong, and how the response should change>"}
        """;

    private const int MaxQuotedReplyLength = 200;
    private readonly IChatClient _judge;
    private readonly string _template;
    private readonly ChatOptions? _options;

    /// <summary>Initializes a new judge metric.</summary>
    /// <param name="judge">The judge model.</param>
    /// <param name="promptTemplate">The prompt template; <see cref="DefaultPromptTemplate"/> when <see langword="null"/>.</param>
    /// <param name="options">Options for the judge call (cloned for every call), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="promptTemplate"/> does not contain <c>{response}</c>.</exception>
    public LlmJudgeMetric(IChatClient judge, string? promptTemplate = null, ChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(judge);
        _template = promptTemplate ?? DefaultPromptTemplate;
        if (!_template.Contains("{response}", StringComparison.Ordinal))
        {
            throw new ArgumentException("The judge prompt template must contain the placeholder {response}; otherwise the judge never sees what it grades.", nameof(promptTemplate));
        }

        _judge = judge;
        _options = options;
    }

    /// <inheritdoc/>
    public async ValueTask<MetricResult> ScoreAsync(ChatExample example, string response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(response);
        var prompt = RenderPrompt(example, response);
        ChatResponse reply;
        try
        {
            reply = await _judge.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], _options?.Clone(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (TransientFailure.IsTransportFailure(ex))
            {
                throw new ModelTransportException("judge", $"The judge model failed on example '{example.Id}': {ex.Message}", ex);
            }

            throw new ExampleEvaluationException(example.Id, $"The judge model failed on example '{example.Id}': {ex.Message}", ex);
        }

        var text = reply.Text ?? string.Empty;
        if (!TryParseVerdict(text, out var score, out var judgeFeedback, out var problem))
        {
            var truncated = reply.FinishReason == ChatFinishReason.Length ? " The judge's reply was truncated at its output-token limit; raise MaxOutputTokens for the judge." : string.Empty;
            var shown = text.Length > MaxQuotedReplyLength ? text[..MaxQuotedReplyLength] + "…" : text;
            throw new ExampleEvaluationException(example.Id, $"The judge's reply for example '{example.Id}' could not be read: {problem}. Expected a JSON object {{\"score\": <0..1>, \"feedback\": \"…\"}} or lines 'Score: <0..1>' and 'Feedback: …'.{truncated} The reply was: '{shown}'", null);
        }

        var feedback = $"Judge (score {score.ToString("0.###", CultureInfo.InvariantCulture)}): {(judgeFeedback.Length > 0 ? judgeFeedback : "(no feedback given)")}";
        if (score < 1 && example.Answer is { } answer)
        {
            feedback += $" The expected answer is {MetricText.Quote(answer)}.";
        }

        return new MetricResult(score, feedback);
    }

    /// <summary>Fills the template for one example; exposed so that tests and callers can see exactly what the judge reads.</summary>
    /// <param name="example">The example.</param>
    /// <param name="response">The response to grade.</param>
    /// <returns>The prompt.</returns>
    public string RenderPrompt(ChatExample example, string response)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(response);
        return Placeholder().Replace(_template, m => m.Groups["name"].Value switch
        {
            "input" => example.Input,
            "answer" => example.Answer ?? "(none)",
            "context" => example.Context ?? "(none)",
            _ => response,
        });
    }

    /// <summary>Reads a score in [0, 1] and feedback from a judge reply.</summary>
    internal static bool TryParseVerdict(string reply, out double score, out string feedback, out string problem)
    {
        score = 0;
        feedback = string.Empty;
        var open = reply.IndexOf('{', StringComparison.Ordinal);
        var close = reply.LastIndexOf('}');
        if (open >= 0 && close > open && TryParseJsonVerdict(reply[open..(close + 1)], out score, out feedback))
        {
            return CheckRange(score, out problem);
        }

        var scoreLine = ScoreLine().Match(reply);
        if (!scoreLine.Success)
        {
            problem = "it contains no score";
            return false;
        }

        if (!double.TryParse(scoreLine.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out score))
        {
            problem = $"the score '{scoreLine.Groups["value"].Value}' is not a number";
            return false;
        }

        var feedbackLine = FeedbackLine().Match(reply);
        feedback = feedbackLine.Success ? feedbackLine.Groups["text"].Value.Trim() : string.Empty;
        return CheckRange(score, out problem);
    }

    private static bool CheckRange(double score, out string problem)
    {
        problem = score is >= 0 and <= 1 ? string.Empty : $"the score {score.ToString("R", CultureInfo.InvariantCulture)} is outside [0, 1]";
        return problem.Length == 0;
    }

    private static bool TryParseJsonVerdict(string json, out double score, out string feedback)
    {
        score = 0;
        feedback = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var found = false;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, "score", StringComparison.OrdinalIgnoreCase))
                {
                    found = property.Value.ValueKind switch
                    {
                        JsonValueKind.Number => property.Value.TryGetDouble(out score),
                        JsonValueKind.String => double.TryParse(property.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out score),
                        _ => false,
                    };
                }
                else if (string.Equals(property.Name, "feedback", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                {
                    feedback = property.Value.GetString()!.Trim();
                }
            }

            return found;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\{(?<name>input|answer|response|context)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    // Tolerates Markdown decoration models like to add: "**Score:** 0.8", "## Score: 0.8".
    [GeneratedRegex(@"^[\s*_#]*score[\s*_]*[:=][\s*_]*(?<value>[-+]?(?:\d+(?:\.\d*)?|\.\d+))", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ScoreLine();

    // Feedback runs to the end of the reply, or up to a later "Score:" line when the judge puts the score last.
    [GeneratedRegex(@"^[\s*_#]*feedback[\s*_]*[:=][ \t*_]*(?<text>.*?)(?=^[\s*_#]*score[\s*_]*[:=]|\z)", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FeedbackLine();
}
