namespace Gepa;

/// <summary>What a <see cref="GepaRunEvent"/> reports.</summary>
public enum GepaRunEventKind
{
    /// <summary>The run started (<see cref="OptimizationStartArgs"/>).</summary>
    OptimizationStarted,

    /// <summary>An iteration started (<see cref="IterationStartArgs"/>).</summary>
    IterationStarted,

    /// <summary>Rollouts were spent (<see cref="BudgetUpdatedArgs"/>).</summary>
    BudgetUpdated,

    /// <summary>A candidate was scored on the validation set (<see cref="ValsetEvaluatedArgs"/>).</summary>
    ValsetEvaluated,

    /// <summary>A new candidate joined the pool (<see cref="CandidateAcceptedArgs"/>).</summary>
    CandidateAccepted,

    /// <summary>A proposed child was not accepted (<see cref="CandidateRejectedArgs"/>).</summary>
    CandidateRejected,

    /// <summary>The reflection model could not make a proposal (<see cref="ProposalFailedArgs"/>).</summary>
    ProposalFailed,

    /// <summary>A merged candidate joined the pool (<see cref="MergeAcceptedArgs"/>).</summary>
    MergeAccepted,

    /// <summary>An iteration failed and the run went on (<see cref="ErrorArgs"/>).</summary>
    Error,

    /// <summary>An iteration ended (<see cref="IterationEndArgs"/>).</summary>
    IterationEnded,

    /// <summary>The engine finished (<see cref="OptimizationEndArgs"/>).</summary>
    OptimizationEnded,

    /// <summary>The last event of a stream: the run returned; <see cref="GepaRunEvent.Result"/> holds its result.</summary>
    Completed,
}
