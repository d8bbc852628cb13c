using System.Text.Json.Serialization;

namespace Gepa;

/// <summary>The source-generated JSON context of the chat-prompt adapter's checkpoint data.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatPromptTraceData))]
[JsonSerializable(typeof(string))]
internal sealed partial class ChatPromptJsonContext : JsonSerializerContext;
