namespace Gepa.Simulation;

/// <summary>Defaults and names of the <em>simulated</em> multi-hop world.</summary>
public static class MultiHopSimulationConstants
{
    /// <summary>The default seed of the reflection model's draws.</summary>
    public const string DefaultSeed = "multihop-sim-v1";

    /// <summary>The default chance to forget a skill: 0.25.</summary>
    public const double DefaultForget = 0.25;

    /// <summary>The default chance to guess a skill: 0.1.</summary>
    public const double DefaultGuess = 0.1;

    /// <summary>The model id of the simulated task model.</summary>
    public const string TaskModelId = "multihop-task-sim";

    /// <summary>The model id of the simulated reflection model.</summary>
    public const string ReflectionModelId = "multihop-reflect-sim";

    /// <summary>The label every user-facing report of a run with this world carries.</summary>
    public const string SimulationNotice = "SIMULATION: the multi-hop task and reflection models are a deterministic simulation (src/Gepa.Simulation/MultiHop/README.md); retrieval is real BM25. Scores measure the search, not a language model.";
}
