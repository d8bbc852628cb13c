namespace Gepa;

// CA2208: the 'parameter' named in each ArgumentException is the option the user set, which is what the message
// must point at; the validator's own parameters would tell them nothing.
#pragma warning disable CA2208

/// <summary>Checks a run's settings and inputs before any model call, with messages that name the option and the
/// accepted range. The optimizer runs these checks itself; a host calls them to refuse bad settings before it starts.</summary>
public static class GepaOptionsValidator
{
    /// <summary>Checks the options on their own, without the run's data: ranges, templates, the adaptive budget's
    /// settings, and that something stops the run.</summary>
    /// <param name="o">The options.</param>
    /// <exception cref="ArgumentException">An option is out of range; the message and <see cref="ArgumentException.ParamName"/>
    /// name it.</exception>
    public static void ValidateSettings(GepaOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.MinibatchSize < 1)
        {
            throw new ArgumentException($"{nameof(GepaOptions.MinibatchSize)} is {o.MinibatchSize}; it must be at least 1.", nameof(GepaOptions.MinibatchSize));
        }

        if (o.MaxMetricCalls is null && o.StopConditions.Count == 0)
        {
            throw new ArgumentException($"Set {nameof(GepaOptions.MaxMetricCalls)} (the rollout budget) or add a stop condition; otherwise the run never ends.", nameof(GepaOptions.MaxMetricCalls));
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
        if (o.MaxIterations is { } maxIterations)
        {
            CheckAtLeast(maxIterations, 1, nameof(GepaOptions.MaxIterations));
        }
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
            ReflectionPrompt.Validate(componentTemplate, $"{nameof(GepaOptions.ComponentReflectionPromptTemplates)}[{component}]");
        }

