namespace Gepa.Strategies;

/// <summary>The adaptive policy's trigger: a merge of the most diverse front pair with a usable ancestor, whenever the
/// pool has changed since the trigger last found nothing and merges are within their share of the budget.</summary>
/// <remarks>It keeps its record (merge rollouts, the pool size it last checked) in the adaptive policy's checkpointed
/// state, so it runs only in the engine with the diversity trigger on (<c>GepaOptions.Adaptive.DiversityMerge</c>, or
/// <c>BudgetPolicy.Adaptive</c>), where it is the default.</remarks>
public sealed class DiversityDrivenMergeTrigger : IMergeTrigger
{
    /// <inheritdoc/>
    public bool IsDue(IMergeContext context)
    {
        var engine = Internal(context);
        var (state, adaptive) = (engine.RunState, engine.Adaptive!);
        return state.Count >= 3
            && state.Count > adaptive.State.MergeCheckedAtPoolSize
            && DiversityMergeTrigger.BudgetAllows(adaptive.State.MergeRollouts, state.TotalMetricCalls, adaptive.Options.MaxMergeBudgetShare);
    }

    /// <inheritdoc/>
    public MergePlan? Propose(IMergeContext context)
    {
        var engine = Internal(context);
        var (state, a) = (engine.RunState, engine.Adaptive!);
        var pairs = DiversityMergeTrigger.DiversePairs(state, state.SelectionScores(), a.Options.MergeDiversityThreshold);
        var plan = pairs.Count == 0 ? null : context.ProposeFromPairs([.. pairs.Select(p => (p.I, p.J))]);
        if (plan is null)
        {
            a.State.MergeCheckedAtPoolSize = state.Count;
            return null;
        }

        a.State.MergesTriggered++;
        Log.DiversityMerge(engine.Logger, context.Iteration, plan.I, plan.J, pairs.First(p => p.I == plan.I && p.J == plan.J).Diversity);
        return plan;
    }

    /// <inheritdoc/>
    public override string ToString() => nameof(DiversityDrivenMergeTrigger);

    /// <summary>The engine's side of the context: the trigger needs the adaptive policy's state.</summary>
    private static IInternalMergeContext Internal(IMergeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context is IInternalMergeContext { Adaptive.DiversityMerge: true } engine
            ? engine
            : throw new InvalidOperationException("DiversityDrivenMergeTrigger keeps its record in the adaptive policy's state: use it with the diversity trigger on (GepaOptions.Adaptive.DiversityMerge = true, or BudgetPolicy.Adaptive), inside the engine.");
    }
}
