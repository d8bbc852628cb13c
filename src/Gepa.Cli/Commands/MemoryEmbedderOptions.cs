using System.CommandLine;

namespace Gepa.Cli.Commands;

/// <summary>The options of a <c>gepa memory</c> subcommand that choose the embedder: <c>--embedder</c>,
/// <c>--embedder-url</c>, <c>--embedder-key-env</c> and <c>--config</c>.</summary>
/// <param name="Embedder"><c>--embedder</c>: <c>hashed</c> or <c>PROVIDER:MODEL</c>.</param>
/// <param name="Url"><c>--embedder-url</c>.</param>
/// <param name="KeyEnv"><c>--embedder-key-env</c>.</param>
/// <param name="Config"><c>--config</c>: a configuration file whose <c>embedding-model</c> and <c>memory.bank</c> are used.</param>
internal sealed record MemoryEmbedderOptions(Option<string?> Embedder, Option<string?> Url, Option<string?> KeyEnv, Option<string?> Config)
{
    /// <summary>Reads what was given.</summary>
    /// <param name="result">The parsed command line.</param>
    /// <returns>The values.</returns>
    public MemoryEmbedderChoice Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.GetValue(Embedder), result.GetValue(Url), result.GetValue(KeyEnv), result.GetValue(Config));
    }
}
