namespace Gepa.Orleans;

/// <summary>Permits a provider's quota grain granted, or how long to wait before asking again.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaLease
{
    /// <summary>Gets the permits granted (each is one call to the provider).</summary>
    [Id(0)] public int Permits { get; init; }

    /// <summary>Gets how long to wait before asking again when none were granted.</summary>
    [Id(1)] public TimeSpan RetryAfter { get; init; }
}
