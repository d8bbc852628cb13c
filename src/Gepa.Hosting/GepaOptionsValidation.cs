using Microsoft.Extensions.Options;

namespace Gepa;

/// <summary>Validates <see cref="GepaOptions"/> bound from configuration with <see cref="GepaOptionsValidator.ValidateSettings"/>,
/// so a host refuses bad settings at start (with <c>ValidateOnStart</c>) rather than at its first run. The checks that
/// need the data (the minibatch size against the trainset, the budget against the valset) run when a run starts.</summary>
public sealed class GepaOptionsValidation : IValidateOptions<GepaOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, GepaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            GepaOptionsValidator.ValidateSettings(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"Gepa options{(string.IsNullOrEmpty(name) ? "" : $" '{name}'")}: {e.Message}");
        }
    }
}
