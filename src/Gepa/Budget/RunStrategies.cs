namespace Gepa;

/// <summary>The strategies one run uses, as a policy preset chose them.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
/// <param name="Mutation">The reflective mutation step.</param>
/// <param name="Merge">The merge step.</param>
/// <param name="Validation">How accepted candidates are validated.</param>
/// <param name="Slices">Every part that writes a slice of the checkpoint.</param>
internal sealed record RunStrategies<TExample>(
    ReflectiveMutationProposer<TExample> Mutation,
    MergeStep<TExample> Merge,
    RunValidation<TExample> Validation,
    IReadOnlyList<ICheckpointSlice> Slices);