        AdaptiveBudgetOptionsValidator.Validate(o.Adaptive);
        ArgumentNullException.ThrowIfNull(o.TimeProvider, nameof(GepaOptions.TimeProvider));
        if (o.PriorSeedEvaluation is { } prior)
        {
            if (prior.Candidate is null || prior.Batch is null)
            {
                throw new ArgumentException($"{nameof(GepaOptions.PriorSeedEvaluation)} has no {(prior.Candidate is null ? nameof(PriorEvaluation.Candidate) : nameof(PriorEvaluation.Batch))}; give both the candidate and its evaluation, or leave the option unset.", nameof(GepaOptions.PriorSeedEvaluation));
            }

            // The seed's objective scores must cover every example for these frontiers, and the prior's examples are
            // never evaluated again: without its objective scores the seed would have none (GepaState refuses that).
            if (o.FrontierType != FrontierType.Instance && prior.Batch.Count > 0 && prior.Batch.ObjectiveScores is null)
            {
                throw new ArgumentException($"{nameof(GepaOptions.PriorSeedEvaluation)} has no objective scores, which {nameof(GepaOptions.FrontierType)} {o.FrontierType} needs for the seed; give the evaluation's objective scores, or use {nameof(FrontierType)} {nameof(FrontierType.Instance)}.", nameof(GepaOptions.PriorSeedEvaluation));
            }
        }
    }

    /// <summary>Checks that <see cref="GepaOptions.PriorSeedEvaluation"/>, when set, can stand for the first part of this
    /// run's seed evaluation: it is of the seed, and no longer than the validation set.</summary>
    /// <param name="o">The options.</param>
    /// <param name="seed">The run's seed candidate.</param>
    /// <param name="valsetSize">The number of validation examples.</param>
    /// <exception cref="ArgumentException">It does not fit; the message names the option.</exception>
    internal static void ValidatePriorSeedEvaluation(GepaOptions o, Candidate seed, int valsetSize)
    {
        if (o.PriorSeedEvaluation is not { Candidate: { } candidate, Batch: { } batch })
        {
            return;
        }

        if (!candidate.Equals(seed))
        {
            throw new ArgumentException($"{nameof(GepaOptions.PriorSeedEvaluation)} is an evaluation of another candidate (content hash {candidate.ContentHash}) than the run's seed ({seed.ContentHash}); it must be of the seed.", nameof(GepaOptions.PriorSeedEvaluation));
        }

        if (batch.Count > valsetSize)
        {
            throw new ArgumentException($"{nameof(GepaOptions.PriorSeedEvaluation)} has {batch.Count} scores; it must have at most one per validation example ({valsetSize}).", nameof(GepaOptions.PriorSeedEvaluation));
        }
    }

    /// <summary>Checks the options against a run's seed and data, as the optimizer does before its first model call:
    /// everything <see cref="ValidateSettings"/> checks, plus the minibatch size against the trainset, the budget
    /// against the cheapest possible proposal, and <see cref="GepaOptions.PriorSeedEvaluation"/> against the seed and
    /// the validation set.</summary>
    /// <param name="o">The options.</param>
    /// <param name="seed">The seed candidate.</param>
    /// <param name="trainsetSize">The number of training examples.</param>
    /// <param name="valsetSize">The number of validation examples.</param>
    /// <exception cref="ArgumentException">An option or input does not fit; the message names it and the accepted range.</exception>
    public static void Validate(GepaOptions o, Candidate seed, int trainsetSize, int valsetSize) =>
        Validate(o, seed, trainsetSize, valsetSize, resuming: false);

    /// <summary>Checks the options against a run's seed and data; a resumed run does not evaluate its seed, so it does
    /// not check <see cref="GepaOptions.PriorSeedEvaluation"/> against it.</summary>
    internal static void Validate(GepaOptions o, Candidate seed, int trainsetSize, int valsetSize, bool resuming)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(seed);
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

        // The focused minibatch replaces MinibatchSize, and takes at most the trainset (issue 18: a one-example trainset
        // was refused for a setting the run would not use).
        if (o.MinibatchSize < 1 || (o.MinibatchSize > trainsetSize && !AdaptiveController.FocusesMinibatches(o)))
        {
            throw new ArgumentException($"{nameof(GepaOptions.MinibatchSize)} is {o.MinibatchSize}; it must be between 1 and the trainset size ({trainsetSize}).", nameof(GepaOptions.MinibatchSize));
        }

        if (o.MaxMetricCalls is { } max)
        {
            // Strict: the seed's validation plus one whole proposal (two minibatches and the child's validation).
            // Reference-compatible: the seed's validation plus the two minibatches of one proposal.
            var minibatch = AdaptiveController.MinibatchSize(o, trainsetSize);
            var needed = o.StrictBudget ? (2 * valsetSize) + (2 * minibatch) : valsetSize + (2 * minibatch);
            if (max < needed)
            {
                throw new ArgumentException(
                    $"{nameof(GepaOptions.MaxMetricCalls)} is {max}; it must be at least {needed} to pay for the seed's validation ({valsetSize} rollouts) plus one proposal ({2 * minibatch} minibatch rollouts{(o.StrictBudget ? $" + {valsetSize} validation rollouts" : "")}).{(AdaptiveController.FocusesMinibatches(o) ? $" The adaptive policy's focused minibatch takes {minibatch} examples ({nameof(GepaOptions.Adaptive)}.{nameof(AdaptiveBudgetOptions.FocusedFailures)} + {nameof(GepaOptions.Adaptive)}.{nameof(AdaptiveBudgetOptions.MinibatchGuards)}): lower them, or use the fixed policy ({nameof(BudgetPolicy)}.{nameof(BudgetPolicy.Fixed)}), whose minibatch is {nameof(GepaOptions.MinibatchSize)} ({o.MinibatchSize})." : "")}",
                    nameof(GepaOptions.MaxMetricCalls));
            }
        }

        foreach (var (component, _) in o.ComponentReflectionPromptTemplates)
        {
            if (!seed.ContainsKey(component))
            {
                throw new ArgumentException(
                    $"{nameof(GepaOptions.ComponentReflectionPromptTemplates)} names the component '{component}', which the seed candidate does not have; its components are: {string.Join(", ", seed.ComponentNames)}.",
                    nameof(GepaOptions.ComponentReflectionPromptTemplates));
            }
        }

        ValidateSettings(o);
        if (!resuming)
        {
            ValidatePriorSeedEvaluation(o, seed, valsetSize);
        }
    }

    /// <summary>Checks, before anything is written, that a checkpoint can be resumed with these options and this data:
    /// the settings that decide a run's choices (seed, data sizes, selection, merge, caching…) must be those it was
    /// saved with, as the optimizer's resume requires.</summary>
    /// <param name="o">The options the run would resume with.</param>
    /// <param name="checkpoint">The saved state.</param>
    /// <param name="trainsetSize">The number of training examples.</param>
    /// <param name="valsetSize">The number of validation examples.</param>
    /// <exception cref="ArgumentException">It cannot be resumed; the message names every setting that differs.</exception>
    public static void ValidateResume(GepaOptions o, GepaCheckpoint checkpoint, int trainsetSize, int valsetSize)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var seed = checkpoint.Candidates.Count > 0 ? checkpoint.Candidates[0].ToCandidate() : throw new ArgumentException("The saved state has no candidates.", nameof(checkpoint));
        CheckpointSettings.EnsureSame(checkpoint.Settings, CheckpointSettings.Of(o, seed, trainsetSize, valsetSize));
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
