using Microsoft.DurableTask.Client;

namespace Nst.Functions.Api;

/// <summary>The local host's routes for the API, the page and <c>/healthz</c>: the same handlers the Functions app's HTTP triggers call.</summary>
public static class ApiEndpoints
{
    public static WebApplication MapNstApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        ApiGuard guard = app.Services.GetRequiredService<ApiGuard>();
        JobsApi api = app.Services.GetRequiredService<JobsApi>();
        HealthCheck health = app.Services.GetRequiredService<HealthCheck>();

        app.MapPost("/api/jobs", (HttpContext http, DurableTaskClient client) => guard.RunAsync(http, () => api.SubmitAsync(http, client)));
        app.MapGet("/api/jobs", (HttpContext http, DurableTaskClient client) => guard.RunAsync(http, () => JobsApi.ListAsync(http, client)));
        app.MapGet("/api/jobs/{id}", (HttpContext http, DurableTaskClient client, string id) => guard.RunAsync(http, () => JobsApi.GetAsync(http, client, id)));
        app.MapGet("/api/jobs/{id}/result", (HttpContext http, DurableTaskClient client, string id) => guard.RunAsync(http, () => api.ResultAsync(http, client, id)));
        app.MapGet("/api/jobs/{id}/preview", (HttpContext http, string id) => guard.RunAsync(http, () => api.PreviewAsync(http, id)));
        app.MapPost("/api/jobs/{id}/cancel", (HttpContext http, DurableTaskClient client, string id) => guard.RunAsync(http, () => JobsApi.CancelAsync(http, client, id)));
        app.MapGet("/api/options", (Delegate)((HttpContext http) => guard.RunAsync(http, () => Task.FromResult(api.Options()))));
        app.MapGet("/api/styles", (Delegate)((HttpContext http) => guard.RunAsync(http, () => api.StylesAsync(http))));
        app.Map("/api/{**rest}", (Delegate)((HttpContext http) => guard.RunAsync(http, () => Task.FromResult(JobsApi.NoSuchRoute()))));
        app.MapGet("/healthz", (HttpContext http, DurableTaskClient client) => health.CheckAsync(http, client));
        app.MapGet("/{file?}", (HttpContext http, string? file) => WebPage.Serve(http, file));
        return app;
    }
}
