namespace Gepa;

/// <summary>Wraps an adapter so that the reflection model sees less than the adapter reports (see
/// <see cref="ReflectionSignal"/>); evaluations and scores are untouched, so the optimization loop is the same.</summary>
public static class ReflectionSignalAdapter
{
    /// <summary>The record key that holds each example's input; records are reduced to it (and to a score).</summary>
    public const string InputsKey = "Inputs";

    /// <summary>The record key under which <see cref="ReflectionSignal.ScoresOnly"/> shows each example's score.</summary>
    public const string ScoreKey = "Score";

    /// <summary>Wraps <paramref name="inner"/> to show the reflection model only <paramref name="signal"/>.</summary>
    /// <typeparam name="TExample">The example type.</typeparam>
    /// <param name="inner">The adapter that evaluates and builds the full reflective records.</param>
    /// <param name="signal">What the reflection model may see.</param>
    /// <returns><paramref name="inner"/> itself for <see cref="ReflectionSignal.Feedback"/>; otherwise a wrapper, which
    /// also serializes outputs as <paramref name="inner"/> does when it is an <see cref="IEvaluationSerializer"/>.</returns>
    public static IGepaAdapter<TExample> Wrap<TExample>(IGepaAdapter<TExample> inner, ReflectionSignal signal)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!Enum.IsDefined(signal))
        {
            throw new ArgumentOutOfRangeException(nameof(signal), signal, "Unknown reflection signal.");
        }

        return signal switch
        {
            ReflectionSignal.Feedback => inner,
            _ when inner is IEvaluationSerializer serializer => new SerializingReflectionSignalAdapter<TExample>(inner, serializer, signal),
            _ => new ReflectionSignalAdapter<TExample>(inner, signal),
        };
    }
}
