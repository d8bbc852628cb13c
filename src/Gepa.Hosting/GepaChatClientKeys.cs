namespace Gepa;

/// <summary>The service keys under which <see cref="GepaServiceCollectionExtensions.AddGepa(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>
/// looks up each model role's <see cref="Microsoft.Extensions.AI.IChatClient"/>: register yours with
/// <c>services.AddKeyedChatClient(GepaChatClientKeys.Task, client)</c> (Microsoft.Extensions.AI) or
/// <c>services.AddKeyedSingleton&lt;IChatClient&gt;(GepaChatClientKeys.Task, client)</c>.</summary>
public static class GepaChatClientKeys
{
    /// <summary>The model the optimized system calls (the chat-prompt adapter's task model).</summary>
    public const string Task = "gepa:task";

    /// <summary>The model that reads the feedback and proposes new texts. Required.</summary>
    public const string Reflection = "gepa:reflection";

    /// <summary>The model an LLM-judge metric asks for a score; optional.</summary>
    public const string Judge = "gepa:judge";
}
