using System.Text.Json.Nodes;

namespace Gepa.Cli.Configuration;

/// <summary>A component chosen by name with free-form parameters (the <c>adapter</c> and <c>metric</c> sections).</summary>
/// <param name="Name">The component name.</param>
/// <param name="Parameters">Its parameters, as JSON.</param>
internal sealed record NamedSettings(string Name, JsonObject Parameters);
