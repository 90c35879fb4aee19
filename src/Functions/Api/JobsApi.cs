using System.Globalization;
using Azure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Nst.Engine.Session.Options;
using Nst.Functions.Jobs;
using Nst.Functions.Orchestration;
using Nst.Functions.Pipeline;
using Nst.Functions.Storage;

namespace Nst.Functions.Api;

/// <summary>
/// The HTTP API's handlers, the same for both hosts (the local host maps them as endpoints, the Functions app as HTTP
/// triggers): submit, list, status, result, preview, cancel and the style library. Each takes the request and the
/// durable client the host has; <see cref="ApiGuard"/> wraps them all.
/// </summary>
public sealed class JobsApi(JobSubmitter submitter, PipelineStorage storage, IOptionsMonitor<NstSettings> settings)
{
    public static string JobPath(string id) => $"/api/jobs/{id}";

    public async Task<IResult> SubmitAsync(HttpContext http, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(http);
        JobSubmission submission = await JobFormReader.ReadAsync(http.Request, settings.CurrentValue.MaxUploadBytes, http.RequestAborted).ConfigureAwait(false);
        JobView job = await submitter.SubmitAsync(submission, client, http.RequestAborted).ConfigureAwait(false);
        http.Response.Headers.Location = JobPath(job.Id);
        return Json(job, StatusCodes.Status202Accepted);
    }

    /// <summary><c>GET /api/jobs?limit=20&amp;page=TOKEN</c>: newest first; <c>next</c> is the token of the following page, or null.</summary>
    public static async Task<IResult> ListAsync(HttpContext http, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(http);
        int limit = ApiLimits.DefaultListLimit;
        if (http.Request.Query["limit"].FirstOrDefault() is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > ApiLimits.MaxListLimit))
        {
            return ApiError.Result(StatusCodes.Status400BadRequest, ApiErrorCodes.BadRequest, $"limit must be a whole number from 1 to {ApiLimits.MaxListLimit}, got '{Quote.Short(text)}'.");
        }

        string? page = http.Request.Query["page"].FirstOrDefault();
        if (page is { Length: > 4096 })
        {
            return ApiError.Result(StatusCodes.Status400BadRequest, ApiErrorCodes.BadRequest, "page is not a page token of this API.");
        }

        var (jobs, next) = await JobQueries.ListAsync(client, limit, string.IsNullOrEmpty(page) ? null : page, http.RequestAborted).ConfigureAwait(false);
        return Results.Json(new { jobs, next }, JobJson.Options);
    }

    public static async Task<IResult> GetAsync(HttpContext http, DurableTaskClient client, string id) =>
        await JobQueries.GetAsync(client, id, http.RequestAborted).ConfigureAwait(false) is { } job ? Json(job) : NoSuchJob(id);

    public async Task<IResult> ResultAsync(HttpContext http, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        JobView? job = await JobQueries.GetAsync(client, id, http.RequestAborted).ConfigureAwait(false);
        if (job is null) return NoSuchJob(id);
        if (job.Status is "failed" or "cancelled")
        {
            string why = job.Error is { } e ? $": {e.Message}" : ".";
            return ApiError.Result(StatusCodes.Status409Conflict, ApiErrorCodes.JobNotSucceeded, $"Job {id} is {job.Status} and has no result{why}");
        }

        if (job.Status != "succeeded" || job.Output is null)
        {
            return ApiError.Result(StatusCodes.Status404NotFound, ApiErrorCodes.NoResult, $"Job {id} has no result yet (it is {job.Status}).");
        }

        return await StreamAsync(http, BlobPath.Parse(job.Output), ImageFiles.FormatOf(job.Output) is { } f ? ImageFiles.ContentType(f) : "application/octet-stream", $"Job {id}'s result is missing from the outbox.").ConfigureAwait(false);
    }

    public async Task<IResult> PreviewAsync(HttpContext http, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!JobId.IsValid(id))
        {
            return NoSuchJob(id);
        }

        // Replaced after every chunk under the same name: never let a cache keep an old one.
        http.Response.Headers.CacheControl = "no-store";
        return await StreamAsync(http, new BlobPath(PipelineNames.JobsContainer, JobPaths.Preview(id)), "image/jpeg",
            $"Job {id} has no preview (no such job, or no chunk has run yet).").ConfigureAwait(false);
    }

    public static async Task<IResult> CancelAsync(HttpContext http, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(client);
        JobView? job = await JobQueries.GetAsync(client, id, http.RequestAborted).ConfigureAwait(false);
        if (job is null) return NoSuchJob(id);
        if (job.Status is "succeeded" or "failed" or "cancelled" or JobView.Unreadable)
        {
            return Json(job);
        }

        await client.RaiseEventAsync(id, TaskNames.CancelEvent, eventPayload: null, http.RequestAborted).ConfigureAwait(false);
        return Json(job with { CancelRequested = true }, StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// <c>GET /api/options</c>: every job option as the engine's catalog describes it — name, type, default (the
    /// pipeline's), allowed values, bounds under this deployment's limits, help — from which the page builds its form.
    /// </summary>
    public IResult Options() => Results.Json(new
    {
        options = OptionCatalog.Metadata(JobOptions.PipelineDefaults, settings.CurrentValue.Limits()),
        limits = new { maxPixels = settings.CurrentValue.MaxPixels, maxUploadBytes = settings.CurrentValue.MaxUploadBytes, maxStyles = ApiLimits.MaxStyles },
    }, JobJson.Options);

    public async Task<IResult> StylesAsync(HttpContext http) =>
        Results.Json(new { styles = await StyleCatalog.ListAsync(storage, http.RequestAborted).ConfigureAwait(false) });

    /// <summary>Anything else under /api is a JSON 404, not the HTML of a missing page.</summary>
    public static IResult NoSuchRoute() => ApiError.Result(StatusCodes.Status404NotFound, ApiErrorCodes.NotFound, "There is no such API route.");

    private async Task<IResult> StreamAsync(HttpContext http, BlobPath path, string contentType, string missing)
    {
        try
        {
            var download = await storage.Blob(path).DownloadStreamingAsync(cancellationToken: http.RequestAborted).ConfigureAwait(false);
            return Results.Stream(download.Value.Content, contentType);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return ApiError.Result(StatusCodes.Status404NotFound, ApiErrorCodes.NoResult, missing);
        }
    }

    private static IResult Json(JobView job, int status = StatusCodes.Status200OK) => Results.Json(job, JobJson.Options, statusCode: status);

    private static IResult NoSuchJob(string id) => ApiError.Result(StatusCodes.Status404NotFound, ApiErrorCodes.NotFound, $"There is no job '{Quote.Short(id)}'.");
}
