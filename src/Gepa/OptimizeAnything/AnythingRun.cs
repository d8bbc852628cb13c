using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Everything an engine needs for one run: the server (budget), the seed, the examples and the models.</summary>
internal sealed record AnythingRun(
    EvaluationServer Server,
    Candidate Seed,
    IReadOnlyList<AnythingItem> Train,
    IReadOnlyList<AnythingItem>? Val,
    bool SingleTask,
    OptimizeAnythingOptions Options,
    IChatClient ReflectionModel,
    ReflectionImages Images);
