using Microsoft.Extensions.AI;

namespace Gepa.Cli;

/// <summary>Receives the parts of a <see cref="GepaConfigRun"/> with the example type of its task.</summary>
/// <typeparam name="TResult">What the visitor makes of them.</typeparam>
public interface IGepaConfigRunVisitor<out TResult>
{
    /// <summary>Makes something of the run's parts.</summary>
    /// <typeparam name="TExample">The task's example type.</typeparam>
    /// <param name="trainset">The training examples.</param>
    /// <param name="valset">The validation examples.</param>
    /// <param name="adapter">The adapter the GEPA loop uses, over this process's task model (it serializes its outputs and
    /// traces when the task's adapter does: <see cref="IEvaluationSerializer"/>).</param>
    /// <param name="reflectionClient">The reflection model.</param>
    /// <param name="createOptions">Makes the engine settings (a fresh instance per call, with the task's own proposer
    /// when it has one).</param>
    /// <returns>What the visitor made.</returns>
    TResult Visit<TExample>(IReadOnlyList<TExample> trainset, IReadOnlyList<TExample> valset, IGepaAdapter<TExample> adapter, IChatClient reflectionClient, Func<GepaOptions> createOptions);
}
