using Microsoft.Extensions.AI;

namespace Gepa.Simulation;

/// <summary>What the two simulated chat clients (and the HTTP server) share: responses, updates and usage estimates.</summary>
internal static class RuleWorldChat
{
    /// <summary>An honest token estimate for simulated text: one token per four UTF-16 characters, rounded up.</summary>
    internal static long EstimateTokens(long characters) => (characters + 3) / 4;

    internal static UsageDetails EstimateUsage(IEnumerable<ChatMessage> messages, string reply)
    {
        var input = EstimateTokens(messages.Sum(m => (long)m.Text.Length));
        var output = EstimateTokens(reply.Length);
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    internal static ChatResponse CreateResponse(string reply, string modelId, UsageDetails usage) =>
        new(new ChatMessage(ChatRole.Assistant, reply))
        {
            FinishReason = ChatFinishReason.Stop,
            ModelId = modelId,
            Usage = usage,
        };

    /// <summary>The whole reply as one streaming update, carrying the usage too.</summary>
    internal static IAsyncEnumerable<ChatResponseUpdate> ToSingleUpdate(ChatResponse response)
    {
        var message = response.Messages[0];
        List<AIContent> contents = [.. message.Contents];
        if (response.Usage is not null)
        {
            contents.Add(new UsageContent(response.Usage));
        }

        var update = new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            FinishReason = response.FinishReason,
            ModelId = response.ModelId,
        };
        return new[] { update }.ToAsyncEnumerable();
    }

    internal static object? GetService(IChatClient client, ChatClientMetadata metadata, RuleWorld world, Type serviceType, object? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return metadata;
        }

        if (serviceType == typeof(RuleWorld))
        {
            return world;
        }

        return serviceType.IsInstanceOfType(client) ? client : null;
    }
}
