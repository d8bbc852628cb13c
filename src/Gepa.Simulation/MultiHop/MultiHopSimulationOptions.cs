namespace Gepa.Simulation;

/// <summary>The parameters of the <em>simulated</em> multi-hop task and reflection models.</summary>
public sealed record MultiHopSimulationOptions
{
    /// <summary>Gets the seed of the reflection model's draws.</summary>
    public string Seed { get; init; } = MultiHopSimulationConstants.DefaultSeed;

    /// <summary>Gets the chance, per skill and reflection prompt, that the reflection model leaves out a skill whose
    /// phrase is in the prompt, in [0, 1].</summary>
    public double Forget { get; init; } = MultiHopSimulationConstants.DefaultForget;

    /// <summary>Gets the chance, per reflection prompt, that it adds one skill chosen at random, in [0, 1].</summary>
    public double Guess { get; init; } = MultiHopSimulationConstants.DefaultGuess;
}
