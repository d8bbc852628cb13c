namespace Gepa;

// CA2208: the 'parameter' named in each ArgumentException is the option the user set, which is what the message
// must point at; the validator's own parameters would tell them nothing.
#pragma warning disable CA2208

/// <summary>Checks a run's settings and inputs before any model call, with messages that name the option and the
/// accepted range.</summary>
internal static class GepaOptionsValidator
{
    public static void Validate(GepaOptions o, Candidate seed, int trainsetSize, int valsetSize)
    {
        if (seed.Count == 0)
        {
            throw new ArgumentException("The seed candidate has no components; give it at least one (name → text).", nameof(seed));
        }

        if (trainsetSize == 0)
        {
            throw new ArgumentException("The trainset is empty; reflection needs at least one training example.", "trainset");
        }

        if (valsetSize == 0)
        {
            throw new ArgumentException("The valset is empty; candidates are selected on it, so it needs at least one example.", "valset");
        }

        if (o.MinibatchSize < 1 || o.MinibatchSize > trainsetSize)
        {
            throw new ArgumentException($"{nameof(GepaOptions.MinibatchSize)} is {o.MinibatchSize}; it must be between 1 and the trainset size ({trainsetSize}).", nameof(GepaOptions.MinibatchSize));
        }

        if (o.MaxMetricCalls is null && o.StopConditions.Count == 0)
        {
            throw new ArgumentException($"Set {nameof(GepaOptions.MaxMetricCalls)} (the rollout budget) or add a stop condition; otherwise the run never ends.", nameof(GepaOptions.MaxMetricCalls));
        }

        if (o.MaxMetricCalls is { } max)
        {
            // Strict: the seed's validation plus one whole proposal (two minibatches and the child's validation).
            // Reference-compatible: the seed's validation plus the two minibatches of one proposal.
            var minibatch = AdaptiveController.MinibatchSize(o);
            var needed = o.StrictBudget ? (2 * valsetSize) + (2 * minibatch) : valsetSize + (2 * minibatch);
            if (max < needed)
            {
                throw new ArgumentException(
                    $"{nameof(GepaOptions.MaxMetricCalls)} is {max}; it must be at least {needed} to pay for the seed's validation ({valsetSize} rollouts) plus one proposal ({2 * minibatch} minibatch rollouts{(o.StrictBudget ? $" + {valsetSize} validation rollouts" : "")}).",
                    nameof(GepaOptions.MaxMetricCalls));
            }
        }

        CheckRange(o.Epsilon, 0, 1, nameof(GepaOptions.Epsilon));
        CheckAtLeast(o.TopK, 1, nameof(GepaOptions.TopK));
        CheckAtLeast(o.MaxConcurrentProposals, 0, nameof(GepaOptions.MaxConcurrentProposals));
        if (o.EvaluationPolicy is not null and not Gepa.Strategies.FullEvaluationPolicy && o.FrontierType != FrontierType.Instance)
        {
            throw new ArgumentException($"{nameof(GepaOptions.EvaluationPolicy)} may score candidates on part of the validation set, which needs {nameof(GepaOptions.FrontierType)} {nameof(FrontierType.Instance)}; it is {o.FrontierType}.", nameof(GepaOptions.EvaluationPolicy));
        }

        CheckAtLeast(o.MaxMergeInvocations, 0, nameof(GepaOptions.MaxMergeInvocations));
        CheckAtLeast(o.MergeValOverlapFloor, 0, nameof(GepaOptions.MergeValOverlapFloor));
        CheckAtLeast(o.ReflectionRetries, 0, nameof(GepaOptions.ReflectionRetries));
        CheckAtLeast(o.MaxConsecutiveFailures, 1, nameof(GepaOptions.MaxConsecutiveFailures));
        CheckAtLeast(o.MaxIdleIterations, 1, nameof(GepaOptions.MaxIdleIterations));
        if (!double.IsFinite(o.PerfectScore))
        {
            throw new ArgumentException($"{nameof(GepaOptions.PerfectScore)} is {o.PerfectScore}; it must be a finite number.", nameof(GepaOptions.PerfectScore));
        }

        if (o.ReflectionRetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(GepaOptions.ReflectionRetryDelay)} is {o.ReflectionRetryDelay}; it must not be negative.", nameof(GepaOptions.ReflectionRetryDelay));
        }

        if (o.ReflectionPromptTemplate is { } template)
        {
            ReflectionPrompt.Validate(template, nameof(GepaOptions.ReflectionPromptTemplate));
        }

        foreach (var (component, componentTemplate) in o.ComponentReflectionPromptTemplates)
        {
            if (!seed.ContainsKey(component))
            {
                throw new ArgumentException(
                    $"{nameof(GepaOptions.ComponentReflectionPromptTemplates)} names the component '{component}', which the seed candidate does not have; its components are: {string.Join(", ", seed.ComponentNames)}.",
                    nameof(GepaOptions.ComponentReflectionPromptTemplates));
            }

            ReflectionPrompt.Validate(componentTemplate, $"{nameof(GepaOptions.ComponentReflectionPromptTemplates)}[{component}]");
        }

        AdaptiveBudgetOptionsValidator.Validate(o.Adaptive);
        ArgumentNullException.ThrowIfNull(o.TimeProvider, nameof(GepaOptions.TimeProvider));
    }

    private static void CheckRange(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentException($"{name} is {value}; it must be between {min} and {max}.", name);
        }
    }

    private static void CheckAtLeast(int value, int min, string name)
    {
        if (value < min)
        {
            throw new ArgumentException($"{name} is {value}; it must be at least {min}.", name);
        }
    }
}
