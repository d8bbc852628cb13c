using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime;

namespace Gepa.Orleans;

/// <summary>Adds GEPA's roles to an Orleans silo.</summary>
public static class GepaSiloBuilderExtensions
{
    /// <summary>Makes the silo a rollout worker serving the functions <paramref name="configure"/> registers. API keys
    /// the functions need come from this silo's own environment.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Registers functions and sets the silo's gate.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddGepaWorker(this ISiloBuilder builder, Action<GepaWorkerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new GepaWorkerOptions();
        configure(options);
        options.Validate();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new GepaWorker(sp.GetRequiredService<GepaWorkerOptions>(), sp.GetRequiredService<ILocalSiloDetails>().Name, sp));
        builder.Services.AddSingleton(sp => new ClusterRateLimiter(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<GepaWorkerOptions>()));
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Makes the silo a coordinator that can host run grains for the definitions <paramref name="configure"/>
    /// registers. The silo also needs a grain storage named <see cref="GepaClusterConstants.StorageName"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Registers run definitions.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddGepaCoordinator(this ISiloBuilder builder, Action<GepaCoordinatorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new GepaCoordinatorOptions();
        configure(options);
        builder.Services.AddSingleton(options);
        return builder;
    }
}
