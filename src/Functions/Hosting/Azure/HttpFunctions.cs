using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Nst.Functions.Api;

namespace Nst.Functions.Hosting.Azure;

/// <summary>
/// The HTTP API, the page and <c>/healthz</c> as HTTP triggers with ASP.NET Core integration: the same handlers and
/// guard as the local host's endpoints, so the two cannot drift. Anonymous at the Functions level: the API key is
/// <see cref="ApiGuard"/>'s (host.json's routePrefix is empty, so routes are the local host's).
/// </summary>
public sealed class HttpFunctions(ApiGuard guard, JobsApi api, HealthCheck health)
{
    [Function("SubmitJob")]
    public Task<IActionResult> SubmitJob([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/jobs")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync(request, () => api.SubmitAsync(request.HttpContext, client));

    [Function("ListJobs")]
    public Task<IActionResult> ListJobs([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/jobs")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        RunAsync(request, () => JobsApi.ListAsync(request.HttpContext, client));

    [Function("GetJob")]
    public Task<IActionResult> GetJob([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/jobs/{id}")] HttpRequest request, [DurableClient] DurableTaskClient client, string id) =>
        RunAsync(request, () => JobsApi.GetAsync(request.HttpContext, client, id));

    [Function("GetJobResult")]
    public Task<IActionResult> GetJobResult([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/jobs/{id}/result")] HttpRequest request, [DurableClient] DurableTaskClient client, string id) =>
        RunAsync(request, () => api.ResultAsync(request.HttpContext, client, id));

    [Function("GetJobPreview")]
    public Task<IActionResult> GetJobPreview([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/jobs/{id}/preview")] HttpRequest request, string id) =>
        RunAsync(request, () => api.PreviewAsync(request.HttpContext, id));

    [Function("CancelJob")]
    public Task<IActionResult> CancelJob([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/jobs/{id}/cancel")] HttpRequest request, [DurableClient] DurableTaskClient client, string id) =>
        RunAsync(request, () => JobsApi.CancelAsync(request.HttpContext, client, id));

    [Function("ListOptions")]
    public Task<IActionResult> ListOptions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/options")] HttpRequest request) =>
        RunAsync(request, () => Task.FromResult(api.Options()));

    [Function("ListStyles")]
    public Task<IActionResult> ListStyles([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/styles")] HttpRequest request) =>
        RunAsync(request, () => api.StylesAsync(request.HttpContext));

    [Function("ApiNotFound")]
    public Task<IActionResult> ApiNotFound([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", "patch", Route = "api/{*rest}")] HttpRequest request) =>
        RunAsync(request, () => Task.FromResult(JobsApi.NoSuchRoute()));

    [Function("Health")]
    public async Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new HttpResultAction(await health.CheckAsync(request.HttpContext, client).ConfigureAwait(false));
    }

    [Function("Page")]
    public static IActionResult Page([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{file?}")] HttpRequest request, string? file)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new HttpResultAction(WebPage.Serve(request.HttpContext, file));
    }

    private async Task<IActionResult> RunAsync(HttpRequest request, Func<Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new HttpResultAction(await guard.RunAsync(request.HttpContext, handler).ConfigureAwait(false));
    }

    /// <summary>A minimal-API result answered through MVC's action-result pipeline, which the Functions integration speaks.</summary>
    private sealed class HttpResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
