namespace Gepa.Cli.Commands;

/// <summary>The embedder a <c>gepa memory</c> subcommand was asked for, as given on the command line.</summary>
/// <param name="Embedder"><c>--embedder</c>, or <see langword="null"/>.</param>
/// <param name="Url"><c>--embedder-url</c>, or <see langword="null"/>.</param>
/// <param name="KeyEnv"><c>--embedder-key-env</c>, or <see langword="null"/>.</param>
/// <param name="Config"><c>--config</c>, or <see langword="null"/>.</param>
internal sealed record MemoryEmbedderChoice(string? Embedder, string? Url, string? KeyEnv, string? Config);
