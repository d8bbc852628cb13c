namespace Gepa;

/// <summary>A dataset divided into training, validation and test examples.</summary>
public sealed class DatasetSplits
{
    /// <summary>Initializes new splits.</summary>
    /// <param name="train">The training examples (drive reflection).</param>
    /// <param name="validation">The validation examples (drive candidate selection); may be empty.</param>
    /// <param name="test">The held-out test examples (only for the final report); may be empty.</param>
    public DatasetSplits(IReadOnlyList<ChatExample> train, IReadOnlyList<ChatExample> validation, IReadOnlyList<ChatExample> test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(test);
        Train = train;
        Validation = validation;
        Test = test;
    }

    /// <summary>Gets the training examples.</summary>
    public IReadOnlyList<ChatExample> Train { get; }

    /// <summary>Gets the validation examples; empty when there are none.</summary>
    public IReadOnlyList<ChatExample> Validation { get; }

    /// <summary>Gets the test examples; empty when there are none.</summary>
    public IReadOnlyList<ChatExample> Test { get; }
}
