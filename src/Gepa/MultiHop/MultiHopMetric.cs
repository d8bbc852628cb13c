using System.Globalization;
using System.Text;
using Gepa.Programs;

namespace Gepa.MultiHop;

/// <summary>Scores the multi-hop program: token F1 of the answer (SQuAD normalisation) as the score, with
/// <c>answer_f1</c> and <c>retrieval_recall</c> (gold titles retrieved over gold titles) as objectives, and feedback
/// modelled on the GEPA paper's HotpotQA feedback functions.</summary>
/// <remarks>
/// <para><b>Per-step feedback</b> (the default): <c>write_query</c> gets the gold titles found after the first hop, those
/// still missing, what its query newly found, and the text of the missing gold paragraphs; <c>summarize</c> gets the
/// ideal summary (the supporting sentences) and what its summaries left out; <c>answer</c> gets the gold answer and the
/// supporting sentences, and is told when retrieval, not it, lost the facts.</para>
/// <para><b>Program-level feedback</b> (the ablation): every step gets the same line: expected and produced answer, F1,
/// and how many gold documents were found.</para>
/// </remarks>
public sealed class MultiHopMetric
{
    /// <summary>The objective name of the answer's token F1.</summary>
    public const string AnswerF1Objective = "answer_f1";

    /// <summary>The objective name of retrieval recall.</summary>
    public const string RecallObjective = "retrieval_recall";

    private const int MaxParagraphChars = 400;
    private readonly Dictionary<string, string> _textByTitle;
    private readonly bool _perStepFeedback;

    /// <summary>Initializes the metric.</summary>
    /// <param name="corpus">The corpus, to quote missing gold paragraphs.</param>
    /// <param name="perStepFeedback">Whether each step gets its own feedback (otherwise program-level only).</param>
    public MultiHopMetric(IEnumerable<Passage> corpus, bool perStepFeedback = true)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        _textByTitle = new(StringComparer.Ordinal);
        foreach (var p in corpus)
        {
            _textByTitle.TryAdd(p.Title, p.Text);
        }

