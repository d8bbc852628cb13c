using System.Globalization;
using System.Text;
using System.Text.Json;
using Gepa.Programs;

namespace Gepa;

/// <summary>Lets the GEPA engine optimize every step of an <see cref="LmProgram{TExample, TOutput}"/>: each step is a
/// component, traces come from the step calls, feedback from one metric call per rollout.</summary>
/// <typeparam name="TExample">The example type.</typeparam>
/// <typeparam name="TOutput">The program's output type.</typeparam>
/// <remarks>
/// <para><b>Rollouts.</b> Each example runs with its own <see cref="StepContext"/> (also made ambient through
/// <see cref="GepaTrace"/>), at most <see cref="ProgramAdapterOptions.MaxDegreeOfParallelism"/> at a time; results are
/// in batch order. Traces are recorded only when the engine asks for them, and the metric is then told
/// <see cref="MetricContext.WantsFeedback"/>.</para>
/// <para><b>Failures.</b> A reply that does not parse (<see cref="StepFormatException"/>) scores
/// <see cref="ProgramAdapterOptions.FailureScore"/> and becomes a record with the raw reply and the expected schema. A
/// transport failure (HTTP errors, 429, 5xx, time-outs: <see cref="TransientFailure.IsTransient"/>) or a cancellation
/// propagates unchanged: it is not the candidate's fault, and the client's retry middleware or the engine's policy
/// deals with it. Any other exception from the program or the metric propagates as an
/// <see cref="ExampleEvaluationException"/>, unless <see cref="ProgramAdapterOptions.ScoreProgramErrors"/> scores
/// program errors as failures.</para>
/// <para><b>Checkpoints.</b> Outputs and traces are written to checkpoints (<see cref="IEvaluationSerializer"/>), so a
/// resumed run with the evaluation cache on finds its cached minibatches with their traces and pays for none again.</para>
/// <para><b>Records.</b> Per requested component, per rollout that called the step: the calls chosen by the step's
/// <see cref="StepCallSelection"/> (a call that failed to parse always), each with <c>Inputs</c> (the rendered fields),
/// <c>Generated Outputs</c> and <c>Feedback</c> (the step's own feedback, else the program-level feedback, else the
/// score). A rollout that never reached the step adds nothing; a component with no records is left out, and the
/// engine skips it.</para>
/// </remarks>
public sealed partial class ProgramAdapter<TExample, TOutput> : IGepaAdapter<TExample>
{
    private readonly LmProgram<TExample, TOutput> _program;
    private readonly ProgramMetric<TExample, TOutput> _metric;
    private readonly int _parallelism;
    private readonly double _failureScore;
    private readonly StepCallSelection _selection;
    private readonly Dictionary<string, StepCallSelection> _stepSelections;
    private readonly bool _scoreProgramErrors;
    private readonly bool _pipelineContext;
    private readonly HashSet<string> _stepNames;

    /// <summary>Initializes the adapter.</summary>
    /// <param name="program">The program.</param>
    /// <param name="metric">Scores a rollout.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range, or a per-step selection names no step.</exception>
    public ProgramAdapter(LmProgram<TExample, TOutput> program, ProgramMetric<TExample, TOutput> metric, ProgramAdapterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(metric);
        options ??= new ProgramAdapterOptions();
        if (options.MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, $"ProgramAdapterOptions.MaxDegreeOfParallelism must be at least 1; it is {options.MaxDegreeOfParallelism}.");
        }

