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
    // The proposals of one iteration reflect and evaluate concurrently, so their events interleave: every record is kept
    // under its proposal's id (iteration, proposal) and every handler runs under one lock.
    private readonly Dictionary<(int Iteration, int Proposal), ProposalRecord> _open = [];
    private readonly Lock _gate = new();

    // With one proposal per iteration, records and events stay as they always were: no proposal field.
    private readonly bool _several = options.Proposer is null && (options.ProposalSampling?.MaxTasks ?? 1) > 1;
    private int _rollouts = rolloutsSoFar;

    /// <summary>Subscribes the recorder after every subscriber already on <paramref name="callbacks"/>.</summary>
    /// <param name="callbacks">The engine callbacks.</param>
    public void Attach(GepaCallbacks callbacks)
    {
        On(callbacks.OnOptimizationStart, OnStart);
        On(callbacks.OnOptimizationEnd, OnEnd);
        On(callbacks.OnIterationStart, a =>
        {
            _open.Clear();
            Event("iteration-start", a.Iteration);
        });
        On(callbacks.OnIterationEnd, a =>
        {
            _open.Clear();
            Event("iteration-end", a.Iteration, e => e.Accepted = a.ProposalAccepted);
        });
        On(callbacks.OnCandidateSelected, a =>
        {
            _open[(a.Iteration, a.ProposalId ?? 0)] = new ProposalRecord { Kind = ProposalRecord.MutationKind, Iteration = a.Iteration, Proposal = Shown(a.ProposalId), Parents = [a.CandidateIndex] };
            Event("candidate-selected", a.Iteration, a.ProposalId, e => (e.Candidate, e.Score) = (a.CandidateIndex, a.Score));
        });
        On(callbacks.OnMinibatchSampled, a =>
        {
            Open(a.Iteration, a.ProposalId)?.Minibatch = [.. a.MinibatchIds];
            Event("minibatch", a.Iteration, a.ProposalId, e => e.Examples = [.. a.MinibatchIds]);
        });
        On(callbacks.OnEvaluationEnd, a =>
        {
            if (Open(a.Iteration, a.ProposalId) is { Kind: ProposalRecord.MutationKind } p)
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

            Event("evaluation", a.Iteration, a.ProposalId, e => (e.Candidate, e.Examples, e.Scores) = (a.CandidateIndex, [.. a.ExampleIds], [.. a.Scores]));
        });
        On(callbacks.OnEvaluationSkipped, a =>
        {
            _open.Remove((a.Iteration, a.ProposalId ?? 0)); // no proposal was made
            Event("evaluation-skipped", a.Iteration, a.ProposalId, e => (e.Candidate, e.Reason) = (a.CandidateIndex, a.Reason));
        });
        On(callbacks.OnReflectiveDatasetBuilt, a =>
        {
            if (Open(a.Iteration, a.ProposalId) is { } p)
            {
                p.Components = [.. a.Components];
                p.ReflectiveRecords = ReflectiveJson.ToJson(a.Dataset, a.Components);
            }

            Event("reflective-dataset", a.Iteration, a.ProposalId, e => (e.Candidate, e.Components) = (a.CandidateIndex, [.. a.Components]));
        });
        On(callbacks.OnProposalStart, a =>
            Event("proposal-start", a.Iteration, a.ProposalId, e => (e.Candidate, e.Components) = (a.ParentIndex, [.. a.Components])));
        On(callbacks.OnProposalEnd, a =>
        {
            if (Open(a.Iteration, a.ProposalId) is { } p)
            {
                p.Components = [.. a.NewTexts.Keys];
                p.Texts = a.NewTexts.ToDictionary(StringComparer.Ordinal);
                p.Prompts = a.Prompts.ToDictionary(StringComparer.Ordinal);
                p.RawReplies = a.RawReplies.ToDictionary(StringComparer.Ordinal);
            }

            Event("proposal-end", a.Iteration, a.ProposalId, e => (e.Candidate, e.Components) = (a.ParentIndex, [.. a.NewTexts.Keys]));
        });
        On(callbacks.OnProposalFailed, a =>
        {
            var p = Open(a.Iteration, a.ProposalId) ?? new ProposalRecord { Kind = ProposalRecord.MutationKind, Iteration = a.Iteration, Proposal = Shown(a.ProposalId), Parents = [a.ParentIndex] };
            p.Components = [a.Component];
            Decide(p, ProposalRecord.Failed, a.Reason);
            Event("proposal-failed", a.Iteration, a.ProposalId, e => (e.Candidate, e.Components, e.Reason) = (a.ParentIndex, [a.Component], a.Reason));
        });
        On(callbacks.OnCandidateRejected, a =>
        {
            if (Open(a.Iteration, a.ProposalId) is { Kind: ProposalRecord.MutationKind } p)
            {
                p.ParentSum = Finite(a.OldScore);
                p.ChildSum = Finite(a.NewScore);
                Decide(p, ProposalRecord.Rejected, a.Reason);
            }

            Event("candidate-rejected", a.Iteration, a.ProposalId, e => (e.Score, e.Reason) = (Finite(a.NewScore), a.Reason));
        });
        On(callbacks.OnValsetEvaluated, a =>
        {
            var scores = a.Scores.ToDictionary();
            if (a.Iteration == 0 && a.CandidateIndex == 0 && a.ProposalId is null && _open.Count == 0)
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
            else if (Open(a.Iteration, a.ProposalId) is { } p)
            {
                // Only the proposal's own candidate: a race's extension of the leader's scores belongs to no proposal.
                p.CandidateIndex = a.CandidateIndex;
                p.ValScore = a.AverageScore;
                p.ValScores = scores;
            }

            Event("valset-evaluated", a.Iteration, a.ProposalId, e => (e.Candidate, e.Score) = (a.CandidateIndex, a.AverageScore));
        });
        On(callbacks.OnCandidateAccepted, a =>
        {
            if (Open(a.Iteration, a.ProposalId) is { } p)
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

            Event("candidate-accepted", a.Iteration, a.ProposalId, e => (e.Candidate, e.Score, e.Parents) = (a.NewCandidateIndex, a.ValScore, [.. a.ParentIds]));
        });
        On(callbacks.OnMergeAttempted, a =>
        {
            _open[(a.Iteration, a.ProposalId ?? 0)] = new ProposalRecord
            {
                Kind = ProposalRecord.MergeKind,
                Iteration = a.Iteration,
                Proposal = Shown(a.ProposalId),
                Parents = [.. a.ParentIds],
                Ancestor = a.AncestorIndex,
                Components = [.. a.Merged.ComponentNames],
                Texts = a.Merged.ToDictionary(StringComparer.Ordinal),
            };
            Event("merge-attempted", a.Iteration, a.ProposalId, e => (e.Parents, e.Candidate) = ([.. a.ParentIds], a.AncestorIndex));
        });
        On(callbacks.OnMergeAccepted, a =>
            Event("merge-accepted", a.Iteration, a.ProposalId, e => (e.Candidate, e.Parents) = (a.NewCandidateIndex, [.. a.ParentIds])));
        On(callbacks.OnMergeRejected, a =>
        {
            var p = Open(a.Iteration, a.ProposalId) is { Kind: ProposalRecord.MergeKind } m ? m : new ProposalRecord { Kind = ProposalRecord.MergeKind, Iteration = a.Iteration, Proposal = Shown(a.ProposalId), Parents = [.. a.ParentIds] };
            p.ParentSum = Finite(a.ParentScore);
            p.ChildSum = Finite(a.MergedScore);
            var why = double.IsNaN(a.MergedScore)
                ? "the merged candidate is identical to one already in the pool, so it was not evaluated"
                : $"the merge scored {F(a.MergedScore)} on a validation subsample, below its better parent's {F(a.ParentScore)}";
            Decide(p, ProposalRecord.Rejected, why);
            Event("merge-rejected", a.Iteration, a.ProposalId, e => (e.Parents, e.Score, e.Reason) = ([.. a.ParentIds], Finite(a.MergedScore), why));
        });
        On(callbacks.OnParetoFrontUpdated, a =>
            Event("pareto-front", a.Iteration, e => (e.Front, e.Parents) = ([.. a.NewFront], a.Displaced.Count > 0 ? [.. a.Displaced] : null)));
        On(callbacks.OnBudgetUpdated, a =>
        {
            // Concurrent proposals spend at once and their events can arrive out of order: the count only grows.
            _rollouts = Math.Max(_rollouts, a.Used);
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

    /// <summary>The record of a proposal still open, if any; events without a proposal id are the only proposal's.</summary>
    private ProposalRecord? Open(int iteration, int? proposal) => _open.GetValueOrDefault((iteration, proposal ?? 0));

    /// <summary>The proposal id as records and events show it: only when iterations make several proposals.</summary>
    private int? Shown(int? proposal) => _several ? proposal : null;

    private static double? Finite(double d) => double.IsFinite(d) ? d : null;

    private static string F(double d) => d.ToString("0.####", CultureInfo.InvariantCulture);

    private void On<T>(GepaEvent<T> e, Action<T> handler) => e.Subscribe(a =>
    {
        lock (_gate)
        {
            handler(a);
        }

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

    private void OnEnd(OptimizationEndArgs a)
    {
        // The session's last checkpoint is written before its end is logged, so the log reads in order.
        directory.WriteLastCheckpoint();
        Event("end", a.TotalIterations, e => (e.Candidate, e.Rollouts, e.Reason) = (a.BestCandidateIndex, a.TotalMetricCalls, a.StopReason.ToString()));
    }

    private void Decide(ProposalRecord record, string decision, string reason)
    {
        record.Decision = decision;
        record.Reason = reason;
        record.Rollouts = _rollouts;
        directory.AddRecord(record);
        _open.Remove((record.Iteration, record.Proposal ?? 0));
    }

    private void Event(string name, int? iteration, Action<RunEvent>? fill = null) => Event(name, iteration, null, fill);

    private void Event(string name, int? iteration, int? proposal, Action<RunEvent>? fill = null)
    {
        var e = new RunEvent { Event = name, Iteration = iteration, Proposal = Shown(proposal) };
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
