namespace Gepa.Orleans;

/// <summary>A provider's cluster-wide limit, as the worker silos are configured with it.</summary>
/// <param name="RatePerSecond">Calls per second across the whole cluster (more than 0).</param>
/// <param name="Burst">Calls that may go at once after a quiet period (at least 1).</param>
public sealed record ProviderLimit(double RatePerSecond, int Burst);
