namespace Gepa.Cli.Benchmarks;

/// <summary>One run to make: a configuration at one budget with one engine seed.</summary>
/// <param name="Config">The configuration file as the user named it.</param>
/// <param name="Name">The configuration's name in reports.</param>
/// <param name="Budget">The rollout budget.</param>
/// <param name="Seed">The engine seed.</param>
/// <param name="Sweep">The sweep's <c>key=value</c> override for this variant, or <see langword="null"/>.</param>
internal sealed record BenchmarkJob(string Config, string Name, int Budget, int Seed, string? Sweep = null);
