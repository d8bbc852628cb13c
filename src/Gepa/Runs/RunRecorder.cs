using System.Globalization;
using System.Text.Json;

namespace Gepa;

/// <summary>Turns the engine's callbacks into a run directory's journals: every event into <c>events.jsonl</c>, every
/// proposal into a <see cref="ProposalRecord"/>, and every checkpoint into <c>state.json</c> and the files derived from it.</summary>
/// <remarks>Proposal records are held until the next checkpoint and written with it, so that <c>candidates.jsonl</c> only
/// ever holds the records of finished iterations; an iteration abandoned by Ctrl+C or a crash is recorded when it is run
/// again.</remarks>
internal sealed class RunRecorder(GepaRunDirectory directory, GepaOptions options, int rolloutsSoFar)
{
    private ProposalRecord? _current;
    private int _rollouts = rolloutsSoFar;

    /// <summary>Subscribes the recorder after every subscriber already on <paramref name="callbacks"/>.</summary>
    /// <param name="callbacks">The engine callbacks.</param>
    public void Attach(GepaCallbacks callbacks)
    {
        On(callbacks.OnOptimizationStart, OnStart);
        On(callbacks.OnOptimizationEnd, OnEnd);
        On(callbacks.OnIterationStart, a =>
        {
            _current = null;
            Event("iteration-start", a.Iteration);
        });
        On(callbacks.OnIterationEnd, a =>
        {
            _current = null;
            Event("iteration-end", a.Iteration, e => e.Accepted = a.ProposalAccepted);
        });
        On(callbacks.OnCandidateSelected, a =>
        {
            _current = new ProposalRecord { Kind = ProposalRecord.MutationKind, Iteration = a.Iteration, Parents = [a.CandidateIndex] };
            Event("candidate-selected", a.Iteration, e => (e.Candidate, e.Score) = (a.CandidateIndex, a.Score));
        });
        On(callbacks.OnMinibatchSampled, a =>
        {
            _current?.Minibatch = [.. a.MinibatchIds];
            Event("minibatch", a.Iteration, e => e.Examples = [.. a.MinibatchIds]);
        });
        On(callbacks.OnEvaluationEnd, a =>
        {
            if (_current is { Kind: ProposalRecord.MutationKind } p)
            {
                if (a.CandidateIndex is null)
                {
                    p.ChildScores = ChildScoresInMinibatchOrder(p.Minibatch, p.ChildScores, a.ExampleIds, a.Scores);
                }
                else
                {
                    p.ParentScores = [.. a.Scores];
                }
            }

            Event("evaluation", a.Iteration, e => (e.Candidate, e.Examples, e.Scores) = (a.CandidateIndex, [.. a.ExampleIds], [.. a.Scores]));
        });
        On(callbacks.OnEvaluationSkipped, a =>
        {
            _current = null; // no proposal was made
            Event("evaluation-skipped", a.Iteration, e => (e.Candidate, e.Reason) = (a.CandidateIndex, a.Reason));
        });
        On(callbacks.OnReflectiveDatasetBuilt, a =>
        {
            if (_current is { } p)
            {
                p.Components = [.. a.Components];
                p.ReflectiveRecords = ReflectiveJson.ToJson(a.Dataset, a.Components);
            }

            Event("reflective-dataset", a.Iteration, e => (e.Candidate, e.Components) = (a.CandidateIndex, [.. a.Components]));
        });
        On(callbacks.OnProposalStart, a =>
            Event("proposal-start", a.Iteration, e => (e.Candidate, e.Components) = (a.ParentIndex, [.. a.Components])));
        On(callbacks.OnProposalEnd, a =>
        {
            if (_current is { } p)
            {
                p.Components = [.. a.NewTexts.Keys];
                p.Texts = a.NewTexts.ToDictionary(StringComparer.Ordinal);
                p.Prompts = a.Prompts.ToDictionary(StringComparer.Ordinal);
                p.RawReplies = a.RawReplies.ToDictionary(StringComparer.Ordinal);
            }

            Event("proposal-end", a.Iteration, e => (e.Candidate, e.Components) = (a.ParentIndex, [.. a.NewTexts.Keys]));
        });
        On(callbacks.OnProposalFailed, a =>
        {
            var p = _current ?? new ProposalRecord { Kind = ProposalRecord.MutationKind, Iteration = a.Iteration, Parents = [a.ParentIndex] };
            p.Components = [a.Component];
            Decide(p, ProposalRecord.Failed, a.Reason);
            Event("proposal-failed", a.Iteration, e => (e.Candidate, e.Components, e.Reason) = (a.ParentIndex, [a.Component], a.Reason));
        });
        On(callbacks.OnCandidateRejected, a =>
        {
            if (_current is { Kind: ProposalRecord.MutationKind } p)
            {
                p.ParentSum = Finite(a.OldScore);
                p.ChildSum = Finite(a.NewScore);
                Decide(p, ProposalRecord.Rejected, a.Reason);
            }

            Event("candidate-rejected", a.Iteration, e => (e.Score, e.Reason) = (Finite(a.NewScore), a.Reason));
        });
        On(callbacks.OnValsetEvaluated, a =>
        {
            var scores = a.Scores.ToDictionary();
            if (a.Iteration == 0 && a.CandidateIndex == 0 && _current is null)
            {
                _rollouts = Math.Max(_rollouts, scores.Count);
                Decide(new ProposalRecord
                {
                    Kind = ProposalRecord.SeedKind,
                    CandidateIndex = 0,
                    ValScore = a.AverageScore,
                    ValScores = scores,
                }, ProposalRecord.Accepted, "the seed candidate");
            }
            else if (_current is { } p)
            {
                p.CandidateIndex = a.CandidateIndex;
                p.ValScore = a.AverageScore;
                p.ValScores = scores;
            }

            Event("valset-evaluated", a.Iteration, e => (e.Candidate, e.Score) = (a.CandidateIndex, a.AverageScore));
        });
        On(callbacks.OnCandidateAccepted, a =>
        {
            if (_current is { } p)
            {
                p.CandidateIndex = a.NewCandidateIndex;
                p.ChildSum = a.MinibatchScoreAfter;
                if (p.Kind == ProposalRecord.MutationKind)
                {
                    p.ParentSum = p.ParentScores?.Sum();
                    var verb = options.AcceptanceCriterion == AcceptanceCriterion.StrictImprovement ? "is above" : "is not below";
                    Decide(p, ProposalRecord.Accepted, $"minibatch score {F(a.MinibatchScoreAfter)} {verb} the parent's {F(p.ParentSum ?? double.NaN)}");
                }
                else
                {
                    Decide(p, ProposalRecord.Accepted, $"the merge scored {F(a.MinibatchScoreAfter)} on a validation subsample, at least as much as its better parent");
                }
            }

            Event("candidate-accepted", a.Iteration, e => (e.Candidate, e.Score, e.Parents) = (a.NewCandidateIndex, a.ValScore, [.. a.ParentIds]));
        });
        On(callbacks.OnMergeAttempted, a =>
        {
            _current = new ProposalRecord
            {
                Kind = ProposalRecord.MergeKind,
                Iteration = a.Iteration,
                Parents = [.. a.ParentIds],
                Ancestor = a.AncestorIndex,
                Components = [.. a.Merged.ComponentNames],
                Texts = a.Merged.ToDictionary(StringComparer.Ordinal),
            };
            Event("merge-attempted", a.Iteration, e => (e.Parents, e.Candidate) = ([.. a.ParentIds], a.AncestorIndex));
        });
        On(callbacks.OnMergeAccepted, a =>
            Event("merge-accepted", a.Iteration, e => (e.Candidate, e.Parents) = (a.NewCandidateIndex, [.. a.ParentIds])));
        On(callbacks.OnMergeRejected, a =>
        {
            var p = _current is { Kind: ProposalRecord.MergeKind } m ? m : new ProposalRecord { Kind = ProposalRecord.MergeKind, Iteration = a.Iteration, Parents = [.. a.ParentIds] };
            p.ParentSum = Finite(a.ParentScore);
            p.ChildSum = Finite(a.MergedScore);
            var why = double.IsNaN(a.MergedScore)
                ? "the merged candidate is identical to one already in the pool, so it was not evaluated"
                : $"the merge scored {F(a.MergedScore)} on a validation subsample, below its better parent's {F(a.ParentScore)}";
            Decide(p, ProposalRecord.Rejected, why);
            Event("merge-rejected", a.Iteration, e => (e.Parents, e.Score, e.Reason) = ([.. a.ParentIds], Finite(a.MergedScore), why));
        });
        On(callbacks.OnParetoFrontUpdated, a =>
            Event("pareto-front", a.Iteration, e => (e.Front, e.Parents) = ([.. a.NewFront], a.Displaced.Count > 0 ? [.. a.Displaced] : null)));
        On(callbacks.OnBudgetUpdated, a =>
        {
            _rollouts = a.Used;
            Event("rollouts", null, e => (e.Rollouts, e.Delta, e.Budget) = (a.Used, a.Delta, a.Max));
        });
        On(callbacks.OnError, a =>
            Event("error", a.Iteration, e => e.Message = $"{a.Exception.GetType().Name}: {a.Exception.Message}"));
        On(callbacks.OnCheckpoint, cp =>
        {
            _rollouts = cp.TotalMetricCalls;
            directory.SaveCheckpoint(cp);
        });
    }

