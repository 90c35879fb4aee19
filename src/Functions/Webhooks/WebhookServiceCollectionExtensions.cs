using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Nst.Functions.Pipeline;

namespace Nst.Functions.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>Registers <see cref="DeliverWebhook"/> as an <see cref="IQueueFunction"/>, with its sender and options from <c>Nst:Webhook</c>.</summary>
    public static IServiceCollection AddNstWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        IConfigurationSection section = configuration.GetSection(NstSettings.SectionName).GetSection("Webhook");
        var settings = section.Get<WebhookSettings>() ?? new WebhookSettings();
        var options = section.Get<WebhookDeliveryOptions>() ?? new WebhookDeliveryOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(_ => new WebhookSender(settings, options));
        services.AddSingleton<IQueueFunction>(sp => new DeliverWebhook(
            sp.GetRequiredService<WebhookSender>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DeliverWebhook>>()));
        return services;
    }
}
