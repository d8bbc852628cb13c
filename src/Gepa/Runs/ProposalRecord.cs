using System.Text.Json;

namespace Gepa;

/// <summary>One line of a run directory's <c>candidates.jsonl</c>: the seed, or one proposal (a reflective mutation or a
/// merge), accepted or not, with what it was built from and why it was kept or dropped.</summary>
public sealed class ProposalRecord
{
    /// <summary>The kind of the seed record.</summary>
    public const string SeedKind = "seed";

    /// <summary>The kind of a reflective mutation.</summary>
    public const string MutationKind = "mutation";

    /// <summary>The kind of a merge.</summary>
    public const string MergeKind = "merge";

    /// <summary>The decision of a proposal that joined the pool.</summary>
    public const string Accepted = "accepted";

    /// <summary>The decision of a proposal that did not join the pool.</summary>
    public const string Rejected = "rejected";

    /// <summary>The decision of a proposal the reflection model could not make.</summary>
    public const string Failed = "failed";

    /// <summary>Gets or sets the record's number in the file, from 0 (the seed).</summary>
    public int Id { get; set; }

    /// <summary>Gets or sets the kind: <c>seed</c>, <c>mutation</c> or <c>merge</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Gets or sets the iteration (1-based; 0 for the seed).</summary>
    public int Iteration { get; set; }

    /// <summary>Gets or sets which of its iteration's proposals this is (its position in the sampling strategy's draw,
    /// from 0), or <see langword="null"/> when the run makes one proposal per iteration.</summary>
    public int? Proposal { get; set; }

    /// <summary>Gets or sets the decision: <c>accepted</c>, <c>rejected</c> or <c>failed</c>.</summary>
    public string Decision { get; set; } = "";

    /// <summary>Gets or sets why: the comparison that decided, or the failure.</summary>
    public string? Reason { get; set; }

    /// <summary>Gets or sets the parents' pool indices (one for a mutation, two for a merge, none for the seed).</summary>
    public List<int> Parents { get; set; } = [];

    /// <summary>Gets or sets the common ancestor of a merge's parents.</summary>
    public int? Ancestor { get; set; }

    /// <summary>Gets or sets the pool index the proposal got, when accepted.</summary>
    public int? CandidateIndex { get; set; }

    /// <summary>Gets or sets the components the proposal rewrote.</summary>
    public List<string> Components { get; set; } = [];

    /// <summary>Gets or sets the new texts of the rewritten components (every component for a merge), by name.</summary>
    public Dictionary<string, string> Texts { get; set; } = [];

    /// <summary>Gets or sets the training examples of the minibatch.</summary>
    public List<int>? Minibatch { get; set; }

    /// <summary>Gets or sets the parent's scores on the minibatch.</summary>
    public List<double>? ParentScores { get; set; }

    /// <summary>Gets or sets the proposal's scores on the minibatch, position by position; <see langword="null"/> at an
    /// example it was not scored on (a child the focused minibatch stopped early).</summary>
    public List<double?>? ChildScores { get; set; }

    /// <summary>Gets or sets the sum the proposal was compared against (the parent's minibatch sum, or for a merge the better
    /// parent's subsample sum).</summary>
    public double? ParentSum { get; set; }

    /// <summary>Gets or sets the proposal's own sum on the same examples.</summary>
    public double? ChildSum { get; set; }

    /// <summary>Gets or sets the mean validation score, when the proposal was accepted and validated.</summary>
    public double? ValScore { get; set; }

    /// <summary>Gets or sets the validation score per example index, when validated.</summary>
    public Dictionary<int, double>? ValScores { get; set; }

    /// <summary>Gets or sets the rollouts spent when the decision was made.</summary>
    public int Rollouts { get; set; }

    /// <summary>Gets or sets the reflective records shown to the reflection model, by component.</summary>
    public Dictionary<string, JsonElement>? ReflectiveRecords { get; set; }

    /// <summary>Gets or sets the reflection prompts, by component.</summary>
    public Dictionary<string, string>? Prompts { get; set; }

    /// <summary>Gets or sets the reflection model's raw replies, by component.</summary>
    public Dictionary<string, string>? RawReplies { get; set; }
}