        if (!double.IsFinite(options.FailureScore))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FailureScore, "ProgramAdapterOptions.FailureScore must be a finite number.");
        }

        _program = program;
        _metric = metric;
        _stepNames = [.. program.Steps.Select(s => s.Name)];
        foreach (var name in options.StepCallSelections.Keys.Where(n => !_stepNames.Contains(n)))
        {
            throw new ArgumentException($"ProgramAdapterOptions.StepCallSelections names '{name}', which is not a step of {program.GetType().Name}; its steps are: {string.Join(", ", _stepNames)}.", nameof(options));
        }

        _parallelism = options.MaxDegreeOfParallelism;
        _failureScore = options.FailureScore;
        _selection = options.CallSelection ?? StepCallSelection.Last;
        _stepSelections = new(options.StepCallSelections, StringComparer.Ordinal);
        _scoreProgramErrors = options.ScoreProgramErrors;
        _pipelineContext = options.IncludePipelineContext;
    }

    /// <inheritdoc/>
    public async ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<TExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(candidate);
        var results = new ProgramTrajectory[batch.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), parallel, async (i, token) =>
            results[i] = await RunOneAsync(i, batch[i], candidate, captureTraces, token));

        var objectiveNames = results.Where(r => r.Score is not null).SelectMany(r => r.Score!.Objectives.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        IReadOnlyList<IReadOnlyDictionary<string, double>>? objectives = objectiveNames.Count == 0
            ? null
            : [.. results.Select(r => (IReadOnlyDictionary<string, double>)objectiveNames.ToDictionary(n => n, n => r.Score is not null && r.Score.Objectives.TryGetValue(n, out var v) ? v : _failureScore, StringComparer.Ordinal))];
        return new EvaluationBatch(
            scores: [.. results.Select(r => r.Score?.Score ?? _failureScore)],
            outputs: [.. results.Select(r => r.Output)],
            traces: captureTraces ? [.. results] : null,
            objectiveScores: objectives);
    }

    /// <inheritdoc/>
    public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<TExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(components);
        var traces = evaluation.Traces
            ?? throw new ArgumentException("The evaluation has no traces; evaluate with captureTraces: true before building a reflective dataset.", nameof(evaluation));
        var dataset = new ReflectiveDataset();
        foreach (var component in components)
        {
            if (!candidate.ContainsKey(component))
            {
                throw new ArgumentException($"The candidate has no component named '{component}'; its components are: {string.Join(", ", candidate.ComponentNames)}.", nameof(components));
            }

            var step = _program.Steps.FirstOrDefault(s => s.Name == component);
            if (step is null)
            {
                continue;
            }

            var records = new List<ReflectiveRecord>();
            for (var i = 0; i < traces.Count; i++)
            {
                // The engine's own failure trace (EvaluationFailure) has no step calls: nothing to reflect on.
                if (traces[i] is not ProgramTrajectory trajectory)
                {
                    continue;
                }

                var selection = _stepSelections.GetValueOrDefault(component) ?? _selection;
                foreach (var call in selection.Select(trajectory.Trace.CallsOf(component)))
                {
                    records.Add(ToRecord(call, trajectory));
                }
            }

            if (records.Count == 0)
            {
                continue;
            }

            if (_pipelineContext)
            {
                records[0][ProgramAdapterConstants.PipelineKey] = PipelineContext(step, candidate);
            }

            dataset.Add(component, records);
        }

        return ValueTask.FromResult(dataset);
    }

    private static bool IsNotCandidateFault(Exception ex, CancellationToken token) =>
        ex is OperationCanceledException && token.IsCancellationRequested || TransientFailure.IsTransient(ex);

    private async Task<ProgramTrajectory> RunOneAsync(int index, TExample example, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
    {
        var trace = captureTraces ? new ProgramTrace() : ProgramTrace.Empty;
        var context = new StepContext(candidate, trace);
        TOutput output;
        using (GepaTrace.Use(context))
        {
            try
            {
                output = await _program.RunRolloutAsync(example, context, cancellationToken);
            }
            catch (StepFormatException ex)
            {
                return new ProgramTrajectory(trace, null, null, ex);
            }
            catch (Exception ex) when (!IsNotCandidateFault(ex, cancellationToken) && ex is not ExampleEvaluationException)
            {
                if (_scoreProgramErrors)
                {
                    return new ProgramTrajectory(trace, null, null, ex);
                }

                throw new ExampleEvaluationException(index.ToString(CultureInfo.InvariantCulture), $"The program threw {ex.GetType().Name} on example {index} of the batch: {ex.Message}", ex);
            }
        }

        ProgramScore score;
        try
        {
            score = await _metric(example, output, trace, new MetricContext(captureTraces, candidate), cancellationToken);
        }
        catch (Exception ex) when (!IsNotCandidateFault(ex, cancellationToken))
        {
            throw new ExampleEvaluationException(index.ToString(CultureInfo.InvariantCulture), $"The metric threw {ex.GetType().Name} on example {index} of the batch: {ex.Message}", ex);
        }

        if (score is null)
        {
            throw new ExampleEvaluationException(index.ToString(CultureInfo.InvariantCulture), $"The metric returned null for example {index} of the batch; return a ProgramScore.", null);
        }

        var unknown = score.StepFeedback.Keys.FirstOrDefault(k => !_stepNames.Contains(k));
        if (unknown is not null)
        {
            throw new ExampleEvaluationException(index.ToString(CultureInfo.InvariantCulture), $"The metric gave feedback for '{unknown}', which is not a step of {_program.GetType().Name}; its steps are: {string.Join(", ", _stepNames)}.", null);
        }

        return new ProgramTrajectory(trace, output, score, null);
    }

    private ReflectiveRecord ToRecord(StepCall call, ProgramTrajectory trajectory)
    {
        var record = new ReflectiveRecord();
        if (call.Inputs.Count == 1 && call.Inputs[0].Key == StepInputRenderer.SingleField)
        {
            record[ProgramAdapterConstants.InputsKey] = call.Inputs[0].Value;
        }
        else
        {
            var inputs = new ReflectiveRecord();
            foreach (var (name, value) in call.Inputs)
            {
                inputs[name] = value;
            }

            record[ProgramAdapterConstants.InputsKey] = inputs;
        }

        record[ProgramAdapterConstants.OutputsKey] = call.Failed || call.Output is null or string ? call.RawText : JsonSerializer.Serialize(call.Output, StepOutputParser.Options);
        record[ProgramAdapterConstants.FeedbackKey] = Feedback(call, trajectory);
        return record;
    }

    private string Feedback(StepCall call, ProgramTrajectory trajectory)
    {
        if (call.Error is { } error)
        {
            return $"Your output failed to parse ({error.Reason}). Reply with JSON matching this schema:\n{error.ExpectedSchema}";
        }

        var score = Number(_failureScore);
        return trajectory switch
        {
            { Failure: StepFormatException f } => $"This step's output is shown for context: the program stopped later, at step '{f.Step}', whose reply did not parse, and the rollout scored {score}.",
            { Failure: { } ex } => $"The program threw {(ex is RestoredProgramException r ? r.TypeName : ex.GetType().Name)} after this step ({ex.Message}), and the rollout scored {score}.",
            { Score: { } s } when s.StepFeedback.TryGetValue(call.Step, out var own) => own,
            { Score: { Feedback: { Length: > 0 } feedback } } => feedback,
            { Score: { } s } => $"This trajectory got a score of {Number(s.Score)}.",
            _ => $"This trajectory got a score of {score}.",
        };
    }

    private string PipelineContext(ProgramStep step, Candidate candidate)
    {
        var steps = _program.Steps;
        var position = steps.ToList().IndexOf(step) + 1;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"This instruction belongs to step '{step.Name}', step {position} of {steps.Count} in the program: {string.Join(" -> ", steps.Select(s => s.Name))}.\n");
        sb.Append(CultureInfo.InvariantCulture, $"Its inputs: {string.Join(", ", step.InputFields)}. Its output: {step.OutputDescription}.\n");
        var siblings = steps.Where(s => s != step).ToList();
        if (siblings.Count > 0)
        {
            sb.Append("The other steps' current instructions, for context only (they are not yours to rewrite):\n");
            foreach (var sibling in siblings)
            {
                sb.Append("### ").Append(sibling.Name).Append('\n').Append(candidate.TryGetValue(sibling.Name, out var text) ? text : sibling.Instruction).Append('\n');
            }
        }

        return sb.ToString().TrimEnd();
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
