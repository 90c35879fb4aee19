using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Hosting;

public static class HostingServiceCollectionExtensions
{
    /// <summary>
    /// Registers host.json's settings and the custom-handler invoker; in local mode also the
    /// <see cref="LocalTriggerHost"/> (queue listeners and inbox scanner).
    /// </summary>
    public static IServiceCollection AddNstHosting(this IServiceCollection services, IConfiguration configuration, HostMode mode)
    {
        var local = configuration.GetSection(LocalHostOptions.SectionName).Get<LocalHostOptions>() ?? new LocalHostOptions();
        string hostJsonPath = local.HostJsonPath ?? Path.Combine(AppContext.BaseDirectory, HostJsonSettings.FileName);
        HostJsonSettings hostJson = HostJsonSettings.Load(hostJsonPath, configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(mode);
        services.AddSingleton(local);
        services.AddSingleton(hostJson);
        services.AddSingleton(sp => new CustomHandlerInvoker(
            sp.GetRequiredService<PipelineResources>().Queue, hostJson.Queues, sp.GetRequiredService<ILogger<CustomHandlerInvoker>>()));
        if (!mode.IsCustomHandler)
        {
            services.AddHostedService<LocalTriggerHost>();
        }

        return services;
    }
}
