using System.Globalization;

namespace Gepa.Orleans;

/// <summary>The text form of a logical rollout key: the ledger's primary key.</summary>
public static class RolloutKeyText
{
    /// <summary>Formats a key: run, iteration, stage, candidate hash, split, example and repeat, separated by <c>|</c>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Its text.</returns>
    public static string Of(RolloutKey key) => string.Create(CultureInfo.InvariantCulture,
        $"{key.RunId}|{key.Iteration}|{key.Stage}|{key.CandidateHash}|{key.Split}|{key.ExampleId}|{key.Repeat}");
}
