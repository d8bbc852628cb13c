using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gepa;

/// <summary>Adds Gepa to a .NET host: <c>builder.Services.AddGepa(builder.Configuration.GetSection("Gepa"))</c>.</summary>
public static class GepaServiceCollectionExtensions
{
    /// <summary>Adds Gepa with <see cref="GepaOptions"/> bound from a configuration section (keys are the option names,
    /// for example <c>"Gepa": { "MaxMetricCalls": 500, "MinibatchSize": 3 }</c>), validated when the host starts.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The options builder, to chain further configuration or validation.</returns>
    public static OptionsBuilder<GepaOptions> AddGepa(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddGepa().Bind(configuration);
    }

    /// <summary>Adds Gepa with <see cref="GepaOptions"/> set in code, validated when the host starts.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> keeps the defaults (then set a budget elsewhere).</param>
    /// <returns>The options builder, to chain further configuration or validation.</returns>
    public static OptionsBuilder<GepaOptions> AddGepa(this IServiceCollection services, Action<GepaOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GepaOptions>, GepaOptionsValidation>());
        services.TryAddSingleton<GepaOptimizerFactory>();
        var builder = services.AddOptions<GepaOptions>().ValidateOnStart();
        return configure is null ? builder : builder.Configure(configure);
    }
}