    private static double? Finite(double d) => double.IsFinite(d) ? d : null;

    private static string F(double d) => d.ToString("0.####", CultureInfo.InvariantCulture);

    // The unused first argument only lets the compiler infer T from the property being set.
    private static void On<T>(GepaEvent<T> e, Action<T> handler) => e.Subscribe(a =>
    {
        handler(a);
        return ValueTask.CompletedTask;
    });

    private void OnStart(OptimizationStartArgs a)
    {
        var resumed = directory.State is { } s;
        Event("start", null, e =>
        {
            e.Message = resumed
                ? $"session {directory.Session}: resumed from the checkpoint after iteration {directory.State!.Checkpoint.Iteration + 1}"
                : $"session {directory.Session}: started ({a.TrainsetSize} train / {a.ValsetSize} val examples)";
            e.Rollouts = _rollouts;
            e.Budget = options.MaxMetricCalls;
        });
    }

    private void OnEnd(OptimizationEndArgs a) =>
        Event("end", a.TotalIterations, e => (e.Candidate, e.Rollouts, e.Reason) = (a.BestCandidateIndex, a.TotalMetricCalls, a.StopReason.ToString()));

    private void Decide(ProposalRecord record, string decision, string reason)
    {
        record.Decision = decision;
        record.Reason = reason;
        record.Rollouts = _rollouts;
        directory.AddRecord(record);
        _current = null;
    }

    private void Event(string name, int? iteration, Action<RunEvent>? fill = null)
    {
        var e = new RunEvent { Event = name, Iteration = iteration };
        fill?.Invoke(e);
        directory.WriteEvent(e);
    }

    /// <summary>Places a child's scores at their examples' positions in the minibatch: a child can be scored in two parts
    /// (where its parent failed first, under the focused minibatch) or only in part (when it was stopped early), and the
    /// record must still read position by position against <see cref="ProposalRecord.Minibatch"/>.</summary>
    private static List<double?> ChildScoresInMinibatchOrder(List<int>? minibatch, List<double?>? sofar, IReadOnlyList<int> ids, IReadOnlyList<double> scores)
    {
        if (minibatch is null || ids.SequenceEqual(minibatch))
        {
            return [.. scores.Select(s => (double?)s)];
        }

        var placed = sofar ?? [.. minibatch.Select(_ => (double?)null)];
        for (var m = 0; m < ids.Count; m++)
        {
            var j = Enumerable.Range(0, minibatch.Count).FirstOrDefault(j => minibatch[j] == ids[m] && placed[j] is null, -1);
            if (j >= 0)
            {
                placed[j] = scores[m];
            }
        }

        return placed;
    }
}
