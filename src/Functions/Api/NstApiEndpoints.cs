using Microsoft.Extensions.Options;
using Nst.Functions.Jobs;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Api;

/// <summary>
/// The HTTP API (<c>/api/…</c>, thin handlers over <see cref="JobService"/>) and the page (<c>/</c> and its static
/// files). Every /api route answers errors as <c>{"error": {"code", "message"}}</c> and, when <c>Nst:ApiKey</c> is
/// set, requires the key; the page stays public and asks for the key itself.
/// </summary>
public static class NstApiEndpoints
{
    public static WebApplication MapNstApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limits = ApiLimits.From(app.Configuration);
        WebPage.Use(app);

        var api = app.MapGroup("/api")
            .AddEndpointFilter(new ApiExceptionFilter(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Nst.Functions.Api"), limits))
            .AddEndpointFilter(new ApiKeyFilter(app.Services.GetRequiredService<IOptionsMonitor<NstSettings>>()));

        api.MapPost("/jobs", (HttpContext http, JobService jobs) => SubmitAsync(http, jobs, limits));
        api.MapGet("/jobs", ListAsync);
        api.MapGet("/jobs/{id}", GetAsync);
        api.MapGet("/jobs/{id}/result", ResultAsync);
        api.MapGet("/jobs/{id}/preview", PreviewAsync);
        api.MapPost("/jobs/{id}/cancel", CancelAsync);
        api.MapGet("/styles", async (PipelineResources resources, CancellationToken ct) =>
            Results.Json(new { styles = await StyleCatalog.ListAsync(resources, ct) }));
        // Anything else under /api is a JSON 404 too, not the HTML of a missing page.
        api.Map("/{**rest}", () => NotFound("There is no such API route."));
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, JobService jobs, ApiLimits limits)
    {
        JobSubmission submission = await JobFormReader.ReadAsync(http.Request, limits, http.RequestAborted);
        JobRecord job = await jobs.SubmitAsync(submission, http.RequestAborted);
        http.Response.Headers.Location = JobPath(job.Id);
        return Job(job, StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAsync(JobService jobs, int? limit, CancellationToken ct)
    {
        int n = Math.Clamp(limit ?? ApiLimits.DefaultListLimit, 1, ApiLimits.MaxListLimit);
        IReadOnlyList<JobRecord> recent = await jobs.ListRecentAsync(n, ct);
        return Results.Json(new { jobs = recent }, JobJson.Options);
    }

    private static async Task<IResult> GetAsync(string id, JobService jobs, CancellationToken ct) =>
        await FindAsync(id, jobs, ct) is { } job ? Job(job) : NoSuchJob(id);

    private static async Task<IResult> ResultAsync(string id, JobService jobs, CancellationToken ct)
    {
        JobRecord? job = await FindAsync(id, jobs, ct);
        if (job is null) return NoSuchJob(id);
        if (job.Status is JobStatus.Failed or JobStatus.Cancelled)
        {
            string why = job.Error is { } e ? $": {e.Message}" : ".";
            return ApiError.Result(StatusCodes.Status409Conflict, ApiErrorCodes.JobNotSucceeded, $"Job {id} is {Lower(job.Status)} and has no result{why}");
        }

        BlobDownload? download = await jobs.OpenResultAsync(id, ct);
        if (download is null)
        {
            return NotFound($"Job {id} has no result yet (it is {Lower(job.Status)}).", ApiErrorCodes.NoResult);
        }

        string contentType = ImageFiles.FormatOf(job.Output ?? "") switch
        {
            Engine.Imaging.ImageFormat.Jpeg => "image/jpeg",
            Engine.Imaging.ImageFormat.Png => "image/png",
            Engine.Imaging.ImageFormat.WebP => "image/webp",
            _ => download.Properties.ContentType ?? "application/octet-stream",
        };
        return Results.Stream(download.Content, contentType);
    }

    private static async Task<IResult> PreviewAsync(string id, JobService jobs, HttpContext http)
    {
        BlobDownload? download = JobId.IsValid(id) ? await jobs.OpenPreviewAsync(id, http.RequestAborted) : null;
        if (download is null)
        {
            return NotFound($"Job {id} has no preview (no such job, or no chunk has committed yet).", ApiErrorCodes.NoResult);
        }

        // Overwritten after every chunk under the same name: never let a cache keep an old one.
        http.Response.Headers.CacheControl = "no-store";
        return Results.Stream(download.Content, "image/jpeg");
    }

    private static async Task<IResult> CancelAsync(string id, JobService jobs, CancellationToken ct) =>
        (JobId.IsValid(id) ? await jobs.RequestCancelAsync(id, ct) : null) is { } job ? Job(job, StatusCodes.Status202Accepted) : NoSuchJob(id);

    private static async Task<JobRecord?> FindAsync(string id, JobService jobs, CancellationToken ct) =>
        JobId.IsValid(id) ? await jobs.GetAsync(id, ct) : null;

    private static IResult Job(JobRecord job, int status = StatusCodes.Status200OK) =>
        Results.Json(job, JobJson.Options, statusCode: status);

    private static string JobPath(string id) => $"/api/jobs/{id}";

    private static IResult NoSuchJob(string id) => NotFound($"There is no job '{id}'.");

    private static IResult NotFound(string message, string code = ApiErrorCodes.NotFound) =>
        ApiError.Result(StatusCodes.Status404NotFound, code, message);

    private static string Lower(JobStatus status) => status.ToString().ToLowerInvariant();
}
