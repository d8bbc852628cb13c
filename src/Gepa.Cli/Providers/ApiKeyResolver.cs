using Gepa.Cli.Configuration;

namespace Gepa.Cli.Providers;

/// <summary>Reads API keys from the environment variables a configuration names, and only from there.</summary>
/// <param name="environment">Reads an environment variable; tests pass a dictionary.</param>
internal sealed class ApiKeyResolver(Func<string, string?> environment)
{
    /// <summary>Gets the key of <paramref name="model"/>, or <see langword="null"/> when its provider needs none.</summary>
    /// <param name="model">The model settings.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ProviderException">The variable is not set or empty; the message names it and the role.</exception>
    public string? Resolve(ModelConfig model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.ApiKeyEnv is null)
        {
            return null;
        }

        var value = environment(model.ApiKeyEnv);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ProviderException(
                $"{(model.Location is null ? "" : model.Location + ": ")}{model.Section}.api-key-env: the environment variable {model.ApiKeyEnv} is not set; it must hold the API key of the {model.Role} model ({model.Provider}). Set it, or name another variable with api-key-env.");
        }

        return value.Trim();
    }
}
