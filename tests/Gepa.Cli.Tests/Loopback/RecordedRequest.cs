using System.Text.Json.Nodes;

namespace Gepa.Cli.Tests.Loopback;

/// <summary>A request the loopback server received; secret header values are replaced by "***".</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}
