namespace Gepa;

/// <summary>The <c>gepa</c> engine: the existing reflective Pareto loop, run on <see cref="AnythingAdapter"/>, with the
/// budget set to what the server has left, the objective-aware reflection template, and the run directory's state,
/// candidates and summary so that the run can be resumed and reported like a prompt run.</summary>
internal sealed class GepaAnythingEngine : IAnythingEngine
{
    public async Task<AnythingEngineOutcome> RunAsync(AnythingRun run, CancellationToken cancellationToken)
    {
        var o = run.Options.Gepa;
        var saved = (o.MaxMetricCalls, o.ReflectionPromptTemplate, o.MinibatchSize, o.StopConditions.Count);
        try
        {
            var adapter = new AnythingAdapter(run.Server, run.Images, run.Options.ShowScoreToReflection && !run.Options.ReferencePrompts);
            if (o.ReflectionPromptTemplate is null && o.ComponentReflectionPromptTemplates.Count == 0)
            {
                o.ReflectionPromptTemplate = OptimizeAnythingPrompts.ReflectionTemplate(run.Options.Objective, run.Options.Background, run.Options.ReferencePrompts);
            }

            if (run.SingleTask)
            {
                o.MinibatchSize = 1; // the reference's single-task default: the one "example" is the whole task
            }
            else
            {
                o.MinibatchSize = Math.Min(o.MinibatchSize, run.Train.Count);
            }

            if (run.Options.StopAtScore is { } target)
            {
                o.StopConditions.Add(StopConditions.ScoreThreshold(target));
            }

            var optimizer = new GepaOptimizer<AnythingItem>(adapter, run.ReflectionModel, o, run.Options.Logger);
            GepaResult result;
            if (run.Options.RunDirectory is { } path)
            {
                var resuming = GepaRunDirectory.Exists(path);
                var state = resuming ? GepaRunDirectory.ReadState(path) : null;

                // Evaluations made after the last checkpoint were paid for but are made again on resume: the engine's budget
                // shrinks by them so that it never asks the server for more than the server has.
                var lost = state is null ? 0 : Math.Max(0, run.Server.Status.Used - state.Checkpoint.TotalMetricCalls);
                o.MaxMetricCalls = run.Options.MaxEvaluations - (state is null ? run.Server.Status.Used : lost);
                var directoryOptions = run.Options.RunDirectoryOptions ?? new GepaRunDirectoryOptions { Producer = "Gepa.OptimizeAnything" };
                using var directory = resuming ? GepaRunDirectory.Open(path, directoryOptions) : GepaRunDirectory.Create(path, directoryOptions);
                directory.Attach(o);
                result = await directory.RunAsync(optimizer, run.Seed, run.Train, run.Val, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                o.MaxMetricCalls = run.Server.Status.Remaining;
                result = await optimizer.OptimizeAsync(run.Seed, run.Train, run.Val, cancellationToken).ConfigureAwait(false);
            }

            return new AnythingEngineOutcome(result.BestCandidate, result.BestScore, result.StopReason.ToString(), result.StopMessage, result);
        }
        catch (GepaEvaluationException e) when (e.InnerException is EvaluatorFailureException stop)
        {
            throw stop;
        }
        finally
        {
            (o.MaxMetricCalls, o.ReflectionPromptTemplate, o.MinibatchSize) = (saved.MaxMetricCalls, saved.ReflectionPromptTemplate, saved.MinibatchSize);
            while (o.StopConditions.Count > saved.Count)
            {
                o.StopConditions.RemoveAt(o.StopConditions.Count - 1);
            }
        }
    }
}
