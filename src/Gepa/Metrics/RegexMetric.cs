using System.Text.RegularExpressions;

namespace Gepa;

/// <summary>1 when the response matches a regular expression, otherwise 0.</summary>
/// <remarks>The pattern is the one given to the constructor, or else each example's answer read as a pattern. It is
/// searched for anywhere in the response (<see cref="Regex.IsMatch(string)"/>); anchor it with <c>^…$</c> for a whole-reply
/// match. Matching has a timeout; a timeout is an <see cref="ExampleEvaluationException"/>, not a silent 0, because it
/// means the pattern is broken rather than the response wrong.</remarks>
public sealed class RegexMetric : IChatMetric
{
    private readonly Regex? _fixedPattern;
    private readonly RegexOptions _options;
    private readonly TimeSpan _timeout;

    /// <summary>Initializes a new regex metric.</summary>
    /// <param name="pattern">The pattern, or <see langword="null"/> to read each example's answer as the pattern.</param>
    /// <param name="options">Regex options; <see cref="RegexOptions.CultureInvariant"/> is always added.</param>
    /// <param name="timeout">The match timeout; default 1 second.</param>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is not a valid regular expression.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public RegexMetric(string? pattern = null, RegexOptions options = RegexOptions.None, TimeSpan? timeout = null)
    {
        _options = options | RegexOptions.CultureInvariant;
        _timeout = timeout ?? MetricConstants.DefaultRegexTimeout;
        if (_timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), _timeout, "The regex timeout must be positive.");
        }

        if (pattern is not null)
        {
            try
            {
                _fixedPattern = new Regex(pattern, _options, _timeout);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"The regex metric's pattern '{pattern}' is not a valid regular expression: {ex.Message}", nameof(pattern), ex);
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<MetricResult> ScoreAsync(ChatExample example, string response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(response);
        var regex = _fixedPattern ?? PatternFromAnswer(example);
        bool matched;
        try
        {
            matched = regex.IsMatch(response);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new ExampleEvaluationException(example.Id, $"The regex metric's pattern /{regex}/ timed out after {_timeout.TotalMilliseconds} ms on the response to example '{example.Id}'; simplify the pattern.", ex);
        }

        if (matched)
        {
            return ValueTask.FromResult(new MetricResult(1, $"The response matches the required pattern /{regex}/."));
        }

        var feedback = _fixedPattern is null
            ? $"The response does not match the pattern {MetricText.Quote(example.Answer!)} that the expected answer gives."
            : $"The response does not match the required pattern /{regex}/."
                + (example.Answer is { } answer ? $" The expected answer is {MetricText.Quote(answer)}." : string.Empty);
        return ValueTask.FromResult(new MetricResult(0, feedback));
    }

    private Regex PatternFromAnswer(ChatExample example)
    {
        var answer = MetricText.RequireAnswer(example, "regex");
        try
        {
            return new Regex(answer, _options, _timeout);
        }
        catch (ArgumentException ex)
        {
            throw new ExampleEvaluationException(example.Id, $"The answer of example '{example.Id}' is used as the regex pattern but is not a valid regular expression: {ex.Message}", ex);
        }
    }
}
