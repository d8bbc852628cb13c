namespace Gepa;

/// <summary>Checks <see cref="OptimizeAnythingOptions"/> before anything is called, naming the option and its range.</summary>
internal static class OptimizeAnythingOptionsValidator
{
    public static void ValidateServer(OptimizeAnythingOptions options)
    {
        var o = options;
        Range(o.MaxEvaluations, 1, int.MaxValue, nameof(o.MaxEvaluations));
        Range(o.MaxConcurrency, 1, 1024, nameof(o.MaxConcurrency));
        Range(o.MaxConsecutiveEvaluatorFailures, 1, int.MaxValue, nameof(o.MaxConsecutiveEvaluatorFailures));
        Range(o.BestEvaluationsPerExample, 0, 10_000, nameof(o.BestEvaluationsPerExample));
        Range(o.ErrorStackFrames, 0, 100, nameof(o.ErrorStackFrames));
        if (!double.IsFinite(o.FailureScore))
        {
            throw new ArgumentException($"{nameof(OptimizeAnythingOptions)}.{nameof(o.FailureScore)} must be a finite number; it is {o.FailureScore}.", nameof(options));
        }
    }

    public static void ValidateRun(OptimizeAnythingOptions options, bool hasSeed)
    {
        var o = options;
        ValidateServer(o);
        if (o.ReflectionModel is null)
        {
            throw new ArgumentException($"{nameof(OptimizeAnythingOptions)}.{nameof(o.ReflectionModel)} is required: it reads the side information and proposes new candidates.", nameof(options));
        }

        if (o.Engine is not (OptimizeAnythingConstants.GepaEngine or OptimizeAnythingConstants.BestOfNEngine))
        {
            throw new ArgumentException($"{nameof(OptimizeAnythingOptions)}.{nameof(o.Engine)} is '{o.Engine}'; the engines are '{OptimizeAnythingConstants.GepaEngine}' and '{OptimizeAnythingConstants.BestOfNEngine}'.", nameof(options));
        }

        if (!hasSeed && string.IsNullOrWhiteSpace(o.Objective))
        {
            throw new ArgumentException($"There is no seed candidate and no {nameof(OptimizeAnythingOptions)}.{nameof(o.Objective)}: give a seed, or an objective from which the reflection model writes the first candidate.", nameof(options));
        }

        if ((o.Gepa.ReflectionPromptTemplate is not null || o.Gepa.ComponentReflectionPromptTemplates.Count > 0)
            && (!string.IsNullOrWhiteSpace(o.Objective) || !string.IsNullOrWhiteSpace(o.Background)))
        {
            throw new ArgumentException($"A custom reflection template cannot be combined with {nameof(o.Objective)} or {nameof(o.Background)}: the template built from them would be ignored. Put the objective into your template, or remove the template.", nameof(options));
        }

        if (o.StopAtScore is { } s && !double.IsFinite(s))
        {
            throw new ArgumentException($"{nameof(OptimizeAnythingOptions)}.{nameof(o.StopAtScore)} must be a finite number.", nameof(options));
        }
    }

    private static void Range(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
#pragma warning disable CA2208 // The option's name is the useful one; the parameter is the options object.
            throw new ArgumentOutOfRangeException(name, value, $"{nameof(OptimizeAnythingOptions)}.{name} must be between {min} and {max}; it is {value}.");
#pragma warning restore CA2208
        }
    }
}
