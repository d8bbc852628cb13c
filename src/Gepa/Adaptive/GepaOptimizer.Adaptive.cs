namespace Gepa;

/// <content>The adaptive budget policy's part of a run: racing validation, the component bandit and the
/// diversity-triggered merge. Run.cs calls into it at a few marked places; with <see cref="BudgetPolicy.Fixed"/> and
/// no part switched on, none of this runs and the run is the reference's.</content>
public sealed partial class GepaOptimizer<TExample>
{
    private sealed partial class Run
    {
        private AdaptiveController? _adaptive;

        /// <summary>Whether the diversity trigger may start a merge now: the part is on, the pool has changed since the
        /// trigger last found nothing, and merges are within their share of the budget.</summary>
        private bool DiversityMergeIsDue =>
            _adaptive is { DiversityMerge: true } a
            && _state.Count >= 3
            && _state.Count > a.State.MergeCheckedAtPoolSize
            && DiversityMergeTrigger.BudgetAllows(a.State.MergeRollouts, _state.TotalMetricCalls, a.Options.MaxMergeBudgetShare);

        private void InitializeAdaptive() => _adaptive = AdaptiveController.Create(_o, _seed.ComponentNames, _valset.Count);

        /// <summary>Asks the diversity trigger for a merge of the most diverse front pair that has a usable ancestor.</summary>
        private MergePlan? ProposeDiversityMerge(int number)
        {
            var a = _adaptive!;
            var pairs = DiversityMergeTrigger.DiversePairs(_state, _state.SelectionScores(), a.Options.MergeDiversityThreshold);
            var plan = pairs.Count == 0 ? null : _merge.Propose([.. pairs.Select(p => (p.I, p.J))]);
            if (plan is null)
            {
                a.State.MergeCheckedAtPoolSize = _state.Count;
                return null;
            }

            a.State.MergesTriggered++;
            Log.DiversityMerge(_run.Logger, number, plan.I, plan.J, pairs.First(p => p.I == plan.I && p.J == plan.J).Diversity);
            return plan;
        }

        /// <summary>The adaptive policy's state for the checkpoint, or nothing when no part is on.</summary>
        private void SnapshotAdaptive(GepaCheckpoint checkpoint)
        {
            if (_adaptive is { } a)
            {
                checkpoint.PolicyState[AdaptiveState.CheckpointKey] = a.State.ToJson();
            }
        }

        private void RestoreAdaptive(GepaCheckpoint checkpoint)
        {
            if (_adaptive is { } a && checkpoint.PolicyState.TryGetValue(AdaptiveState.CheckpointKey, out var json))
            {
                a.Restore(AdaptiveState.FromJson(json));
            }
        }
    }
}