        _perStepFeedback = perStepFeedback;
    }

    /// <summary>Computes retrieval recall: the share of gold titles among the retrieved titles.</summary>
    /// <param name="gold">The gold titles.</param>
    /// <param name="retrieved">The retrieved titles.</param>
    /// <returns>A value in [0, 1]; 1 when there are no gold titles.</returns>
    public static double Recall(IReadOnlyCollection<string> gold, IEnumerable<string> retrieved)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(retrieved);
        if (gold.Count == 0)
        {
            return 1;
        }

        var found = retrieved.ToHashSet(StringComparer.Ordinal);
        return (double)gold.Count(found.Contains) / gold.Count;
    }

    /// <summary>Scores one rollout; the signature of <see cref="ProgramMetric{TExample, TOutput}"/>.</summary>
    /// <param name="example">The example.</param>
    /// <param name="prediction">The program's prediction.</param>
    /// <param name="trace">The rollout's trace.</param>
    /// <param name="context">Whether feedback is wanted.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The score.</returns>
    public ValueTask<ProgramScore> ScoreAsync(MultiHopExample example, MultiHopPrediction prediction, ProgramTrace trace, MetricContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Score(example, prediction, trace, context));

    /// <summary>Scores one rollout synchronously.</summary>
    /// <param name="example">The example.</param>
    /// <param name="prediction">The program's prediction.</param>
    /// <param name="trace">The rollout's trace.</param>
    /// <param name="context">Whether feedback is wanted.</param>
    /// <returns>The score.</returns>
    public ProgramScore Score(MultiHopExample example, MultiHopPrediction prediction, ProgramTrace trace, MetricContext context)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(context);
        var f1 = TokenF1Metric.F1(TokenF1Metric.Tokenize(prediction.Answer), TokenF1Metric.Tokenize(example.Answer));
        var retrieved = prediction.RetrievedTitles;
        var recall = Recall(example.GoldTitles, retrieved);
        var found = example.GoldTitles.Where(retrieved.Contains).ToList();
        var missing = example.GoldTitles.Where(t => !retrieved.Contains(t)).ToList();
        var programFeedback = $"Expected '{example.Answer}', got '{prediction.Answer}' (token F1 {N(f1)}); retrieval found {found.Count} of {example.GoldTitles.Count} gold documents.";
        var score = ProgramScore.Of(f1, context.WantsFeedback ? programFeedback : null)
            .WithObjective(AnswerF1Objective, f1)
            .WithObjective(RecallObjective, recall);
        if (!context.WantsFeedback || !_perStepFeedback)
        {
            return score;
        }

        return score
            .For("write_query", QueryFeedback(example, prediction, trace, missing))
            .For("summarize", SummaryFeedback(example, trace))
            .For("answer", AnswerFeedback(example, prediction, f1, missing));
    }

    private string QueryFeedback(MultiHopExample example, MultiHopPrediction prediction, ProgramTrace trace, List<string> missing)
    {
        var afterFirst = prediction.TitlesPerHop.Count > 0 ? prediction.TitlesPerHop[0] : [];
        var foundFirst = example.GoldTitles.Where(afterFirst.Contains).ToList();
        var later = prediction.TitlesPerHop.Skip(1).SelectMany(t => t).ToHashSet(StringComparer.Ordinal);
        var newlyFound = example.GoldTitles.Where(t => later.Contains(t) && !afterFirst.Contains(t)).ToList();
        var queries = trace.EventsOf("retrieve").Select(e => e.Payload).OfType<RetrievalEvent>().Where(e => e.Hop > 0).Select(e => $"'{e.Query}'").ToList();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Gold documents found by the first hop (the question itself): {List(foundFirst)}. ");
        sb.Append(CultureInfo.InvariantCulture, $"Your {(queries.Count == 1 ? "query" : "queries")} {string.Join(", ", queries)} newly found: {List(newlyFound)}. ");
        if (missing.Count == 0)
        {
            sb.Append("Every gold document was retrieved. Keep naming the bridge entity from the summary in the query.");
            return sb.ToString();
        }

        sb.Append(CultureInfo.InvariantCulture, $"Still missing after the last hop: {List(missing)}. The missing documents are:\n");
        foreach (var title in missing)
        {
            var text = _textByTitle.GetValueOrDefault(title, string.Empty);
            sb.Append(title).Append(" | ").Append(text.Length > MaxParagraphChars ? text[..MaxParagraphChars] + "…" : text).Append('\n');
        }

        sb.Append("A query that repeats the question finds the same documents again. Name the bridge entity instead: the person, company, film or city that the summary links to the question, by its exact name.");
        return sb.ToString();
    }

    private static string SummaryFeedback(MultiHopExample example, ProgramTrace trace)
    {
        var summaries = string.Join("\n", trace.CallsOf("summarize").Select(c => c.RawText));
        var ideal = string.Join(" ", example.SupportingFacts.Select(f => f.Sentence));
        var left = example.SupportingFacts.Where(f => !summaries.Contains(f.Sentence.TrimEnd('.'), StringComparison.Ordinal)).ToList();
        if (left.Count == 0)
        {
            return $"The summaries kept every supporting fact: {ideal}";
        }

        return $"The ideal summary keeps the supporting facts: {ideal} Your summaries left out: {string.Join(" ", left.Select(f => f.Sentence))} Read each passage, not only the first, and keep all facts about the entities the question names, word for word with their full names; the next query needs the bridge entity.";
    }

    private static string AnswerFeedback(MultiHopExample example, MultiHopPrediction prediction, double f1, List<string> missing)
    {
        if (f1 >= 1)
        {
            return $"Correct: '{example.Answer}'.";
        }

        var support = string.Join(" ", example.SupportingFacts.Select(f => f.Sentence));
        return missing.Count > 0
            ? $"The gold answer is '{example.Answer}'; you answered '{prediction.Answer}'. The notes lacked the supporting facts ({List(missing)} {(missing.Count == 1 ? "was" : "were")} not retrieved), so this miss is mostly not this step's fault. The facts were: {support} Reply with the answer span only."
            : $"The gold answer is '{example.Answer}'; you answered '{prediction.Answer}'. The supporting facts were: {support} Reply with the answer span only: the name, place or year, with no sentence around it.";
    }

    private static string List(List<string> titles) => titles.Count == 0 ? "none" : string.Join("; ", titles);

    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
